/**
 * Turns a ClientRequest into the path+query, headers and cookies of the wire
 * request, per the operation's parameter specs.
 */
import type { OperationSpec, ParameterSpec } from '../spec.js';
import { InvalidRequestError } from './errors.js';
import {
  serializeCookieParam,
  serializeHeaderParam,
  serializePathParam,
  serializeQueryParam,
  type Serialization,
} from './parameters.js';
import { serializeQuerystring } from './querystring.js';
import type { ClientRequest } from './types.js';

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

/** Values of `group` in spec order, then keys the spec does not declare (sent with the location's default style). */
function valuesOf(
  op: OperationSpec,
  location: ParameterSpec['in'],
  group: Record<string, unknown> | undefined,
): Array<[Serialization, unknown]> {
  const declared = op.parameters.filter((p) => p.in === location);
  const out: Array<[Serialization, unknown]> = declared.map((p) => [p, group?.[p.name]]);
  const names = new Set(declared.map((p) => p.name));
  for (const [name, value] of Object.entries(group ?? {})) {
    if (!names.has(name)) out.push([undeclared(name, location), value]);
  }
  return out;
}

export function requestParts(op: OperationSpec, req: ClientRequest | undefined): RequestParts {
  return {
    pathAndQuery: buildPath(op, req?.path) + buildQuery(op, req?.query) + querystringOf(op, req),
    headers: valuesOf(op, 'header', req?.headers).flatMap(([p, v]) => {
      const text = serializeHeaderParam(p, v);
      return text === undefined ? [] : [[p.name, text] as [string, string]];
    }),
    cookies: valuesOf(op, 'cookie', req?.cookies).flatMap(([p, v]) => serializeCookieParam(p, v)),
  };
}

function buildPath(op: OperationSpec, values: Record<string, unknown> | undefined): string {
  const byName = new Map(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p]));
  const path = op.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values?.[name];
    if (value === undefined || value === null) {
      throw new InvalidRequestError(`${op.name}: missing path parameter "${name}"`);
    }
    const spec = byName.get(name) ?? undeclared(name, 'path');
    return serializePathParam(spec, value);
  });
  // WHATWG URL parsing would collapse `.`/`..` segments (even as %2E): refuse values that produce one.
  const templateSegments = op.path.split('/');
  path.split('/').forEach((segment, i) => {
    if (DOT_SEGMENT.test(segment) && !DOT_SEGMENT.test(templateSegments[i] ?? '')) {
      throw new InvalidRequestError(`${op.name}: a path parameter cannot be "${decodeURIComponent(segment)}"`);
    }
  });
  return path;
}

/** OpenAPI 3.2 `in: querystring` (which excludes `in: query` parameters): the whole query string. */
function querystringOf(op: OperationSpec, req: ClientRequest | undefined): string {
  const p = op.parameters.find((x) => x.in === 'querystring');
  return p ? serializeQuerystring(p, req?.querystring) : '';
}

function buildQuery(op: OperationSpec, values: Record<string, unknown> | undefined): string {
  const pairs = valuesOf(op, 'query', values).flatMap(([p, v]) => {
    const text = serializeQueryParam(p, v);
    return text === undefined || text === '' ? [] : [text];
  });
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}
