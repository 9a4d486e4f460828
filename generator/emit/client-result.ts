/**
 * The client's result type of one operation, written out member by member: the same type as
 * the runtime's `ClientResult<Response, HasDefault>` (test/types/client-result.test-d.ts pins
 * them together), without the conditional and mapped types tsc would otherwise evaluate for
 * every operation (GitHub: 17k types, 79k instantiations, ~1.5 s CPU; issue 16).
 *
 * Each member is one of the runtime's `Result*` interfaces and reads its body, stream and headers
 * through the response alias in types.ts (`ResultBody<404, false, T.XResponse404["body"]>`), so no
 * schema type is printed twice; the undocumented rest excludes the documented statuses as literals
 * (`UndocumentedResponse<200 | 404>`) when every member has one exact status. A member with several media
 * types (a union of its own) and an operation without responses keep the runtime's types.
 */
import type { OperationModel, ResponseModel } from '../model/types.js';
import type { OperationTypesView } from './operation-types.js';

/** The runtime types a written-out result refers to, imported under these local names. */
const RUNTIME_NAMES = {
  $ResultEmpty: 'ResultEmpty',
  $ResultBody: 'ResultBody',
  $ResultEvents: 'ResultEvents',
  $ResultItems: 'ResultItems',
  $SuccessStatus: 'SuccessStatus',
  $Undocumented: 'UndocumentedResponse',
  $ClientMember: 'ClientMember',
  $ClientResult: 'ClientResult',
  $BinaryResponse: 'BinaryResponse',
} as const;

/** `import type { … } from '@contractgen/runtime'` for the names these result types use ('' when none). */
export function clientResultImports(resultTypes: readonly string[]): string {
  const text = resultTypes.join('\n');
  const used = Object.entries(RUNTIME_NAMES).filter(([local]) => new RegExp(`\\${local}\\b`).test(text));
  if (used.length === 0) return '';
  return `import type { ${used.map(([local, name]) => `${name} as ${local}`).join(', ')} } from '@contractgen/runtime';`;
}

type StatusClass = 'success' | 'failure' | 'mixed';

/**
 * Whether the operation's result reads a binary body written out by {@link member} (a single-media
 * binary member): its result type and function take the call's init as `I`, and the body is
 * `BinaryResponse<I>` (Uint8Array / Blob / ReadableStream per `init.responseType`).
 */
export function readsBinary(op: OperationModel): boolean {
  return op.responses.some((r) => r.content.length === 1 && r.content[0]!.kind === 'binary' && !r.content[0]!.stream);
}

/** `ClientResult<T.{responseName}, hasDefault>`, written out (leading line break, one `| member` a line). */
export function clientResultType(op: OperationModel, view: OperationTypesView): string {
  if (op.responses.length === 0) return ` $ClientResult<T.${view.responseName}, ${view.hasDefault}>`;
  const classes = op.responses.map((r) => statusClass(statusSet(r, view.documented)));
  // ClientResult's DefaultOk: a `default` member's 2xx statuses are successes only when nothing else is
  const defaultOk = !op.responses.some((r, i) => classes[i] === 'success' && statusSet(r, view.documented).length > 0);
  const lines: string[] = [];
  op.responses.forEach((r, i) => {
    const alias = `T.${view.members[i]!.name}`;
    const cls = classes[i]!;
    if (r.content.length > 1) {
      lines.push(`$ClientMember<${alias}, ${defaultOk}>`);
      return;
    }
    const status = /^\d+$/.test(r.status) ? r.status : `${alias}["status"]`;
    if (cls === 'mixed') {
      lines.push(member(r, alias, `Extract<${alias}["status"], $SuccessStatus>`, String(defaultOk)));
      lines.push(member(r, alias, `Exclude<${alias}["status"], $SuccessStatus>`, 'false'));
    } else {
      lines.push(member(r, alias, status, cls === 'success' ? 'true' : 'false'));
    }
  });
  if (!view.hasDefault) lines.push(`$Undocumented<${undocumentedOf(op, view)}>`);
  return lines.map((l) => `\n  | ${l}`).join('');
}

/**
 * The documented statuses `UndocumentedResponse` leaves out: written as literals when every member
 * has one exact status (tsc then resolves no indexed access through the response union, issue 16),
 * else the response union's `status`.
 */
function undocumentedOf(op: OperationModel, view: OperationTypesView): string {
  if (!op.responses.every((r) => /^\d+$/.test(r.status))) return `T.${view.responseName}["status"]`;
  return [...new Set(op.responses.map((r) => r.status))].join(' | ');
}

/**
 * One documented member as the client returns it (the runtime's `Member<R, S, Ok>`), as one of the
 * runtime's `Result*` interfaces: a type reference is cheaper for tsc to check than an object type.
 */
function member(r: ResponseModel, alias: string, status: string, ok: string): string {
  const headers = r.headers.length > 0 ? `, ${alias}["headers"]` : '';
  const media = r.content[0];
  if (!media) return `$ResultEmpty<${status}, ${ok}${headers}>`;
  const key = media.stream ? (media.stream.format === 'sse' ? 'events' : 'items') : 'body';
  const shape = key === 'body' ? '$ResultBody' : key === 'events' ? '$ResultEvents' : '$ResultItems';
  // a binary body is what `init.responseType` asks for (the handler-side BinaryBody union is not what the client reads)
  const body = key === 'body' && media.kind === 'binary' ? '$BinaryResponse<I>' : `${alias}["${key}"]`;
  return `${shape}<${status}, ${ok}, ${body}${headers}>`;
}

/**
 * The concrete statuses of a member's `status` type as operation-types.ts prints it: a literal,
 * `StatusRange<N>` less the exact statuses documented beside it, or `OtherStatus<documented>`.
 */
function statusSet(r: ResponseModel, documented: number[]): number[] {
  if (/^\d+$/.test(r.status)) return [Number(r.status)];
  const range = /^([1-5])XX$/.exec(r.status);
  const counts = new Map<number, number>();
  for (const c of documented) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (range) {
    const base = Number(range[1]) * 100;
    return Array.from({ length: 100 }, (_, i) => base + i).filter((c) => (counts.get(c) ?? 0) < 2);
  }
  return Array.from({ length: 500 }, (_, i) => 100 + i).filter((c) => !counts.has(c));
}

/** The runtime's `IsSuccess<S>`: all 2xx (or none at all) / all other HTTP statuses / both. */
function statusClass(statuses: number[]): StatusClass {
  if (statuses.every((s) => s >= 200 && s <= 299)) return 'success';
  if (statuses.every((s) => s >= 100 && s <= 599 && (s < 200 || s > 299))) return 'failure';
  return 'mixed';
}
