import { ServerSetupError } from './errors.js';
import type { JwtConfig } from './security-config.js';

export type JwtOutcome = { ok: true; claims: Record<string, unknown> } | { ok: false; message: string };
export type JwtVerifier = (token: string) => Promise<JwtOutcome>;

function isJwk(key: unknown): key is JsonWebKey {
  return typeof key === 'object' && key !== null && typeof (key as { kty?: unknown }).kty === 'string';
}

/**
 * Builds a JWT verifier with jose (loaded on first use). `alg: none` is never accepted: it is
 * dropped from `algorithms`, and jose refuses unsecured tokens in `jwtVerify` anyway.
 */
export async function createJwtVerifier(config: JwtConfig, where: string): Promise<JwtVerifier> {
  const algorithms = (config.algorithms ?? []).filter((a) => a.toLowerCase() !== 'none');
  if (algorithms.length === 0) {
    throw new ServerSetupError('CG_SECURITY_CONFIG', `${where}: jwt.algorithms must list at least one algorithm other than 'none'`);
  }
  let jose: typeof import('jose');
  try {
    jose = await import('jose');
  } catch (cause) {
    throw new ServerSetupError('CG_PLUGIN_MISSING', `${where}: JWT verification needs jose: npm install jose`, { cause });
  }
  type Key = Parameters<typeof jose.jwtVerify>[1];
  let key: Key;
  if (config.jwksUrl !== undefined) {
    key = jose.createRemoteJWKSet(new URL(config.jwksUrl)) as unknown as Key;
  } else if (config.key === undefined) {
    throw new ServerSetupError('CG_SECURITY_CONFIG', `${where}: jwt needs jwksUrl or key`);
  } else if (typeof config.key === 'string') {
    key = await jose.importSPKI(config.key, algorithms[0] as string);
  } else if (isJwk(config.key)) {
    key = await jose.importJWK(config.key as Parameters<typeof jose.importJWK>[0], algorithms[0]);
  } else {
    key = config.key as Key;
  }
  const options: import('jose').JWTVerifyOptions = { algorithms };
  if (config.issuer !== undefined) options.issuer = config.issuer;
  if (config.audience !== undefined) options.audience = config.audience;
  if (config.clockTolerance !== undefined) options.clockTolerance = config.clockTolerance;
  const verify = jose.jwtVerify as (token: string, key: Key, options: import('jose').JWTVerifyOptions) => Promise<{ payload: Record<string, unknown> }>;
  return async (token) => {
    try {
      const { payload } = await verify(token, key, options);
      return { ok: true, claims: payload };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return { ok: false, message: code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token' };
    }
  };
}
