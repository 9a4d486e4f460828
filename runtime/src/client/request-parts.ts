/**
 * Turns a ClientRequest into the path+query, headers and cookies of the wire
 * request, per the operation's parameter specs. The serializers come with the
 * operation (`plugins/params.ts`: a generated operation passes those of the
 * locations and styles it declares, so an operation with two simple path
 * parameters bundles no query, label or matrix code).
 */
import type { OperationSpec, ParameterSpec } from '../spec.js';
import { InvalidRequestError } from './errors.js';
import type { Serialization } from './parameters.js';
import type { ClientRequest } from './types.js';

/** The parameter serializers of one operation, by location (see `parameters.ts`, `querystring.ts`). */
export interface ParamSerializers {
  path?: ((p: Serialization, value: unknown) => string) | undefined;
  query?: ((p: Serialization, value: unknown) => string | undefined) | undefined;
  header?: ((p: Serialization, value: unknown) => string | undefined) | undefined;
  cookie?: ((p: Serialization, value: unknown) => string[]) | undefined;
  querystring?: ((p: ParameterSpec, value: unknown) => string) | undefined;
}

export interface RequestParts {
  /** `/pets/1?limit=2` — appended to the base URL. */
  pathAndQuery: string;
  headers: Array<[string, string]>;
  /** `name=value` pairs for the Cookie header. */
  cookies: string[];
}

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

function undeclared(name: string, location: ParameterSpec['in']): Serialization {
  const style = location === 'query' || location === 'cookie' ? 'form' : 'simple';
  return { name, style, explode: style === 'form' };
}

/** The serializer of a location the request has values for; an operation that declares none there brings none. */
function need<F>(op: OperationSpec, serialize: F | undefined, location: string): F {
  if (serialize === undefined) throw new InvalidRequestError(`${op.name}: declares no ${location} parameters`);
  return serialize;
}

/** What requestParts needs of a descriptor, worked out on its first call (descriptors are not changed after they are made). */
interface ParamFacts {
  declared: Partial<Record<ParameterSpec['in'], { list: ParameterSpec[]; names: Set<string> }>>;
  /** The path template cut at its `{name}`s: literal text at even indexes, names at odd ones. */
  template: string[];
  path: Map<string, ParameterSpec>;
  querystring: ParameterSpec | undefined;
}

const facts = new WeakMap<OperationSpec, ParamFacts>();
const NO_VALUES: Array<[Serialization, unknown]> = [];

function factsOf(op: OperationSpec): ParamFacts {
  let known = facts.get(op);
  if (known === undefined) {
    known = { declared: {}, template: op.path.split(/\{([^}]+)\}/), path: new Map(), querystring: undefined };
    for (const p of op.parameters) {
      const at = (known.declared[p.in] ??= { list: [], names: new Set() });
      at.list.push(p);
      at.names.add(p.name);
      if (p.in === 'path') known.path.set(p.name, p);
      if (p.in === 'querystring') known.querystring ??= p;
    }
    facts.set(op, known);
  }
  return known;
}

/** Values of `group` in spec order, then keys the spec does not declare (sent with the location's default style). */
function valuesOf(
  op: OperationSpec,
  location: ParameterSpec['in'],
  group: Record<string, unknown> | undefined,
): Array<[Serialization, unknown]> {
  const declared = factsOf(op).declared[location];
  if (declared === undefined && group === undefined) return NO_VALUES;
  const out: Array<[Serialization, unknown]> = declared === undefined ? [] : declared.list.map((p) => [p, group?.[p.name]]);
  if (group !== undefined) {
    for (const name of Object.keys(group)) {
      if (declared === undefined || !declared.names.has(name)) out.push([undeclared(name, location), group[name]]);
    }
  }
  return out;
}

export function requestParts(op: OperationSpec, req: ClientRequest | undefined, serializers: ParamSerializers): RequestParts {
  const headers: Array<[string, string]> = [];
  for (const [p, v] of valuesOf(op, 'header', req?.headers)) {
    const text = need(op, serializers.header, 'header')(p, v);
    if (text !== undefined) headers.push([p.name, text]);
  }
  return {
    pathAndQuery: buildPath(op, req?.path, serializers) + buildQuery(op, req?.query, serializers) + querystringOf(op, req, serializers),
    headers,
    cookies: valuesOf(op, 'cookie', req?.cookies).flatMap(([p, v]) => need(op, serializers.cookie, 'cookie')(p, v)),
  };
}

function buildPath(op: OperationSpec, values: Record<string, unknown> | undefined, serializers: ParamSerializers): string {
  if (!op.path.includes('{')) return op.path;
  const { path: byName, template } = factsOf(op);
  let path = template[0]!;
  for (let i = 1; i < template.length; i += 2) {
    const name = template[i]!;
    const value = values?.[name];
    if (value === undefined || value === null) {
      throw new InvalidRequestError(`${op.name}: missing path parameter "${name}"`);
    }
    path += need(op, serializers.path, 'path')(byName.get(name) ?? undeclared(name, 'path'), value) + template[i + 1]!;
  }
  // WHATWG URL parsing would collapse `.`/`..` segments (even as %2E): refuse values that produce one.
  if (!path.includes('.') && !path.includes('%2')) return path;
  const templateSegments = op.path.split('/');
  path.split('/').forEach((segment, i) => {
    if (DOT_SEGMENT.test(segment) && !DOT_SEGMENT.test(templateSegments[i] ?? '')) {
      throw new InvalidRequestError(`${op.name}: a path parameter cannot be "${decodeURIComponent(segment)}"`);
    }
  });
  return path;
}

/** OpenAPI 3.2 `in: querystring` (which excludes `in: query` parameters): the whole query string. */
function querystringOf(op: OperationSpec, req: ClientRequest | undefined, serializers: ParamSerializers): string {
  const p = factsOf(op).querystring;
  return p ? need(op, serializers.querystring, 'querystring')(p, req?.querystring) : '';
}

function buildQuery(op: OperationSpec, values: Record<string, unknown> | undefined, serializers: ParamSerializers): string {
  const pairs = valuesOf(op, 'query', values).flatMap(([p, v]) => {
    const text = need(op, serializers.query, 'query')(p, v);
    return text === undefined || text === '' ? [] : [text];
  });
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}
