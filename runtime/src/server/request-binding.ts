import type { FastifyRequest } from 'fastify';
import type { ApiSpec, MediaSpec, OperationSpec, ParameterLocation, ParameterSpec } from '../spec.js';
import { decodeBody, isFile, isFiniteDecimal, readJsonFileParts, shapeFields, type JsonParse } from './body-decoding.js';
import { parseCookieHeader } from './cookies.js';
import { matchContentType, essence } from './media-type.js';
import { MultipartLimitError, readMultipart, type MultipartBody } from './multipart.js';
import { streamMultipart } from './multipart-stream.js';
import { decodeParameter, rawQuery, type QueryClaims, type RawParameters } from './parameter-decoding.js';
import { problem, type Problem, type ProblemFieldError } from './problem.js';
import { bindQuerystring, compileQuerystring, type QuerystringBinder } from './querystring.js';
import { describeErrors, MAX_REPORTED_ERRORS, type FieldErrors, type SchemaCompiler, type Validator } from './schema-compiler.js';
import { getOwn, propertySchemas, resolveSchema, schemaTypes, setOwn, textBodyType } from './schema-util.js';
import type { HandlerRequest } from './types.js';

const LOCATIONS: Array<[ParameterLocation, 'path' | 'query' | 'headers' | 'cookies', ProblemFieldError['in']]> = [
  ['path', 'path', 'path'],
  ['query', 'query', 'query'],
  ['header', 'headers', 'header'],
  ['cookie', 'cookies', 'cookie'],
];

/** Replaces strings a numeric schema cannot take as plain decimals (see {@link compileStrictNumbers}). */
type NumberFix = (value: unknown) => unknown;

interface BoundParameter {
  p: ParameterSpec;
  /** Absent when the schema has no integer/number part. */
  fix: NumberFix | undefined;
  /** A primitive path (Fastify's param id) or header (lower-case name) parameter in simple style: read as it is, without decoding. */
  direct: { from: 'path' | 'header'; key: string } | undefined;
}

interface LocationBinder {
  key: 'path' | 'query' | 'headers' | 'cookies';
  in: ProblemFieldError['in'];
  params: BoundParameter[];
  validate: Validator;
  /** None of these parameters is required or has a default: a request sending none of them needs no validation. */
  emptyOk: boolean;
}

interface BodyMedia {
  mediaType: string;
  media: MediaSpec;
  validate: Validator | undefined;
  /** Forms and multipart: numeric fields must be plain decimals. */
  fix: NumberFix | undefined;
}

/** Everything needed to bind one operation's requests, compiled once at registration. */
/** The body's media types, and the last Content-Type seen with what it matched (clients send the same one again and again). */
interface BodyBinder {
  required: boolean;
  /** multipart bodies reach the handler as parts as they arrive (x-stream / streamBodies). */
  stream: boolean;
  media: BodyMedia[];
  lastType: string | undefined;
  lastMatch: BodyMedia | undefined;
}

export interface RequestBinder {
  locations: LocationBinder[];
  queryClaims: QueryClaims;
  body: BodyBinder | undefined;
  /** [Fastify param name, spec name]. */
  pathNames: Array<[string, string]>;
  /** Which raw inputs this operation reads (the rest is never parsed). */
  reads: { query: boolean; cookies: boolean };
  /** OpenAPI 3.2 `in: querystring`: the whole query string as one value (`req.querystring`). */
  querystring?: QuerystringBinder;
  /** Its number check, compiled once. */
  querystringFix?: NumberFix;
}

export function compileBinder(
  api: ApiSpec,
  op: OperationSpec,
  pathNames: Map<string, string>,
  compilers: { plain: SchemaCompiler; coercing: SchemaCompiler },
): RequestBinder {
  const locations: LocationBinder[] = [];
  for (const [loc, key, where] of LOCATIONS) {
    const params = op.parameters.filter((p) => p.in === loc);
    if (params.length === 0) continue;
    const properties: Record<string, unknown> = {};
    // A `default` has no meaning for a required parameter (OpenAPI 2.0's parameter `default`; 3.x's
    // `required: true` makes the client send it): without the keyword, ajv's useDefaults cannot fill
    // one in and `required` refuses the request.
    for (const p of params) setOwn(properties, p.name, p.required || p.in === 'path' ? withoutDefault(p.schema) : p.schema);
    const schema = { type: 'object', properties, required: params.filter((p) => p.required || p.in === 'path').map((p) => p.name) };
    const bound = params.map((p) => ({ p, fix: compileStrictNumbers(api, p.schema), direct: directRead(p, pathNames) }));
    const emptyOk = params.every((p) => !p.required && p.in !== 'path' && plainOptional(p.schema));
    locations.push({ key, in: where, params: bound, validate: compilers.coercing.compile(schema, `${op.operationId} ${loc} parameters`), emptyOk });
  }
  let body: RequestBinder['body'];
  if (op.requestBody) {
    const stream = op.requestBody.stream === true;
    body = {
      required: op.requestBody.required,
      stream,
      media: op.requestBody.content.map((media) => ({
        mediaType: media.mediaType,
        media,
        validate:
          media.schema === undefined || media.kind === 'binary' || (media.kind === 'multipart' && stream) || (media.kind === 'text' && textBodyType(api, media.schema) === 'opaque')
            ? undefined
            : (media.kind === 'form' || media.kind === 'multipart' ? compilers.coercing : compilers.plain).compile(
                media.schema,
                `${op.operationId} request body ${media.mediaType}`,
              ),
        fix: media.kind === 'form' || media.kind === 'multipart' ? compileStrictNumbers(api, media.schema ?? {}) : undefined,
      })),
      lastType: undefined,
      lastMatch: undefined,
    };
  }
  const claims = queryClaims(api, op);
  const reads = { query: locations.some((l) => l.key === 'query'), cookies: locations.some((l) => l.key === 'cookies') };
  const out: RequestBinder = { locations, queryClaims: claims, body, pathNames: [...pathNames], reads };
  const querystring = compileQuerystring(op, compilers);
  if (querystring) {
    out.querystring = querystring;
    const fix = compileStrictNumbers(api, querystring.param.schema);
    if (fix) out.querystringFix = fix;
  }
  return out;
}

function directRead(p: ParameterSpec, pathNames: Map<string, string>): BoundParameter['direct'] {
  if (p.shape !== 'primitive' || p.contentType !== undefined || p.style !== 'simple') return undefined;
  if (p.in === 'header') return { from: 'header', key: p.name.toLowerCase() };
  if (p.in !== 'path') return undefined;
  for (const [id, name] of pathNames) if (name === p.name) return { from: 'path', key: id };
  return undefined;
}

/** A schema ajv applies nothing to when its property is absent: no `default`, nothing composed or referenced that could hold one. */
function plainOptional(schema: ParameterSpec['schema']): boolean {
  if (typeof schema !== 'object' || schema === null) return true;
  return !['default', '$ref', '$dynamicRef', 'allOf', 'anyOf', 'oneOf', 'if'].some((k) => Object.hasOwn(schema, k));
}

function withoutDefault(schema: ParameterSpec['schema']): ParameterSpec['schema'] {
  if (typeof schema !== 'object' || schema === null || !Object.hasOwn(schema, 'default')) return schema;
  const { default: _unused, ...rest } = schema as Record<string, unknown>;
  return rest as ParameterSpec['schema'];
}

/** The query keys an operation's parameters and query API keys own. */
function queryClaims(api: ApiSpec, op: OperationSpec): QueryClaims {
  const query = op.parameters.filter((p) => p.in === 'query');
  const names = new Set(query.map((p) => p.name));
  for (const requirement of op.security) {
    for (const scheme of Object.keys(requirement)) {
      const spec = api.securitySchemes[scheme];
      if (spec?.type === 'apiKey' && spec.in === 'query') names.add(spec.name);
    }
  }
  return { names, prefixes: query.filter((p) => p.style === 'deepObject').map((p) => `${p.name}[`) };
}

/** A refusal may carry response headers (`connection: close` after an unread body). */
export type BindResult = { ok: true; req: HandlerRequest } | { ok: false; problem: Problem; headers?: Record<string, string> };

type BodyResult = { ok: true; value: unknown; contentType?: string } | { ok: false; problem: Problem; headers?: Record<string, string> };

function hasBody(request: FastifyRequest): boolean {
  const b = request.body;
  return typeof b === 'string' || Buffer.isBuffer(b) ? b.length > 0 : b !== undefined && b !== null;
}

function refused(detail: string, errors: FieldErrors): BodyResult {
  return { ok: false, problem: problem(400, describeErrors(detail, errors), errors.map((e) => ({ in: 'body', ...e }))) };
}

function bodyValue(binder: BodyBinder, media: string, value: unknown): BodyResult {
  const out: { ok: true; value: unknown; contentType?: string } = { ok: true, value };
  if (binder.media.length > 1) out.contentType = media;
  return out;
}

/** The body of a request: synchronous except for multipart (read as a stream). */
function bindBody(api: ApiSpec, binder: BodyBinder, request: FastifyRequest, parseJson: JsonParse): BodyResult | Promise<BodyResult> {
  const contentType = request.headers['content-type'];
  const isMultipart = request.isMultipart?.() === true;
  if (!isMultipart && !hasBody(request)) {
    if (binder.required) return { ok: false, problem: problem(400, 'request body is required', [{ in: 'body', pointer: '', message: 'is required' }]) };
    return { ok: true, value: undefined };
  }
  let matched: BodyMedia | undefined;
  if (contentType !== undefined && contentType === binder.lastType) matched = binder.lastMatch;
  else {
    matched = matchContentType(contentType ?? '', binder.media);
    binder.lastType = contentType;
    binder.lastMatch = matched;
  }
  if (!matched) {
    const accepted = binder.media.map((m) => m.media.mediaType).join(', ');
    return { ok: false, problem: problem(415, `content type ${essence(contentType) || '(none)'} is not accepted here; expected ${accepted}`) };
  }
  if (matched.media.kind === 'multipart') {
    if (!binder.stream) return bindMultipart(api, binder, matched, request, parseJson);
    const parts = streamMultipart(request);
    if (parts instanceof Error) return { ok: false, problem: problem(parts.statusCode, parts.message), headers: { connection: 'close' } };
    return bodyValue(binder, matched.media.mediaType, parts);
  }
  const { media, validate } = matched;
  // bytes, or the text of a JSON media type's body (utf8-body.ts)
  const raw = request.body as Buffer | string;
  const decoded = decodeBody(api, media, raw, parseJson);
  if (!decoded.ok) return { ok: false, problem: problem(400, `malformed ${media.mediaType} body`, [{ in: 'body', pointer: decoded.pointer, message: decoded.message }]) };
  // Forms are coerced like parameters: only plain, finite decimals become numbers.
  const value = matched.fix ? matched.fix(decoded.value) : decoded.value;
  if (validate) {
    const errors = validate(value, typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.length);
    if (errors.length > 0) return refused('request body does not match the contract', errors);
  }
  return bodyValue(binder, media.mediaType, value);
}

async function bindMultipart(api: ApiSpec, binder: BodyBinder, matched: BodyMedia, request: FastifyRequest, parseJson: JsonParse): Promise<BodyResult> {
  const { media, validate } = matched;
  let body: MultipartBody;
  try {
    body = await readMultipart(request);
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
    const detail = error instanceof MultipartLimitError ? error.message : code === 413 ? 'a multipart part or the number of parts exceeds the limit' : 'malformed multipart body';
    // Like Fastify after a body it could not parse: the client may still be sending; close.
    return { ok: false, problem: problem(code, detail), headers: { connection: 'close' } };
  }
  const shaped = shapeFields(api, media, await readJsonFileParts(api, media, body.entries), parseJson);
  if (!shaped.ok) return { ok: false, problem: problem(400, 'invalid multipart field', [{ in: 'body', pointer: shaped.pointer, message: shaped.message }]) };
  const value = matched.fix ? matched.fix(shaped.value) : shaped.value;
  // Validate files as strings (format: binary) by their names; put the File objects back afterwards.
  const files: Array<[string, File | unknown[]]> = [];
  const record = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(record)) {
    if (isFile(v)) files.push([k, v]), (record[k] = v.name);
    else if (Array.isArray(v) && v.some(isFile)) files.push([k, v]), (record[k] = v.map((x: unknown) => (isFile(x) ? x.name : x)));
  }
  if (validate) {
    const errors = validate(value, body.bytes);
    if (errors.length > 0) return refused('request body does not match the contract', errors);
  }
  // Handlers get web-standard `File`s (a Blob with name and type), matching the generated `Binary` type.
  for (const [k, v] of files) record[k] = v;
  return bodyValue(binder, media.mediaType, value);
}

const NO_PAIRS: Array<[string, string]> = [];
const NONE_FOUND: FieldErrors = Object.freeze([]) as unknown as FieldErrors;

function isEmpty(values: Record<string, unknown>): boolean {
  for (const _ in values) return false;
  return true;
}

const NO_COOKIES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

function rawParameters(binder: RequestBinder, request: FastifyRequest, fastifyParams: Record<string, string | undefined>): RawParameters {
  const path: Record<string, string> = {};
  for (const [id, name] of binder.pathNames) {
    const value = fastifyParams[id];
    if (value !== undefined) setOwn(path, name, value);
  }
  return {
    path,
    query: binder.reads.query ? rawQuery(request.url) : NO_PAIRS,
    headers: request.headers,
    cookies: binder.reads.cookies ? parseCookieHeader(request.headers.cookie) : NO_COOKIES,
  };
}

function withBody(req: HandlerRequest, body: BodyResult): BindResult {
  if (!body.ok) return body;
  req.body = body.value;
  if (body.contentType !== undefined) req.contentType = body.contentType;
  return { ok: true, req };
}

/**
 * Decodes, coerces and validates every declared input of a request; synchronous unless the body is
 * multipart. Only the inputs the operation declares are read (no query parsing for an operation
 * without query parameters, no cookie parsing without cookie parameters).
 */
export function bindRequest(api: ApiSpec, binder: RequestBinder, request: FastifyRequest, parseJson: JsonParse): BindResult | Promise<BindResult> {
  const req: HandlerRequest = {};
  if (binder.locations.length > 0 || binder.querystring) {
    const fastifyParams = (request.params ?? {}) as Record<string, string | undefined>;
    let raw: RawParameters | undefined;
    let errors: ProblemFieldError[] | undefined;
    let total = 0;
    for (const loc of binder.locations) {
      const values: Record<string, unknown> = {};
      for (const { p, fix, direct } of loc.params) {
        if (direct) {
          const given = direct.from === 'path' ? fastifyParams[direct.key] : getOwn(request.headers, direct.key);
          if (given === undefined) continue;
          const text = Array.isArray(given) ? given.join(', ') : given;
          setOwn(values, p.name, fix ? fix(text) : text);
          continue;
        }
        raw ??= rawParameters(binder, request, fastifyParams);
        const decoded = decodeParameter(api, p, raw, binder.queryClaims, parseJson);
        if (decoded === undefined) continue;
        if (decoded.ok) setOwn(values, p.name, fix ? fix(decoded.value) : decoded.value);
        else (errors ??= []).push({ in: loc.in, pointer: `/${p.name}`, message: decoded.message }), total++;
      }
      const found = loc.emptyOk && isEmpty(values) ? NONE_FOUND : loc.validate(values);
      if (found.length > 0) {
        total += found.total ?? found.length;
        for (const e of found) (errors ??= []).push({ in: loc.in, ...e });
      }
      req[loc.key] = values;
    }
    if (binder.querystring) {
      const fix = binder.querystringFix;
      const qs = bindQuerystring(api, binder.querystring, request.url, parseJson, (v) => (fix ? fix(v) : v));
      if (!qs.ok) (errors ??= []).push(...qs.errors), (total += qs.errors.length);
      else if (qs.value !== undefined) req.querystring = qs.value;
    }
    if (errors) {
      const listed: ProblemFieldError[] & { total?: number } = errors.slice(0, MAX_REPORTED_ERRORS);
      if (total > listed.length) listed.total = total;
      return { ok: false, problem: problem(400, describeErrors('request parameters do not match the contract', listed), listed) };
    }
  }
  if (!binder.body) return { ok: true, req };
  const body = bindBody(api, binder.body, request, parseJson);
  return body instanceof Promise ? body.then((b) => withBody(req, b)) : withBody(req, body);
}

const NOT_A_NUMBER = Object.freeze({ notANumber: true });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Deeper than this, the schema is walked per value (recursive schemas). */
const FIX_DEPTH = 8;

/**
 * ajv's type coercion turns any string JavaScript can read as a number into one
 * (`0x10` -> 16, `' 12 '` -> 12, `1_000`, `1e999` -> Infinity…). Parameters and form/multipart fields declared integer/number
 * must be plain decimals within the double range: anything else is replaced by a
 * value ajv cannot coerce, so validation reports it at its pointer. Compiled once per schema at
 * registration; `undefined` when the schema has no numeric part (nothing to do per request).
 */
export function compileStrictNumbers(api: ApiSpec, schema: ParameterSpec['schema'], depth = 0): NumberFix | undefined {
  if (depth > FIX_DEPTH) return (value) => strictNumbers(api, schema, value);
  const types = schemaTypes(api, schema);
  const numeric = (types.includes('integer') || types.includes('number')) && !types.includes('string');
  const items = resolveSchema(api, schema)['items'] as ParameterSpec['schema'] | undefined;
  const itemFix = items === undefined ? undefined : compileStrictNumbers(api, items, depth + 1);
  const props: Array<[string, NumberFix]> = [];
  for (const [k, v] of Object.entries(propertySchemas(api, schema))) {
    const fix = compileStrictNumbers(api, v, depth + 1);
    if (fix) props.push([k, fix]);
  }
  if (!numeric && !itemFix && props.length === 0) return undefined;
  const byName = new Map(props);
  return (value) => {
    if (typeof value === 'string') return numeric && !isFiniteDecimal(value) ? NOT_A_NUMBER : value;
    if (Array.isArray(value)) return itemFix ? value.map(itemFix) : value;
    if (byName.size > 0 && isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const fix = byName.get(k);
        setOwn(out, k, fix ? fix(v) : v);
      }
      return out;
    }
    return value;
  };
}

/** {@link compileStrictNumbers}, walking the schema per value (for schemas nested past FIX_DEPTH). */
function strictNumbers(api: ApiSpec, schema: ParameterSpec['schema'], value: unknown): unknown {
  const types = schemaTypes(api, schema);
  if (typeof value === 'string') {
    const numeric = types.includes('integer') || types.includes('number');
    return numeric && !types.includes('string') && !isFiniteDecimal(value) ? NOT_A_NUMBER : value;
  }
  if (Array.isArray(value)) {
    const items = resolveSchema(api, schema)['items'] as ParameterSpec['schema'] | undefined;
    return items === undefined ? value : value.map((v) => strictNumbers(api, items, v));
  }
  if (isPlainObject(value)) {
    const props = propertySchemas(api, schema);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, Object.prototype.hasOwnProperty.call(props, k) ? strictNumbers(api, props[k]!, v) : v);
    return out;
  }
  return value;
}
