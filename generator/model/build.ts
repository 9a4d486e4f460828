/**
 * normalized OpenAPI 3.x document -> ApiModel. All defaults are resolved here
 * (parameter style/explode/required, path-level parameters, inherited
 * security, media kinds, status ranges); emitters read only the result.
 */
import type { ParameterStyle, SecurityRequirement, ServerSpec, ValueShape } from '@contractgen/runtime/spec';
import { SpecError } from '../diagnostics.js';
import { resolvePointer } from '../load/validate.js';
import { toPointer } from '../load/source-map.js';
import { componentEntryKey } from '../content-hash.js';
import { NameScope, camelCase, operationNameFromPath, pascalCase } from '../naming.js';
import { bodyKind, statusCodes } from './media.js';
import { securitySchemes } from './security.js';
import { streamModel } from './stream.js';
import type { ApiModel, HeaderModel, MediaModel, OperationModel, ParameterModel, ResponseModel, SchemaModel, SchemaObject } from './types.js';

type Obj = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'] as const;

/** Members of StatusCodeClient and of the generated Client that operations must not shadow. */
const RESERVED_METHODS = ['constructor', 'call', 'expect', 'api', 'options', 'request', 'use', 'close', 'then', 'catch', 'toString', 'valueOf', 'hasOwnProperty',
  // values client.ts and server.ts export beside the per-operation functions (index.ts re-exports both)
  'createClient', 'register', 'serverSpec', 'clientSpec'];
/** Names types.ts declares itself. */
const RESERVED_TYPES = [
  // types.ts
  'paths', 'webhooks', 'components', 'operations', '$defs', 'Readable', 'Writable', '$Read', '$Write', '$requestSchemas',
  'Binary', '$BinaryBody', '$MultipartParts', 'HttpStatus', 'OtherStatus', 'StatusRange',
  // server.ts and client.ts (index.ts re-exports all three modules: names must not clash)
  'ApiSpec', 'Handlers', 'HandlerRequest', 'HandlerContext', 'RegisterOptions', 'SecurityHandlers', 'ServerOptions', 'register', 'serverSpec',
  'Client', 'clientSpec', 'ClientResult', 'StatusCodeClient', 'CallInit', 'ClientOptions', 'T',
];

export interface BuildContext {
  document: Obj;
  sourceVersion: string;
  file: string;
  /**
   * Watch mode: the operations of each path item as the last runs built them, reused while the
   * item's entry hash (`hashes`: content-hash.ts) and those of the components it read are the same.
   */
  memo?: ModelMemo;
  hashes?: ReadonlyMap<string, string>;
}

/** An operation without the names claimed across the whole API (claimed again each run, in order). */
type UnnamedOperation = Omit<OperationModel, 'operationId' | 'name' | 'typeName'> & { rawId: string | undefined; base: string; statuses: string[] };

/** The operations of one path item, with the entries (and their hashes) they were built from. */
interface PathItemModel {
  reads: Array<[entry: string, hash: string | undefined]>;
  operations: UnnamedOperation[];
}

/** Path items' operations by `<document-wide inputs>\0<entry hash>`, kept between runs. */
export type ModelMemo = Map<string, PathItemModel>;

export function createModelMemo(): ModelMemo {
  return new Map();
}

export function buildModel({ document, sourceVersion, file, memo, hashes }: BuildContext): ApiModel {
  const info = obj(document['info']);
  const deref = <T>(value: unknown): T => resolveRefs(document, value, file) as T;
  const is32 = String(document['openapi'] ?? '').startsWith('3.2');
  const globalSecurity = Array.isArray(document['security']) ? (document['security'] as SecurityRequirement[]) : [];

  const methodScope = new NameScope(RESERVED_METHODS);
  const typeScope = new NameScope(RESERVED_TYPES);
  const operations: OperationModel[] = [];
  const paths = obj(document['paths']);
  // what every path item's operations depend on besides the item and the components it reads
  const global = hashes && memo ? JSON.stringify([is32, globalSecurity]) : undefined;
  const live: ModelMemo = new Map();
  for (const [path, rawItem] of Object.entries(paths)) {
    const hash = global === undefined ? undefined : hashes!.get(`paths\0${path}`);
    const key = hash === undefined ? undefined : `${global}\0${hash}`;
    let built = key === undefined ? undefined : memo!.get(key);
    if (built && !built.reads.every(([entry, h]) => hashes!.get(entry) === h)) built = undefined;
    if (!built) built = pathItemOperations(path, rawItem, document, file, is32, globalSecurity, hashes);
    if (key !== undefined && built.reads.every(([, h]) => h !== undefined)) live.set(key, built);
    for (const { rawId, base, statuses, ...op } of built.operations) {
      const name = methodScope.claim(base);
      const typeName = typeScope.claimFamily(pascalCase(name), ['', 'Request', 'RequestWithDefaults', 'Response', 'Result', ...statuses.map((st) => `Response${st}`)]);
      operations.push({ operationId: rawId ?? name, name, typeName, ...op });
    }
  }
  if (memo && global !== undefined) {
    memo.clear();
    for (const [key, built] of live) memo.set(key, built);
  }

  const titleName = pascalCase(typeof info['title'] === 'string' ? info['title'] : 'Api', 'Api');
  const clientAlias = typeScope.claim(titleName.endsWith('Client') ? titleName : `${titleName}Client`);
  const schemas: SchemaModel[] = [];
  for (const [name, schema] of Object.entries(obj(obj(document['components'])['schemas']))) {
    const s = typeof schema === 'object' && schema ? (schema as Obj) : {};
    schemas.push({
      name,
      typeName: typeScope.claim(pascalCase(name, 'Schema')),
      ...optionalString('description', s['description']),
      deprecated: s['deprecated'] === true,
    });
  }

  const license = obj(info['license']);
  return {
    title: typeof info['title'] === 'string' ? info['title'] : 'API',
    version: typeof info['version'] === 'string' ? info['version'] : '0.0.0',
    ...optionalString('description', info['description']),
    openapi: String(document['openapi'] ?? '3.0.3'),
    sourceVersion,
    servers: servers(document['servers']),
    securitySchemes: securitySchemes(obj(obj(document['components'])['securitySchemes']), deref),
    schemas,
    operations,
    clientAlias,
    tags: arr(document['tags']).map((t) => obj(t)).filter((t) => typeof t['name'] === 'string').map((t) => ({ name: t['name'] as string, ...optionalString('description', t['description']) })),
    ...(typeof license['name'] === 'string' ? { license: { name: license['name'], ...optionalString('url', license['url']), ...optionalString('identifier', license['identifier']) } } : {}),
    document,
  };
}

/**
 * The operations of one path item, and every component entry its `$ref`s reached (a read that
 * is not a whole component, or has no hash, keeps the result out of the memo).
 */
function pathItemOperations(path: string, rawItem: unknown, document: Obj, file: string, is32: boolean, globalSecurity: SecurityRequirement[], hashes: ReadonlyMap<string, string> | undefined): PathItemModel {
  const reads = new Map<string, string | undefined>();
  const deref = <T>(value: unknown): T =>
    resolveRefs(document, value, file, new Set(), (ref) => {
      const entry = componentEntryKey(ref) ?? `\0${ref}`;
      reads.set(entry, hashes?.get(entry));
    }) as T;
  const item = deref<Obj>(rawItem);
  const shared = arr(item['parameters']).map((p) => deref<Obj>(p));
  const operations: UnnamedOperation[] = [];
  for (const [method, operation, pointer] of pathOperations(path, item)) {
    const rawId = typeof operation['operationId'] === 'string' && operation['operationId'].trim() ? operation['operationId'] : undefined;
    const own = arr(operation['parameters']).map((p) => deref<Obj>(p));
    operations.push({
      rawId,
      base: rawId ? camelCase(rawId, operationNameFromPath(method, path)) : operationNameFromPath(method, path),
      statuses: Object.keys(obj(operation['responses'])).map((st) => (st.toLowerCase() === 'default' ? 'Default' : st.toUpperCase())),
      method,
      path,
      ...optionalString('summary', operation['summary']),
      ...optionalString('description', operation['description']),
      deprecated: operation['deprecated'] === true,
      tags: arr(operation['tags']).filter((t): t is string => typeof t === 'string'),
      parameters: mergeParameters(shared, own).map((p) => parameter(p, deref)),
      ...requestBody(operation['requestBody'], deref, is32),
      responses: responses(obj(operation['responses']), deref, is32),
      security: Array.isArray(operation['security']) ? (operation['security'] as SecurityRequirement[]) : globalSecurity,
      pointer,
    });
  }
  return { reads: [...reads], operations };
}

/**
 * The operations of a path item: the fixed fields (`query` is OpenAPI 3.2's QUERY) and 3.2's
 * `additionalOperations`, whose keys are the methods as sent (`COPY`), each with its pointer.
 */
function pathOperations(path: string, item: Obj): Array<[method: string, operation: Obj, pointer: string]> {
  const out: Array<[string, Obj, string]> = [];
  for (const method of METHODS) {
    const op = item[method];
    if (op && typeof op === 'object') out.push([method.toUpperCase(), op as Obj, toPointer(['paths', path, method])]);
  }
  for (const [method, op] of Object.entries(obj(item['additionalOperations']))) {
    if (op && typeof op === 'object') out.push([method, op as Obj, toPointer(['paths', path, 'additionalOperations', method])]);
  }
  return out;
}

function mergeParameters(shared: Obj[], own: Obj[]): Obj[] {
  const key = (p: Obj) => `${String(p['in'])}:${String(p['in']) === 'header' ? String(p['name']).toLowerCase() : String(p['name'])}`;
  const merged = new Map<string, Obj>();
  for (const p of shared) merged.set(key(p), p);
  for (const p of own) merged.set(key(p), p);
  return [...merged.values()];
}

function parameter(p: Obj, deref: <T>(v: unknown) => T): ParameterModel {
  const location = String(p['in']) as ParameterModel['in'];
  const content = obj(p['content']);
  const [contentType, media] = Object.entries(content)[0] ?? [];
  const schema: SchemaObject = media ? ((obj(media)['schema'] as SchemaObject | undefined) ?? {}) : ((p['schema'] as SchemaObject | undefined) ?? {});
  const defaultStyle: ParameterStyle = location === 'query' || location === 'cookie' ? 'form' : 'simple';
  const style = (typeof p['style'] === 'string' ? p['style'] : defaultStyle) as ParameterStyle;
  return {
    name: String(p['name']),
    in: location,
    required: location === 'path' ? true : p['required'] === true,
    style,
    explode: typeof p['explode'] === 'boolean' ? p['explode'] : style === 'form',
    allowReserved: p['allowReserved'] === true,
    shape: shapeOf(deref<SchemaObject>(schema), deref),
    schema,
    ...(contentType ? { contentType } : {}),
    deprecated: p['deprecated'] === true,
    ...optionalString('description', p['description']),
  };
}

function shapeOf(schema: SchemaObject, deref: <T>(v: unknown) => T, depth = 0): ValueShape {
  if (typeof schema !== 'object' || depth > 8) return 'primitive';
  const type = schema['type'];
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('array')) return 'array';
  if (types.includes('object') || schema['properties'] !== undefined) return 'object';
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    for (const sub of arr(schema[key])) {
      const shape = shapeOf(deref<SchemaObject>(sub), deref, depth + 1);
      if (shape !== 'primitive') return shape;
    }
  }
  return 'primitive';
}

function media(content: unknown, deref: <T>(v: unknown) => T, is32: boolean): MediaModel[] {
  return Object.entries(obj(content)).map(([mediaType, m]) => {
    const mo = obj(m);
    const encoding = obj(mo['encoding']);
    const model: MediaModel = { mediaType, kind: bodyKind(mediaType) };
    if (mo['schema'] !== undefined) model.schema = mo['schema'] as SchemaObject;
    const stream = streamModel(mediaType, mo, is32, deref);
    if (stream) model.stream = stream;
    if (Object.keys(encoding).length > 0) {
      model.encoding = Object.fromEntries(
        Object.entries(encoding).map(([prop, e]) => {
          const eo = obj(e);
          return [prop, {
            ...optionalString('contentType', eo['contentType']),
            ...(typeof eo['style'] === 'string' ? { style: eo['style'] as ParameterStyle } : {}),
            ...(typeof eo['explode'] === 'boolean' ? { explode: eo['explode'] } : {}),
          }];
        }),
      );
    }
    return model;
  });
}

function requestBody(raw: unknown, deref: <T>(v: unknown) => T, is32: boolean): { requestBody?: NonNullable<OperationModel['requestBody']> } {
  if (!raw) return {};
  const body = deref<Obj>(raw);
  const content = media(body['content'], deref, is32);
  if (content.length === 0) return {};
  return { requestBody: { required: body['required'] === true, ...(body['x-stream'] === true ? { stream: true } : {}), ...optionalString('description', body['description']), content } };
}

function responses(raw: Obj, deref: <T>(v: unknown) => T, is32: boolean): ResponseModel[] {
  return Object.entries(raw)
    .filter(([status]) => /^([1-5]\d\d|[1-5]XX|default)$/i.test(status))
    .map(([status, r]) => {
      const response = deref<Obj>(r);
      const normalized = status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase();
      return {
        status: normalized,
        codes: statusCodes(normalized),
        ...optionalString('description', response['description']),
        content: media(response['content'], deref, is32),
        headers: Object.entries(obj(response['headers']))
          .filter(([name]) => name.toLowerCase() !== 'content-type')
          .map(([name, h]): HeaderModel => {
            const header = deref<Obj>(h);
            const content = Object.values(obj(header['content']))[0];
            return {
              name,
              required: header['required'] === true,
              schema: ((header['schema'] ?? obj(content)['schema']) as SchemaObject | undefined) ?? {},
              ...optionalString('description', header['description']),
            };
          }),
      };
    });
}

function servers(raw: unknown): ServerSpec[] {
  const list = arr(raw).map((s) => obj(s)).filter((s) => typeof s['url'] === 'string');
  if (list.length === 0) return [{ url: '/', variables: {} }];
  return list.map((s) => ({
    url: s['url'] as string,
    variables: Object.fromEntries(
      Object.entries(obj(s['variables'])).map(([name, v]) => {
        const vo = obj(v);
        const values = arr(vo['enum']).map(String);
        return [name, { default: String(vo['default'] ?? ''), ...(values.length > 0 ? { enum: values } : {}) }];
      }),
    ),
  }));
}

/** Follows `$ref` chains on component-level objects (parameters, responses, bodies, headers, path items). */
function resolveRefs(document: Obj, value: unknown, file: string, seen = new Set<string>(), onRef?: (ref: string) => void): unknown {
  if (!value || typeof value !== 'object') return value;
  const ref = (value as Obj)['$ref'];
  if (typeof ref !== 'string') return value;
  if (seen.has(ref)) throw new SpecError('SPEC_REF_CYCLE', `$ref ${JSON.stringify(ref)} refers to itself`, { file });
  seen.add(ref);
  onRef?.(ref);
  const target = resolvePointer(document, ref);
  if (target === undefined) throw new SpecError('SPEC_REF_NOT_FOUND', `$ref ${JSON.stringify(ref)} points to nothing`, { file });
  return resolveRefs(document, target, file, seen, onRef);
}

export function obj(value: unknown): Obj {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function optionalString<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' && value.length > 0 ? { [key]: value } : {}) as { [P in K]?: string };
}
