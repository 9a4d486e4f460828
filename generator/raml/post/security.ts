/**
 * RAML security → OpenAPI (AMF-GAPS 10).
 * - OAuth 2.0 → oauth2, flows rebuilt from the RAML settings (AMF leaves RAML 0.8 grant
 *   names with empty flows, library schemes with `flows: {"null": …}`, scope descriptions "null").
 * - Basic → http basic (AMF does this).
 * - Pass Through → apiKey from the first `describedBy` header, else query parameter.
 * - Digest, OAuth 1.0, `x-*` custom → dropped with a warning; requirements naming them are removed.
 * - `securedBy: [null]` → `{}` (optional auth), `x-amf-security` merged into `security`.
 */
import type { Amf } from '../amf-runtime.js';
import { locate, warn, type ConvertContext } from '../context.js';
import { ensureObject, isObject, objectAt, operations, type JsonObject } from '../json.js';
import { securitySchemesByName } from './security-model.js';

const GRANTS: Record<string, string> = {
  authorization_code: 'authorizationCode', code: 'authorizationCode',
  implicit: 'implicit', token: 'implicit',
  password: 'password', owner: 'password',
  client_credentials: 'clientCredentials', credentials: 'clientCredentials',
};

function oauth2Flows(ctx: ConvertContext, name: string, scheme: Amf.SecurityScheme): JsonObject | undefined {
  const settings = scheme.settings as Partial<Amf.OAuth2Settings> | undefined;
  const flow = settings?.flows?.[0];
  const authorizationUrl = flow?.authorizationUri.value() ?? '';
  const tokenUrl = flow?.accessTokenUri.value() ?? '';
  const scopes: JsonObject = {};
  for (const scope of flow?.scopes ?? []) {
    const description = scope.description.value();
    scopes[scope.name.value()] = description && description !== 'null' ? description : '';
  }
  const flows: JsonObject = {};
  for (const grant of settings?.authorizationGrants ?? []) {
    const kind = GRANTS[grant.value()];
    if (kind === undefined) {
      warn(ctx, 'RAML_OAUTH2_GRANT_UNSUPPORTED', `OAuth 2.0 grant '${grant.value()}' of scheme '${name}' has no OpenAPI flow; it is ignored`, locate(ctx, scheme));
      continue;
    }
    const entry: JsonObject = {};
    if (kind === 'authorizationCode' || kind === 'implicit') entry.authorizationUrl = authorizationUrl;
    if (kind !== 'implicit') entry.tokenUrl = tokenUrl;
    entry.scopes = { ...scopes };
    flows[kind] = entry;
  }
  return Object.keys(flows).length > 0 ? flows : undefined;
}

function passThrough(ctx: ConvertContext, name: string, scheme: Amf.SecurityScheme): JsonObject | undefined {
  const candidates = [
    ...scheme.headers.map((p) => ({ in: 'header', name: p.name.value() })),
    ...scheme.queryParameters.map((p) => ({ in: 'query', name: p.name.value() })),
  ];
  const first = candidates[0];
  if (!first) {
    warn(ctx, 'RAML_SECURITY_UNSUPPORTED', `Pass Through scheme '${name}' describes no header or query parameter; it is dropped`, locate(ctx, scheme));
    return undefined;
  }
  if (candidates.length > 1) {
    warn(ctx, 'RAML_PASS_THROUGH_MULTIPLE', `Pass Through scheme '${name}' describes several parameters; only ${first.in} '${first.name}' is used as the API key`, locate(ctx, scheme));
  }
  const out: JsonObject = { type: 'apiKey', in: first.in, name: first.name };
  const description = scheme.description.value();
  if (description) out.description = description;
  return out;
}

function convertScheme(ctx: ConvertContext, name: string, rendered: JsonObject, scheme: Amf.SecurityScheme | undefined): JsonObject | undefined {
  const type = scheme?.type.value() ?? String(rendered.type ?? '');
  const where = scheme ? locate(ctx, scheme) : { file: ctx.rootFile };
  const description = scheme?.description.value();
  const base: JsonObject = description ? { description } : {};
  if (type === 'OAuth 2.0' || rendered.type === 'oauth2') {
    const flows = scheme ? oauth2Flows(ctx, name, scheme) : undefined;
    if (flows) return { ...base, type: 'oauth2', flows };
    warn(ctx, 'RAML_SECURITY_UNSUPPORTED', `OAuth 2.0 scheme '${name}' has no usable authorizationGrants; it is dropped`, where);
    return undefined;
  }
  if (type === 'Basic Authentication') return { ...base, type: 'http', scheme: 'basic' };
  if (type === 'Pass Through' && scheme) return passThrough(ctx, name, scheme);
  warn(ctx, 'RAML_SECURITY_UNSUPPORTED', `Security scheme '${name}' of type '${type}' has no OpenAPI equivalent our runtime enforces; it is dropped and operations secured only by it become unauthenticated`, where);
  return undefined;
}

function fixRequirements(list: unknown[], known: Set<string>): JsonObject[] {
  const out: JsonObject[] = [];
  let optional = false;
  for (const item of list) {
    if (!isObject(item)) continue;
    const names = Object.keys(item);
    if (names.length === 0 || (names.length === 1 && names[0] === 'null')) {
      optional = true;
      continue;
    }
    if (names.every((n) => known.has(n))) out.push(item);
  }
  if (optional) out.push({});
  return out;
}

export function fixSecurity(ctx: ConvertContext): void {
  const components = ensureObject(ctx.doc, 'components');
  const rendered: JsonObject = { ...(objectAt(components, 'securitySchemes') ?? {}), ...(objectAt(components, 'x-amf-securitySchemes') ?? {}) };
  delete components['x-amf-securitySchemes'];
  const models = securitySchemesByName(ctx);
  const schemes: JsonObject = {};
  for (const [name, value] of Object.entries(rendered)) {
    const converted = convertScheme(ctx, name, isObject(value) ? value : {}, models.get(name));
    if (converted) schemes[name] = converted;
  }
  if (Object.keys(schemes).length > 0) components.securitySchemes = schemes;
  else delete components.securitySchemes;
  const known = new Set(Object.keys(schemes));
  for (const holder of [ctx.doc, ...operations(ctx.doc).map((o) => o.operation)]) {
    const all = [...(Array.isArray(holder.security) ? holder.security : []), ...(Array.isArray(holder['x-amf-security']) ? holder['x-amf-security'] : [])];
    const had = holder.security !== undefined || holder['x-amf-security'] !== undefined;
    delete holder['x-amf-security'];
    delete holder['x-optionalSecurity'];
    if (had) holder.security = fixRequirements(all, known);
  }
}
