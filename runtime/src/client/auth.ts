/**
 * Spec-driven auth: per call, the first security requirement of the operation
 * (OR of AND sets) whose schemes all have credentials configured is applied.
 * `security: []` or no satisfiable requirement → nothing is sent (the server
 * answers 401 for a required one).
 */
import type { OperationSpec, SecurityRequirement, SecuritySchemeSpec } from '../spec.js';
import { base64Utf8 } from './base64.js';
import { encodeStrict } from './encode.js';
import { AuthError } from './auth-error.js';
import type { TokenCache } from './oauth2.js';
import type { AuthOptions } from './types.js';
import type { Connection } from './connection.js';

export interface AppliedAuth {
  headers: Array<[string, string]>;
  /** Encoded `name=value` query pairs. */
  query: string[];
  /** Encoded `name=value` cookie pairs. */
  cookies: string[];
  /** OAuth2 tokens used, so a 401 can refresh exactly these. */
  oauthTokens: string[];
}

export interface AuthContext {
  api: { securitySchemes: Record<string, SecuritySchemeSpec> };
  auth: AuthOptions | undefined;
  tokens: TokenCache | undefined;
  /** Where relative token URLs are resolved. */
  baseUrl: string;
  /** Whether a client certificate can be presented (`tls.cert` + `tls.key`, or a dispatcher): satisfies `mutualTLS`. */
  hasClientCertificate: boolean;
}

const NOTHING: AppliedAuth = { headers: [], query: [], cookies: [], oauthTokens: [] };

export function hasCredentials(ctx: AuthContext, schemeName: string): boolean {
  const scheme = ctx.api.securitySchemes[schemeName];
  const auth = ctx.auth;
  if (scheme === undefined) return false;
  switch (scheme.type) {
    case 'http': {
      const kind = scheme.scheme.toLowerCase();
      return kind === 'basic' ? auth?.basic !== undefined : kind === 'bearer' && auth?.bearer !== undefined;
    }
    case 'apiKey':
      return apiKeyFor(auth, schemeName) !== undefined;
    case 'oauth2':
      return (auth?.oauth2 !== undefined && clientCredentialsUrl(ctx, scheme) !== undefined) || auth?.bearer !== undefined;
    case 'openIdConnect':
      return auth?.oauth2 !== undefined || auth?.bearer !== undefined;
    case 'mutualTLS':
      return ctx.hasClientCertificate;
  }
}

/** The requirement that will be applied, or undefined (nothing sent). */
export function selectRequirement(ctx: AuthContext, op: OperationSpec): SecurityRequirement | undefined {
  return op.security.find((requirement) => Object.keys(requirement).every((name) => hasCredentials(ctx, name)));
}

/** The auth plugin: credentials for `op` from the client's options (see {@link applyAuth}). */
export function applyClientAuth(connection: Connection, op: OperationSpec, stale?: readonly string[]): AppliedAuth | Promise<AppliedAuth> {
  const { options } = connection;
  return applyAuth(
    {
      api: connection.api,
      auth: options.auth,
      baseUrl: connection.baseUrls[0]!,
      tokens: connection.tokens,
      hasClientCertificate: options.dispatcher !== undefined || (options.tls?.cert !== undefined && options.tls.key !== undefined),
    },
    op,
    stale,
  );
}

/**
 * Credentials for `op`. `stale` holds OAuth2 tokens the API rejected, to be replaced. Synchronous
 * (no promise, no await per call) unless a scheme needs one: a bearer function, OAuth2.
 */
export function applyAuth(ctx: AuthContext, op: OperationSpec, stale: readonly string[] = []): AppliedAuth | Promise<AppliedAuth> {
  const requirement = selectRequirement(ctx, op);
  if (requirement === undefined) return NOTHING;
  const out: AppliedAuth = { headers: [], query: [], cookies: [], oauthTokens: [] };
  const names = Object.keys(requirement);
  for (let i = 0; i < names.length; i++) {
    const pending = applyScheme(ctx, out, names[i]!, requirement[names[i]!]!, stale);
    // the rest in order, after the scheme that waits
    if (pending !== undefined) return applyRest(ctx, out, pending, names.slice(i + 1), requirement, stale);
  }
  return out;
}

async function applyRest(
  ctx: AuthContext,
  out: AppliedAuth,
  pending: Promise<void>,
  names: readonly string[],
  requirement: SecurityRequirement,
  stale: readonly string[],
): Promise<AppliedAuth> {
  await pending;
  for (const name of names) await applyScheme(ctx, out, name, requirement[name]!, stale);
  return out;
}

/** Adds one scheme's credentials to `out`; a promise only when they must be waited for. */
function applyScheme(ctx: AuthContext, out: AppliedAuth, name: string, scopes: string[], stale: readonly string[]): Promise<void> | undefined {
  const scheme = ctx.api.securitySchemes[name]!;
  const auth = ctx.auth ?? {};
  switch (scheme.type) {
    case 'http':
      if (scheme.scheme.toLowerCase() === 'basic' && auth.basic !== undefined) {
        out.headers.push(['authorization', `Basic ${base64Utf8(`${auth.basic.username}:${auth.basic.password}`)}`]);
        return undefined;
      }
      return bearer(auth, out);
    case 'apiKey': {
      const key = apiKeyFor(auth, name)!;
      if (scheme.in === 'header') out.headers.push([scheme.name, key]);
      else if (scheme.in === 'query') out.query.push(`${encodeStrict(scheme.name)}=${encodeStrict(key)}`);
      else out.cookies.push(`${encodeStrict(scheme.name)}=${encodeStrict(key)}`);
      return undefined;
    }
    case 'oauth2':
    case 'openIdConnect':
      if (auth.oauth2 === undefined || ctx.tokens === undefined) return bearer(auth, out);
      return oauthToken(ctx, ctx.tokens, auth.oauth2, out, scheme, scopes, stale);
    case 'mutualTLS':
      return undefined;
  }
}

/** `Authorization: Bearer …`: at once for a string, after the wait for a token function. */
function bearer(auth: AuthOptions, out: AppliedAuth): Promise<void> | undefined {
  if (typeof auth.bearer === 'string') {
    out.headers.push(['authorization', `Bearer ${auth.bearer}`]);
    return undefined;
  }
  return bearerToken(auth).then((token) => void out.headers.push(['authorization', `Bearer ${token}`]));
}

async function oauthToken(
  ctx: AuthContext,
  tokens: TokenCache,
  oauth2: NonNullable<AuthOptions['oauth2']>,
  out: AppliedAuth,
  scheme: Extract<SecuritySchemeSpec, { type: 'oauth2' | 'openIdConnect' }>,
  scopes: string[],
  stale: readonly string[],
): Promise<void> {
  const tokenUrl = scheme.type === 'oauth2' ? clientCredentialsUrl(ctx, scheme)! : (oauth2.tokenUrl ?? (await tokens.discover(resolveUrl(scheme.openIdConnectUrl, ctx.baseUrl))));
  const wanted = [...(oauth2.scopes ?? []), ...scopes];
  const url = resolveUrl(tokenUrl, ctx.baseUrl);
  let token = await tokens.get(url, wanted);
  if (stale.includes(token)) token = await tokens.get(url, wanted, token);
  out.oauthTokens.push(token);
  out.headers.push(['authorization', `Bearer ${token}`]);
}

function apiKeyFor(auth: AuthOptions | undefined, schemeName: string): string | undefined {
  const apiKey = auth?.apiKey;
  return typeof apiKey === 'string' ? apiKey : apiKey?.[schemeName];
}

function clientCredentialsUrl(ctx: AuthContext, scheme: Extract<SecuritySchemeSpec, { type: 'oauth2' }>): string | undefined {
  const oauth2 = ctx.auth?.oauth2;
  const flows = scheme.flows;
  // a custom token request (password, jwt-bearer, refresh…) may use another flow's token endpoint
  const other = oauth2?.tokenRequest === undefined ? undefined : (flows.password?.tokenUrl ?? flows.authorizationCode?.tokenUrl);
  return oauth2?.tokenUrl ?? flows.clientCredentials?.tokenUrl ?? other;
}

function resolveUrl(url: string, baseUrl: string): string {
  return new URL(url, `${baseUrl}/`).href;
}

async function bearerToken(auth: AuthOptions): Promise<string> {
  const bearer = auth.bearer;
  if (typeof bearer === 'string') return bearer;
  if (bearer === undefined) throw new AuthError('no bearer token configured');
  try {
    return await bearer();
  } catch (error) {
    throw new AuthError('the bearer token function failed', { cause: error });
  }
}
