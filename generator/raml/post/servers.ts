/**
 * AMF-GAPS 8: AMF repeats `servers` on every operation/path item, gives `{version}` an
 * empty default and keeps baseUriParameters only in `x-amf-parameters`. We hoist one
 * root `servers` list (one entry per RAML `protocols` value), fill variable defaults
 * (`version:` for `{version}`, else the parameter's default / first enum value) and
 * carry enum/description over from the baseUriParameters.
 */
import { warn, locateText, type ConvertContext } from '../context.js';
import { isObject, objectAt, operations, type JsonObject } from '../json.js';

function firstServer(ctx: ConvertContext): JsonObject | undefined {
  for (const { pathItem, operation } of operations(ctx.doc)) {
    for (const holder of [operation, pathItem]) {
      const list = holder.servers;
      if (Array.isArray(list) && isObject(list[0])) return list[0];
    }
  }
  const root = ctx.doc.servers;
  return Array.isArray(root) && isObject(root[0]) ? root[0] : undefined;
}

function variableFor(ctx: ConvertContext, name: string, rendered: JsonObject | undefined, param: JsonObject | undefined): JsonObject {
  const variable: JsonObject = {};
  const enumValues = Array.isArray(param?.enum) ? param.enum.map(String) : undefined;
  if (enumValues && enumValues.length > 0) variable.enum = enumValues;
  let fallback: unknown = param?.default ?? enumValues?.[0];
  if (fallback === undefined && name === 'version') fallback = objectAt(ctx.doc, 'info')?.version;
  const current = rendered?.default;
  variable.default = String(current !== undefined && current !== '' ? current : (fallback ?? ''));
  if (variable.default === '') {
    warn(ctx, 'RAML_SERVER_VARIABLE_NO_DEFAULT', `baseUri parameter {${name}} has no default or enum: the server URL needs a value at run time`, locateText(ctx, `${name}:`));
  }
  const description = param?.description ?? rendered?.description;
  if (typeof description === 'string') variable.description = description;
  if (typeof param?.pattern === 'string') variable['x-pattern'] = param.pattern;
  return variable;
}

type Field = { value(): unknown; isNull?: boolean } | undefined;
interface ScalarLike { values?: { value?: Field }[]; defaultValueStr?: Field; pattern?: Field }

function str(field: Field): string | undefined {
  if (!field || field.isNull === true) return undefined;
  const v = field.value();
  return v === null || v === undefined || v === '' ? undefined : String(v);
}

/** baseUriParameters from the model: the rendering loses enums and regex anchors. */
function modelParams(ctx: ConvertContext): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  const api = ctx.parsed.encodes as { servers?: { variables: { name: Field; description: Field; schema?: unknown }[] }[] } | undefined;
  for (const variable of api?.servers?.[0]?.variables ?? []) {
    const name = str(variable.name);
    if (name === undefined) continue;
    const schema = (variable.schema ?? {}) as ScalarLike;
    const param: JsonObject = {};
    const values = (schema.values ?? []).map((v) => str(v.value)).filter((v): v is string => v !== undefined);
    if (values.length > 0) param.enum = values;
    const def = str(schema.defaultValueStr);
    if (def !== undefined) param.default = def;
    const pattern = str(schema.pattern);
    if (pattern !== undefined) param.pattern = pattern;
    const description = str(variable.description);
    if (description !== undefined) param.description = description;
    out.set(name, param);
  }
  return out;
}

export function fixServers(ctx: ConvertContext): void {
  const server = firstServer(ctx);
  for (const { operation } of operations(ctx.doc)) delete operation.servers;
  for (const pathItem of Object.values(objectAt(ctx.doc, 'paths') ?? {})) if (isObject(pathItem)) delete pathItem.servers;
  if (!server || typeof server.url !== 'string') return;
  const params = objectAt(server, 'x-amf-parameters') ?? {};
  for (const [name, param] of modelParams(ctx)) params[name] = { ...(objectAt(params, name) ?? {}), ...param };
  const renderedVars = objectAt(server, 'variables') ?? {};
  const names = [...server.url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
  const variables: JsonObject = {};
  for (const name of new Set(names)) {
    const param = objectAt(params, name);
    variables[name] = variableFor(ctx, name, objectAt(renderedVars, name), param);
  }
  const schemes = ctx.resolved.encodes && 'schemes' in ctx.resolved.encodes
    ? (ctx.resolved.encodes as { schemes: { value(): string }[] }).schemes.map((s) => s.value().toLowerCase())
    : [];
  const url = server.url;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  const urls = schemes.length === 0
    ? [url]
    : schemes.map((scheme) => (hasScheme ? url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, `${scheme}://`) : `${scheme}://${url}`));
  ctx.doc.servers = [...new Set(urls)].map((u) => {
    const entry: JsonObject = { url: u };
    if (typeof server.description === 'string') entry.description = server.description;
    if (Object.keys(variables).length > 0) entry.variables = structuredClone(variables);
    return entry;
  });
}
