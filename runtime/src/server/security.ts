import type { TLSSocket } from 'node:tls';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { ApiSpec, OperationSpec, SecuritySchemeSpec } from '../spec.js';
import { parseCookieHeader } from './cookies.js';
import { ServerSetupError } from './errors.js';
import { createJwtVerifier } from './jwt.js';
import { getOwn } from './schema-util.js';
import { rawQuery } from './parameter-decoding.js';
import type { SchemeConfig, SecurityConfig, VerifyResult } from './security-config.js';
import type { AuthInfo } from './types.js';

/** `presented`: the request carried a credential for the scheme (which then failed): such a request
 * is refused even where the operation also allows anonymous access. */
type Outcome = { ok: true; info: AuthInfo } | { ok: false; message: string; presented: boolean };

const missing = (message: string): Outcome => ({ ok: false, message, presented: false });

interface SchemeHandler {
  /** Synchronous where the check is (API keys against a key list, a synchronous `verify`). */
  authenticate(req: FastifyRequest): Outcome | Promise<Outcome>;
  /** The WWW-Authenticate challenge for a 401 (absent for mutualTLS). */
  challenge?: string;
}

export type SecurityHandlers = Map<string, SchemeHandler>;

export type SecurityVerdict =
  | { ok: true; auth?: AuthInfo }
  | { ok: false; status: 401 | 403; detail: string; challenges: string[] };

function quote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&').replace(/[\r\n]/g, ' ')}"`;
}

/** `then` for a value that may or may not be a promise (synchronous verifiers stay synchronous). */
function settled<T, R>(value: T | Promise<T>, then: (v: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}

function toInfo(scheme: string, result: VerifyResult, base: Record<string, unknown>): Outcome {
  if (!result) return { ok: false, message: 'invalid credentials', presented: true };
  return { ok: true, info: { ...base, ...(typeof result === 'object' ? result : {}), scheme } };
}

function authorization(req: FastifyRequest, scheme: string): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== scheme.toLowerCase()) return undefined;
  return header.slice(space + 1).trim();
}

/**
 * Constant-time membership: every key is compared, each in time that depends only on the
 * candidate's length (which the client chose), never on where it differs from a key nor on the
 * key's length. Character codes are XOR-ed and OR-ed without an early exit, as
 * `crypto.timingSafeEqual` does for bytes, but without hashing both sides to equal-length digests
 * first (SHA-256 per request cost more than the rest of the check).
 */
function keyMatcher(name: string, keys: readonly string[]): (candidate: string) => boolean {
  if (!keys.every((k) => typeof k === 'string')) throw new ServerSetupError('CG_SECURITY_CONFIG', `security scheme ${name}: keys must be strings`);
  const list = keys.filter((k) => k.length > 0);
  return (candidate) => {
    let found = 0;
    for (const key of list) {
      let diff = candidate.length ^ key.length;
      const n = key.length;
      for (let i = 0; i < candidate.length; i++) diff |= candidate.charCodeAt(i) ^ key.charCodeAt(i % n);
      found |= diff === 0 ? 1 : 0;
    }
    return found === 1;
  };
}

/** Reads an API key where its scheme puts it; compiled per scheme (a header's name lower-cased once). */
function apiKeyReader(spec: { in: string; name: string }): (req: FastifyRequest) => string | undefined {
  const name = spec.name;
  if (spec.in === 'header') {
    const header = name.toLowerCase();
    return (req) => {
      const h = req.headers[header];
      return Array.isArray(h) ? h[0] : h;
    };
  }
  if (spec.in === 'query') return (req) => rawQuery(req.url).find(([k]) => k === name)?.[1];
  return (req) => parseCookieHeader(req.headers.cookie)[name];
}

async function bearerLike(name: string, config: SchemeConfig, challenge: string): Promise<SchemeHandler> {
  let check: (token: string, req: FastifyRequest) => Promise<Outcome>;
  if ('jwt' in config) {
    const verify = await createJwtVerifier(config.jwt, `security scheme ${name}`);
    check = async (token) => {
      const r = await verify(token);
      return r.ok ? { ok: true, info: { scheme: name, claims: r.claims } } : { ...r, presented: true };
    };
  } else if ('verify' in config && typeof config.verify === 'function') {
    const verify = config.verify as (token: string, req: FastifyRequest) => VerifyResult | Promise<VerifyResult>;
    check = async (token, req) => toInfo(name, await verify(token, req), {});
  } else {
    throw new ServerSetupError('CG_SECURITY_CONFIG', `security scheme ${name}: expected { verify } or { jwt }`);
  }
  return {
    challenge,
    authenticate: async (req) => {
      const token = authorization(req, 'bearer');
      return token ? check(token, req) : missing('missing bearer token');
    },
  };
}

async function buildHandler(api: ApiSpec, name: string, spec: SecuritySchemeSpec, config: SchemeConfig): Promise<SchemeHandler> {
  const realm = `realm=${quote(api.title)}`;
  if (spec.type === 'http' && spec.scheme.toLowerCase() === 'basic') {
    if (!('verify' in config) || typeof config.verify !== 'function') {
      throw new ServerSetupError('CG_SECURITY_CONFIG', `security scheme ${name}: basic needs { verify(username, password, req) }`);
    }
    const verify = config.verify as (u: string, p: string, req: FastifyRequest) => VerifyResult | Promise<VerifyResult>;
    return {
      challenge: `Basic ${realm}, charset="UTF-8"`,
      authenticate: async (req) => {
        const encoded = authorization(req, 'basic');
        if (!encoded) return missing('missing basic credentials');
        const decoded = Buffer.from(encoded, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0) return { ok: false, message: 'malformed basic credentials', presented: true };
        const user = decoded.slice(0, colon);
        return toInfo(name, await verify(user, decoded.slice(colon + 1), req), { user });
      },
    };
  }
  if (spec.type === 'http' && spec.scheme.toLowerCase() === 'bearer') return bearerLike(name, config, `Bearer ${realm}`);
  if (spec.type === 'oauth2' || spec.type === 'openIdConnect') return bearerLike(name, config, `Bearer ${realm}`);
  if (spec.type === 'apiKey') {
    let check: (key: string, req: FastifyRequest) => Outcome | Promise<Outcome>;
    if ('keys' in config && Array.isArray(config.keys)) {
      const matches = keyMatcher(name, config.keys);
      check = (key) => (matches(key) ? { ok: true, info: { scheme: name } } : { ok: false, message: 'invalid api key', presented: true });
    } else if ('verify' in config && typeof config.verify === 'function') {
      const verify = config.verify as (key: string, req: FastifyRequest) => VerifyResult | Promise<VerifyResult>;
      check = (key, req) => settled(verify(key, req), (r) => toInfo(name, r, {}));
    } else {
      throw new ServerSetupError('CG_SECURITY_CONFIG', `security scheme ${name}: apiKey needs { keys } or { verify(key, req) }`);
    }
    const readKey = apiKeyReader(spec);
    return {
      challenge: `ApiKey ${realm}, in=${quote(spec.in)}, name=${quote(spec.name)}`,
      authenticate: (req) => {
        const key = readKey(req);
        return key ? check(key, req) : missing(`missing api key ${spec.name}`);
      },
    };
  }
  if (spec.type === 'mutualTLS') {
    const verify = 'verify' in config && typeof config.verify === 'function' ? config.verify : undefined;
    return {
      authenticate: async (req) => {
        const socket = req.raw.socket as Partial<TLSSocket>;
        const certificate = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
        const offered = certificate !== undefined && certificate !== null && Object.keys(certificate).length > 0;
        // `authorized` alone is not enough: a resumed TLS session of a client that never sent a
        // certificate reports authorized: true with an empty peer certificate (seen with undici)
        if (!socket.authorized || !offered) {
          return { ok: false, message: 'no verified client certificate', presented: offered };
        }
        const base = { subject: certificate.subject };
        return verify ? toInfo(name, await (verify as (c: unknown, r: FastifyRequest) => VerifyResult)(certificate, req), base) : { ok: true, info: { ...base, scheme: name } };
      },
    };
  }
  // Any other HTTP scheme (digest, hoba, …): the Authorization parameter goes to verify.
  const httpScheme = spec.type === 'http' ? spec.scheme : name;
  if (!('verify' in config) || typeof config.verify !== 'function') {
    throw new ServerSetupError('CG_SECURITY_CONFIG', `security scheme ${name}: expected { verify(credentials, req) }`);
  }
  const verify = config.verify as (token: string, req: FastifyRequest) => VerifyResult | Promise<VerifyResult>;
  return {
    challenge: `${httpScheme} ${realm}`,
    authenticate: async (req) => {
      const credentials = authorization(req, httpScheme);
      return credentials ? toInfo(name, await verify(credentials, req), {}) : missing(`missing ${httpScheme} credentials`);
    },
  };
}

/** Whether the request carries a credential where `spec` looks for one. */
function presents(spec: SecuritySchemeSpec | undefined, req: FastifyRequest): boolean {
  if (!spec) return false;
  if (spec.type === 'apiKey') return Boolean(apiKeyReader(spec)(req));
  if (spec.type === 'http') return authorization(req, spec.scheme) !== undefined;
  if (spec.type === 'oauth2' || spec.type === 'openIdConnect') return authorization(req, 'bearer') !== undefined;
  return false;
}

function failClosed(spec: SecuritySchemeSpec | undefined, api: ApiSpec): SchemeHandler {
  const realm = `realm=${quote(api.title)}`;
  const challenge = spec?.type === 'http' ? `${spec.scheme[0]?.toUpperCase()}${spec.scheme.slice(1)} ${realm}` : spec?.type === 'mutualTLS' ? undefined : `Bearer ${realm}`;
  const handler: SchemeHandler = { authenticate: async (req) => ({ ok: false, message: 'authentication is not configured', presented: presents(spec, req) }) };
  if (challenge !== undefined) handler.challenge = challenge;
  return handler;
}

/**
 * Warns about a scheme operations use but `options.security` does not configure (or the spec does
 * not declare): once per scheme and registration, on the app's logger — and, when that logger is
 * off (Fastify's default), as a process warning, so the reason every such operation answers 401 is
 * never silent.
 */
function warnUnconfigured(log: FastifyBaseLogger, name: string, declared: boolean, operations: string[]): void {
  const ops = operations.length > 3 ? `${operations.slice(0, 3).join(', ')} and ${operations.length - 3} more` : operations.join(', ');
  const message = declared
    ? `contractgen: security scheme ${name} has no handler in options.security (security.${name}); ${ops} answer 401 until it is configured`
    : `contractgen: security scheme ${name} is used by ${ops} but not declared in the spec; they answer 401`;
  log.warn({ scheme: name, operations }, message);
  // Fastify's logger off (an abstract logger without level) or set above warn: the log line is lost.
  const logger = log as { isLevelEnabled?: (level: string) => boolean; level?: unknown };
  const logged = typeof logger.isLevelEnabled === 'function' ? logger.isLevelEnabled('warn') : typeof logger.level === 'string' && logger.level !== 'silent';
  if (!logged) process.emitWarning(message, { code: 'CG_SECURITY_UNCONFIGURED' });
}

/** Builds one handler per scheme that an operation uses; an unconfigured scheme fails closed (warned once). */
export async function buildSecurity(api: ApiSpec, config: SecurityConfig | undefined, log: FastifyBaseLogger): Promise<SecurityHandlers> {
  const used = new Map<string, string[]>();
  for (const op of Object.values(api.operations)) {
    for (const name of new Set(op.security.flatMap((req) => Object.keys(req)))) used.set(name, [...(used.get(name) ?? []), op.operationId]);
  }
  const handlers: SecurityHandlers = new Map();
  for (const [name, operations] of used) {
    const spec = getOwn(api.securitySchemes, name);
    const cfg = getOwn(config, name);
    if (!spec || !cfg) {
      warnUnconfigured(log, name, spec !== undefined, operations);
      handlers.set(name, failClosed(spec, api));
      continue;
    }
    handlers.set(name, await buildHandler(api, name, spec, cfg));
  }
  return handlers;
}

function grantedScopes(info: AuthInfo): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string') for (const s of v.split(' ')) if (s) out.add(s);
    if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') out.add(s);
  };
  add(info['scopes']);
  const claims = info['claims'];
  if (typeof claims === 'object' && claims !== null) {
    add((claims as Record<string, unknown>)['scope']);
    add((claims as Record<string, unknown>)['scp']);
  }
  return out;
}

const PUBLIC: SecurityVerdict = { ok: true };
const PENDING = Symbol('pending');
type Outcomes = Map<string, Outcome | Promise<Outcome>>;

/**
 * Evaluates an operation's requirements: OR of AND sets; `[]` is public, `{}` anonymous. Every
 * non-empty requirement is tried first, so a valid credential reaches the handler as `req.auth` even
 * where anonymous access is allowed; anonymous access (`{}`) admits a request only if it presents no
 * credential that failed — a wrong API key is a 401, not an anonymous call. Synchronous when every
 * scheme it has to check is (API keys against a key list); schemes are checked lazily, in order,
 * each at most once.
 */
export function authorize(op: OperationSpec, handlers: SecurityHandlers, req: FastifyRequest): SecurityVerdict | Promise<SecurityVerdict> {
  if (op.security.length === 0) return PUBLIC;
  const outcomes: Outcomes = new Map();
  const verdict = decide(op, handlers, req, outcomes);
  return verdict === PENDING ? settle(op, handlers, req, outcomes) : verdict;
}

/**
 * {@link authorize} compiled for one operation: the common single requirement naming one scheme
 * without scopes (`[{ apiKey: [] }]`) checks that scheme directly; anything else evaluates the
 * requirements per request.
 */
export function compileAuthorizer(op: OperationSpec, handlers: SecurityHandlers): (req: FastifyRequest) => SecurityVerdict | Promise<SecurityVerdict> {
  const only = op.security.length === 1 ? (op.security[0] as Record<string, string[]>) : undefined;
  const names = only ? Object.keys(only) : [];
  const handler = names.length === 1 ? handlers.get(names[0] as string) : undefined;
  if (!only || !handler || (getOwn(only, names[0] as string) ?? []).length > 0) return (req) => authorize(op, handlers, req);
  const challenges = handler.challenge ? [handler.challenge] : [];
  const verdict = (outcome: Outcome): SecurityVerdict => (outcome.ok ? { ok: true, auth: outcome.info } : { ok: false, status: 401, detail: outcome.message, challenges });
  return (req) => {
    const outcome = handler.authenticate(req);
    return outcome instanceof Promise ? outcome.then(verdict) : verdict(outcome);
  };
}

async function settle(op: OperationSpec, handlers: SecurityHandlers, req: FastifyRequest, outcomes: Outcomes): Promise<SecurityVerdict> {
  for (;;) {
    for (const [name, outcome] of outcomes) if (outcome instanceof Promise) outcomes.set(name, await outcome);
    const verdict = decide(op, handlers, req, outcomes);
    if (verdict !== PENDING) return verdict;
  }
}

/** One pass over the requirements; PENDING when a scheme's outcome is still a promise (then `settle` awaits it and passes again). */
function decide(op: OperationSpec, handlers: SecurityHandlers, req: FastifyRequest, outcomes: Outcomes): SecurityVerdict | typeof PENDING {
  let forbidden: string | undefined;
  let failure = 'authentication required';
  let anonymous = false;
  let rejected: string | undefined;
  for (const requirement of op.security) {
    const names = Object.keys(requirement);
    if (names.length === 0) {
      anonymous = true;
      continue;
    }
    const infos: AuthInfo[] = [];
    let passed = true;
    for (const name of names) {
      const handler = handlers.get(name);
      if (!handler) {
        passed = false;
        break;
      }
      let outcome = outcomes.get(name);
      if (!outcome) {
        outcome = handler.authenticate(req);
        outcomes.set(name, outcome);
      }
      if (outcome instanceof Promise) return PENDING;
      if (!outcome.ok && outcome.presented) rejected ??= outcome.message;
      if (!outcome.ok) {
        failure = outcome.message;
        passed = false;
        break;
      }
      const needed = getOwn(requirement, name) ?? [];
      if (needed.length > 0) {
        const granted = grantedScopes(outcome.info);
        const missingScopes = needed.filter((s) => !granted.has(s));
        if (missingScopes.length > 0) {
          forbidden = `missing scope ${missingScopes.join(' ')}`;
          passed = false;
          break;
        }
      }
      infos.push(outcome.info);
    }
    if (passed && infos.length > 0) {
      const first = infos[0] as AuthInfo;
      return { ok: true, auth: infos.length === 1 ? first : { ...first, all: infos } };
    }
  }
  if (anonymous) {
    if (rejected === undefined) return PUBLIC;
    failure = rejected;
  } else if (forbidden !== undefined) {
    return { ok: false, status: 403, detail: forbidden, challenges: [] };
  }
  const challenges = new Set<string>();
  for (const requirement of op.security) {
    for (const name of Object.keys(requirement)) {
      const challenge = handlers.get(name)?.challenge;
      if (challenge) challenges.add(challenge);
    }
  }
  return { ok: false, status: 401, detail: failure, challenges: [...challenges] };
}
