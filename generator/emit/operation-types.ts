/**
 * Per-operation request and response types (TypeScript text), shared by the
 * types, server and client emitters. Built from escaped parts only: keys via
 * propKey, literals via str, schema types via openapi-typescript.
 */
import { propKey, str } from '../escape.js';
import type { MediaModel, OperationModel, ParameterModel, ResponseModel } from '../model/types.js';
import type { TsSchemas } from './ts-schema.js';

const LOCATIONS: Array<{ in: ParameterModel['in']; key: string }> = [
  { in: 'path', key: 'path' },
  { in: 'query', key: 'query' },
  { in: 'header', key: 'headers' },
  { in: 'cookie', key: 'cookies' },
];

export interface ResponseMemberView {
  name: string;
  type: string;
  description?: string;
}

export interface OperationTypesView {
  requestName: string;
  requestType: string;
  /** True when nothing in the request is required (the client argument becomes optional). */
  requestOptional: boolean;
  responseName: string;
  members: ResponseMemberView[];
  responseUnion: string;
  hasDefault: boolean;
  /** Documented concrete status codes (for OtherStatus<>). */
  documented: number[];
}

export function operationTypes(op: OperationModel, schemas: TsSchemas): OperationTypesView {
  const base = `#/paths/${op.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${op.method.toLowerCase()}`;
  const parts: string[] = [];
  let requestOptional = true;
  for (const loc of LOCATIONS) {
    const params = op.parameters.filter((p) => p.in === loc.in);
    if (params.length === 0) continue;
    const required = params.some((p) => p.required);
    if (required) requestOptional = false;
    const fields = params.map((p) => `${propKey(p.name)}${p.required ? '' : '?'}: ${schemas.type(p.schema, `${base}/parameters/${p.name}`)};`);
    parts.push(`${loc.key}${required ? '' : '?'}: { ${fields.join(' ')} };`);
  }
  let bodyUnion = '';
  const body = op.requestBody;
  if (body) {
    if (body.required) requestOptional = false;
    const opt = body.required ? '' : '?';
    const [first, ...rest] = body.content;
    if (first && rest.length === 0) {
      parts.push(`body${opt}: ${bodyType(first, schemas, `${base}/requestBody`, 'write')};`);
    } else if (first) {
      bodyUnion = body.content
        .map((m, i) => `{ contentType${i === 0 ? '?' : ''}: ${str(m.mediaType)}; body${opt}: ${bodyType(m, schemas, `${base}/requestBody`, 'write')} }`)
        .join(' | ');
    }
  }
  const object = `{ ${parts.join(' ')} }`;
  const requestType = bodyUnion ? `${object} & (${bodyUnion})` : object;

  const documented = op.responses.flatMap((r) => r.codes);
  const hasDefault = op.responses.some((r) => r.status === 'default');
  const members = op.responses.map((r) => ({
    name: `${op.typeName}Response${r.status === 'default' ? 'Default' : r.status}`,
    type: responseMember(r, schemas, `${base}/responses/${r.status}`, documented),
    ...(r.description ? { description: r.description } : {}),
  }));
  return {
    requestName: `${op.typeName}Request`,
    requestType,
    requestOptional,
    responseName: `${op.typeName}Response`,
    members,
    responseUnion: members.length > 0 ? members.map((m) => m.name).join(' | ') : '{ status: HttpStatus; body?: unknown }',
    hasDefault,
    documented,
  };
}

function statusType(r: ResponseModel, documented: number[]): string {
  if (/^\d+$/.test(r.status)) return r.status;
  const range = /^([1-5])XX$/.exec(r.status);
  if (range) {
    // exact statuses documented in the same range keep their own member
    const exactInRange = documented.filter((c) => Math.floor(c / 100) === Number(range[1]) && documented.filter((d) => d === c).length > 1);
    const unique = [...new Set(exactInRange)];
    return unique.length > 0 ? `Exclude<StatusRange<${range[1]}>, ${unique.join(' | ')}>` : `StatusRange<${range[1]}>`;
  }
  const exact = [...new Set(documented)];
  return exact.length === 0 ? 'HttpStatus' : exact.length > 20 ? `OtherStatus<${rangeUnion(exact)}>` : `OtherStatus<${exact.join(' | ')}>`;
}

/** Collapse full ranges back to StatusRange<N> to keep types small. */
function rangeUnion(codes: number[]): string {
  const out: string[] = [];
  const set = new Set(codes);
  for (let d = 1; d <= 5; d++) {
    const all = Array.from({ length: 100 }, (_, i) => d * 100 + i);
    if (all.every((c) => set.has(c))) {
      out.push(`StatusRange<${d}>`);
      all.forEach((c) => set.delete(c));
    }
  }
  return [...out, ...[...set].sort((a, b) => a - b).map(String)].join(' | ');
}

function responseMember(r: ResponseModel, schemas: TsSchemas, path: string, documented: number[]): string {
  const status = `status: ${statusType(r, documented)};`;
  let headers = '';
  if (r.headers.length > 0) {
    const required = r.headers.some((h) => h.required);
    const fields = r.headers.map((h) => `${propKey(h.name)}${h.required ? '' : '?'}: ${schemas.type(h.schema, `${path}/headers/${h.name}`)};`);
    headers = `headers${required ? '' : '?'}: { ${fields.join(' ')} };`;
  }
  if (r.content.length === 0) return `{ ${status} ${headers} }`;
  return r.content
    .map((m, i) => {
      const ct = r.content.length > 1 ? `contentType${i === 0 ? '?' : ''}: ${str(m.mediaType)};` : '';
      return `{ ${status} ${ct} body: ${bodyType(m, schemas, `${path}/content`, 'read')}; ${headers} }`;
    })
    .join(' | ');
}

function bodyType(m: MediaModel, schemas: TsSchemas, path: string, direction: 'read' | 'write'): string {
  if (m.kind === 'binary') return 'Binary';
  if (m.kind === 'text' && (m.schema === undefined || (typeof m.schema === 'object' && m.schema['type'] !== 'string' && m.schema['$ref'] === undefined))) return 'string';
  const type = schemas.type(m.schema, path);
  if (!schemas.readWriteMarkers) return type;
  return direction === 'read' ? `Readable<${type}>` : `Writable<${type}>`;
}
