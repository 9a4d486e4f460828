/**
 * RFC 7523 client assertions (`private_key_jwt`, OpenID Connect Core §9): a JWT
 * with iss = sub = client_id, aud = the token endpoint, a short `exp` and a
 * unique `jti`, signed with the client's private key by jose — loaded on first
 * use, so a client that does not use private_key_jwt never loads it.
 */
import type { Clock } from '../resilience/types.js';
import { AuthError } from './auth-error.js';
import type { PrivateKeyJwtAuth } from './oauth2-options.js';

type Jose = typeof import('jose');

/** The `client_assertion_type` of RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Signs one fresh assertion per call, for the token endpoint `audience`. */
export type AssertionSigner = (audience: string) => Promise<string>;

export function assertionSigner(auth: PrivateKeyJwtAuth, clientId: string, clock: Clock): AssertionSigner {
  const jwk = typeof auth.privateKey === 'object' && !isCryptoKey(auth.privateKey) ? auth.privateKey : undefined;
  const algorithm = auth.algorithm ?? (typeof jwk?.alg === 'string' ? jwk.alg : 'RS256');
  let setup: Promise<{ jose: Jose; key: CryptoKey | Uint8Array }> | undefined;
  const load = async (): Promise<{ jose: Jose; key: CryptoKey | Uint8Array }> => {
    let jose: Jose;
    try {
      // a computed specifier: bundlers must not pull jose into every app that might use OAuth2
      const specifier = 'jose';
      jose = (await import(/* @vite-ignore */ specifier)) as Jose;
    } catch (cause) {
      throw new AuthError('private_key_jwt needs jose: npm install jose', { cause });
    }
    const { privateKey } = auth;
    try {
      if (typeof privateKey === 'string') return { jose, key: await jose.importPKCS8(privateKey, algorithm) };
      if (isCryptoKey(privateKey)) return { jose, key: privateKey };
      return { jose, key: await jose.importJWK(privateKey as import('jose').JWK, algorithm) };
    } catch (cause) {
      throw new AuthError(`private_key_jwt: the private key cannot be used with ${algorithm}`, { cause });
    }
  };
  return async (audience) => {
    setup ??= load();
    setup.catch(() => (setup = undefined));
    const { jose, key } = await setup;
    const now = Math.floor(clock.now() / 1000);
    try {
      return await new jose.SignJWT({})
        .setProtectedHeader({ alg: algorithm, typ: 'JWT', ...(auth.keyId === undefined ? {} : { kid: auth.keyId }) })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + (auth.lifetime ?? 60))
        .setJti(globalThis.crypto.randomUUID())
        .sign(key);
    } catch (cause) {
      throw new AuthError(`private_key_jwt: signing the client assertion with ${algorithm} failed`, { cause });
    }
  };
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof CryptoKey !== 'undefined' && key instanceof CryptoKey;
}
