import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import { ServerSetupError } from './errors.js';
import type { JwtConfig } from './security-config.js';

export type JwtOutcome = { ok: true; claims: Record<string, unknown> } | { ok: false; message: string };
export type JwtVerifier = (token: string) => Promise<JwtOutcome>;

type Jose = typeof import('jose');
type Key = Parameters<Jose['jwtVerify']>[1];
/** What kind of key an `alg` needs: an HMAC secret, or a public key of a family. */
type KeyKind = 'secret' | 'rsa' | 'rsa-pss' | 'ec' | 'okp';

function isJwk(key: unknown): key is JsonWebKey {
  return typeof key === 'object' && key !== null && typeof (key as { kty?: unknown }).kty === 'string';
}

/** The key kinds each JWS algorithm accepts (RFC 7518, RFC 8037): an unknown `alg` accepts none. */
function kindsFor(alg: string): KeyKind[] {
  if (/^HS(256|384|512)$/.test(alg)) return ['secret'];
  if (/^RS(256|384|512)$/.test(alg)) return ['rsa'];
  if (/^PS(256|384|512)$/.test(alg)) return ['rsa', 'rsa-pss'];
  if (/^ES(256|384|512)$/.test(alg)) return ['ec'];
  if (alg === 'EdDSA' || alg === 'Ed25519') return ['okp'];
  return [];
}

const KIND_NAMES: Record<KeyKind, string> = { secret: 'an HMAC secret (Uint8Array)', rsa: 'an RSA public key', 'rsa-pss': 'an RSA-PSS public key', ec: 'an EC public key', okp: 'an Ed25519/Ed448 public key' };

/** The kind of a key, or a reason it cannot verify (a private key, an unknown type). */
function kindOf(key: KeyObject | CryptoKey | JsonWebKey | Uint8Array): KeyKind | { refused: string } {
  if (key instanceof Uint8Array) return 'secret';
  if (key instanceof KeyObject) {
    if (key.type === 'secret') return 'secret';
    if (key.type === 'private') return { refused: 'is a private key: give the public key (verification never needs the private one)' };
    const t = key.asymmetricKeyType;
    return t === 'rsa' || t === 'rsa-pss' || t === 'ec' ? t : t === 'ed25519' || t === 'ed448' ? 'okp' : { refused: `is a ${t ?? 'unknown'} key, which JWT algorithms do not use` };
  }
  if (isJwk(key)) {
    if (key.kty === 'oct') return 'secret';
    if (typeof (key as { d?: unknown }).d === 'string') return { refused: 'is a private JWK (it has "d"): give the public key' };
    return key.kty === 'RSA' ? 'rsa' : key.kty === 'EC' ? 'ec' : key.kty === 'OKP' ? 'okp' : { refused: `is a JWK of kty ${String(key.kty)}` };
  }
  const crypto = key as CryptoKey;
  if (crypto.type === 'secret') return 'secret';
  if (crypto.type === 'private') return { refused: 'is a private key: give the public key (verification never needs the private one)' };
  const name = crypto.algorithm?.name;
  return name === 'RSASSA-PKCS1-v1_5' ? 'rsa' : name === 'RSA-PSS' ? 'rsa-pss' : name === 'ECDSA' ? 'ec' : name === 'Ed25519' || name === 'Ed448' ? 'okp' : { refused: `is a ${String(name)} CryptoKey` };
}

/**
 * A string key must be PEM: an SPKI public key (`BEGIN PUBLIC KEY`), a PKCS#1 RSA public key or an
 * X.509 certificate. A plain string is refused: as an HMAC secret it should be bytes, said explicitly.
 */
function fromPem(pem: string, where: string): KeyObject {
  const fail = (message: string, cause?: unknown): never => {
    throw new ServerSetupError('CG_SECURITY_CONFIG', `${where}: jwt.key ${message}`, cause === undefined ? undefined : { cause });
  };
  if (!pem.trimStart().startsWith('-----BEGIN ')) {
    return fail('is a plain string: a string key must be a PEM public key or certificate; for an HMAC secret pass bytes, e.g. new TextEncoder().encode(secret)');
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) return fail('is a private key: give the public key (verification never needs the private one)');
  try {
    return createPublicKey(pem);
  } catch (cause) {
    return fail(`is not a PEM public key or certificate node:crypto can read (${cause instanceof Error ? cause.message : String(cause)})`, cause);
  }
}

/** `maxTokenAge` in seconds, parsed with jose's own duration syntax ('2h', '30 min', …). */
function maxAgeSeconds(jose: Jose, value: number | string, where: string): number {
  const fail = (): never => {
    throw new ServerSetupError('CG_SECURITY_CONFIG', `${where}: jwt.maxTokenAge must be a number of seconds ≥ 0 or a duration such as '2h' (got ${JSON.stringify(value)})`);
  };
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : fail();
  if (typeof value !== 'string' || /ago|^\s*-/i.test(value)) return fail();
  const now = Math.floor(Date.now() / 1000);
  let iat: unknown;
  try {
    // jose parses durations in setIssuedAt(string) as "now + duration".
    iat = new jose.UnsecuredJWT({}).setIssuedAt(value).encode().split('.')[1];
  } catch {
    return fail();
  }
  const claims = JSON.parse(Buffer.from(iat as string, 'base64url').toString('utf8')) as { iat: number };
  return Math.max(0, claims.iat - now);
}

function strings(value: unknown, name: string, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new ServerSetupError('CG_SECURITY_CONFIG', `${where}: jwt.${name} must be an array of claim names`);
  }
  return value as string[];
}

/**
 * Builds a JWT verifier with jose (loaded on first use). `alg: none` is never accepted: it is
 * dropped from `algorithms`, and jose refuses unsecured tokens in `jwtVerify` anyway. Every
 * configuration mistake — a key in the wrong form or for other algorithms, a private key, a bad
 * JWKS URL, a malformed option — is a `ServerSetupError` (`CG_SECURITY_CONFIG`) here, never a
 * per-request 401 for every token.
 */
export async function createJwtVerifier(config: JwtConfig, where: string): Promise<JwtVerifier> {
  const setupError = (message: string, cause?: unknown): ServerSetupError =>
    new ServerSetupError('CG_SECURITY_CONFIG', `${where}: ${message}`, cause === undefined ? undefined : { cause });
  const algorithms = (config.algorithms ?? []).filter((a) => a.toLowerCase() !== 'none');
  if (algorithms.length === 0) throw setupError("jwt.algorithms must list at least one algorithm other than 'none'");
  const unknown = algorithms.filter((a) => kindsFor(a).length === 0);
  if (unknown.length > 0) throw setupError(`jwt.algorithms: unknown JWS algorithm ${unknown.join(', ')}`);
  let jose: Jose;
  try {
    jose = await import('jose');
  } catch (cause) {
    throw new ServerSetupError('CG_PLUGIN_MISSING', `${where}: JWT verification needs jose: npm install jose`, { cause });
  }
  let key: Key;
  if (config.jwksUrl !== undefined) {
    if (algorithms.some((a) => kindsFor(a).includes('secret'))) throw setupError('a JWKS holds public keys: jwt.algorithms cannot include HS* with jwksUrl');
    let url: URL;
    try {
      url = new URL(config.jwksUrl);
    } catch (cause) {
      throw setupError(`jwt.jwksUrl ${JSON.stringify(config.jwksUrl)} is not a URL`, cause);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw setupError(`jwt.jwksUrl must be http(s), not ${url.protocol}`);
    key = jose.createRemoteJWKSet(url) as unknown as Key;
  } else {
    if (config.key === undefined || config.key === null) throw setupError('jwt needs jwksUrl or key');
    let given = config.key;
    if (typeof given === 'string') given = fromPem(given, where);
    const kind = kindOf(given as KeyObject | CryptoKey | JsonWebKey | Uint8Array);
    if (typeof kind === 'object') throw setupError(`jwt.key ${kind.refused}`);
    const misfits = algorithms.filter((a) => !kindsFor(a).includes(kind));
    if (misfits.length > 0) {
      const needs = [...new Set(misfits.flatMap(kindsFor))].map((k) => KIND_NAMES[k]).join(' or ');
      throw setupError(`jwt.key is ${KIND_NAMES[kind]}, but jwt.algorithms ${misfits.join(', ')} need${misfits.length === 1 ? 's' : ''} ${needs}`);
    }
    if (isJwk(given)) {
      // A KeyObject (not jose.importJWK's CryptoKey, bound to one alg) serves every listed algorithm.
      try {
        const jwk = given as JsonWebKey & { k?: string };
        given = jwk.kty === 'oct' ? createSecretKey(Buffer.from(jwk.k ?? '', 'base64url')) : createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
      } catch (cause) {
        throw setupError(`jwt.key is a JWK node:crypto cannot read (${cause instanceof Error ? cause.message : String(cause)})`, cause);
      }
    }
    key = given as Key;
  }
  const requiredClaims = [...new Set([...(config.requireExp === false ? [] : ['exp']), ...strings(config.requiredClaims, 'requiredClaims', where)])];
  const options: import('jose').JWTVerifyOptions = { algorithms, requiredClaims };
  if (config.issuer !== undefined) options.issuer = config.issuer;
  if (config.audience !== undefined) options.audience = config.audience;
  if (config.clockTolerance !== undefined) options.clockTolerance = config.clockTolerance;
  if (config.maxTokenAge !== undefined) options.maxTokenAge = maxAgeSeconds(jose, config.maxTokenAge, where);
  if (config.typ !== undefined) {
    if (typeof config.typ !== 'string' || config.typ === '') throw setupError("jwt.typ must be a media type such as 'at+jwt'");
    options.typ = config.typ;
  }
  const verify = jose.jwtVerify as (token: string, key: Key, options: import('jose').JWTVerifyOptions) => Promise<{ payload: Record<string, unknown> }>;
  return async (token) => {
    try {
      const { payload } = await verify(token, key, options);
      return { ok: true, claims: payload };
    } catch (error) {
      return { ok: false, message: failure(error) };
    }
  };
}

/** The 401 detail for a refused token: what failed, never the token or the key. */
function failure(error: unknown): string {
  const { code, claim, reason } = error as { code?: unknown; claim?: unknown; reason?: unknown };
  if (code === 'ERR_JWT_EXPIRED') return claim === 'iat' ? 'token is older than the maximum token age' : 'token expired';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && typeof claim === 'string') {
    if (claim === 'typ') return 'token has the wrong typ header';
    return reason === 'missing' ? `token has no ${claim} claim` : `token ${claim} claim is not accepted`;
  }
  return 'invalid token';
}
