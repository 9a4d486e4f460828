/**
 * The conformance suite's oracle. Prism decides whether a request or a response is right (its
 * `sl-violations` header, its own error answers); the spec, as Prism reads it, decides which
 * documented response a status lands in; the bytes on the wire decide what the client's body must be.
 * Nothing here reads our generated descriptors: a bug there cannot hide a bug in the runtime.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CallInit } from '../../runtime/src/client/index.js';
import type { OperationSpec } from '../../runtime/src/spec.js';
import { isPrismError, prismOperations, violations, type Violation } from './prism.js';

/** What the suite reads of a generated method's result (every member of every result union has it). */
export interface CallResult {
  status: number;
  documented?: boolean;
  contentType?: string;
  body?: unknown;
  raw?: { url: string; headers: Headers };
}
/** One call of one generated client method; `init` carries the Prefer/Accept headers a case adds. */
export type Call<C> = (client: C, init: CallInit) => Promise<CallResult>;
/** Every operation of a spec, by the generated method name, with the calls that drive it. */
export type CallTable<C> = Record<string, Array<Call<C>>>;

/** What went over the wire, recorded by {@link recorder}'s fetch. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** Undefined when the bytes were not seen (see {@link observed}). */
  body: Uint8Array | undefined;
}

/**
 * The exchange behind a result: the recorded one, else what the result itself reports. The client
 * sends methods the fetch standard forbids (TRACE) over node:http, past the recording fetch; for
 * those the status and headers come from `result.raw` and the body bytes are unknown.
 */
export function observed(recorded: Exchange | undefined, result: CallResult, method: string): Exchange | undefined {
  if (recorded) return recorded;
  if (!result.raw) return undefined;
  return { method, url: result.raw.url, status: result.status, headers: result.raw.headers, body: undefined };
}

/** A fetch for the generated client that records every exchange (the client reads the original). */
export function recorder(): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const copy = response.clone();
    exchanges.push({ method: request.method, url: request.url, status: response.status, headers: copy.headers, body: new Uint8Array(await copy.arrayBuffer()) });
    return response;
  };
  return { fetch: recording, exchanges };
}

type PrismOperation = Awaited<ReturnType<typeof prismOperations>>[number];
type PrismResponse = PrismOperation['responses'][number];

/** The spec's response for a status: exact code, then its range (4XX), then default (OpenAPI 3.1 §4.8.16.2). */
export function documentedResponse(op: PrismOperation, status: number): PrismResponse | undefined {
  const code = String(status);
  return (
    op.responses.find((r) => r.code === code) ??
    op.responses.find((r) => r.code.toUpperCase() === `${code[0]}XX`) ??
    op.responses.find((r) => r.code === 'default')
  );
}

/** Finds Prism's operation for one of ours by method and path template. */
export async function prismOperation(spec: string, op: Pick<OperationSpec, 'method' | 'path'>): Promise<PrismOperation> {
  const found = (await prismOperations(spec)).find((p) => p.method.toUpperCase() === op.method && p.path === op.path);
  if (!found) throw new Error(`Prism has no operation ${op.method} ${op.path}`);
  return found;
}

/** A concrete status to ask Prism's mock for (`Prefer: code=`): 4XX -> 400, default -> a code nothing else documents. */
export function statusFor(op: PrismOperation, code: string): number {
  if (/^\dXX$/i.test(code)) return Number(`${code[0]}00`);
  if (code !== 'default') return Number(code);
  return [500, 503, 418, 599].find((n) => documentedResponse(op, n)?.code === 'default') ?? 500;
}

/** Each (status, media type) pair an operation documents; media type undefined for a response without content. */
export function responseVariants(op: PrismOperation): Array<{ code: string; status: number; mediaType?: string }> {
  return op.responses.flatMap((r) => {
    const status = statusFor(op, r.code);
    const media = (r.contents ?? []).map((c) => c.mediaType);
    return media.length === 0 ? [{ code: r.code, status }] : media.map((mediaType) => ({ code: r.code, status, mediaType }));
  });
}

const essence = (contentType: string | null): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
const isJson = (mediaType: string): boolean => /^application\/(.+\+)?json$/.test(mediaType);
const isText = (mediaType: string): boolean => mediaType.startsWith('text/') || /^application\/(.+\+)?xml$/.test(mediaType) || mediaType === 'message/http';

/** The value the client must hand out for a wire body of this media type (and schema). */
function expectedBody(mediaType: string, schema: unknown, bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  if (isJson(mediaType)) return JSON.parse(text) as unknown;
  if (isText(mediaType)) {
    // OpenAPI: a text body with a primitive schema (issue 12.8) is that primitive
    const type = (schema as { type?: unknown } | undefined)?.type;
    if (type === 'number' || type === 'integer') return Number(text);
    if (type === 'boolean') return text === 'true';
    return text;
  }
  return bytes;
}

function sameBody(actual: unknown, expected: unknown): boolean {
  if (expected instanceof Uint8Array) return actual instanceof Uint8Array && Buffer.from(actual).equals(Buffer.from(expected));
  return isDeepStrictEqual(actual, expected);
}

export interface CheckContext {
  label: string;
  op: PrismOperation;
  result: CallResult;
  exchange: Exchange | undefined;
}

/**
 * Prism's verdict on one exchange: its violations and its own error answers. `only: 'request'` for
 * Prism's mock, whose response violations are about its own output: its static generator
 * (@stoplight/json-schema-sampler 0.3.0, `getResultForCircular`) answers a recursive $ref with an
 * empty object, which then misses the schema's `required` properties (fixtures multi-file,
 * composition's TreeNode, external-refs' Todo).
 */
export function prismProblems(label: string, exchange: Exchange | undefined, only?: 'request'): string[] {
  if (!exchange) return [`${label}: no exchange recorded`];
  const found = violations(exchange.headers).filter((v) => only === undefined || v.location[0] === only);
  const problems = found.map((v: Violation) => `${label}: Prism violation ${v.location.join('.')}: ${v.message}`);
  const text = new TextDecoder().decode(exchange.body ?? new Uint8Array());
  const status = exchange.status;
  const headers = exchange.headers;
  if (isPrismError(headers.get('content-type'), text)) problems.push(`${label}: Prism answered ${status} itself: ${text.slice(0, 300)}`);
  return problems;
}

/**
 * Whether what came over the wire is documented: the status (exact, range or default) and, when
 * there is a body, its media type. Stricter than Prism, which lets a body through where the
 * response declares no content: OpenAPI's "no content" means no body.
 */
export function wireProblems(label: string, op: PrismOperation, exchange: Exchange): { problems: string[]; content?: { mediaType: string; schema?: unknown } } {
  const problems: string[] = [];
  const response = documentedResponse(op, exchange.status);
  if (!response) return { problems: [`${label}: status ${exchange.status} is not documented`] };
  if (exchange.body?.byteLength === 0 || exchange.method === 'HEAD') return { problems };
  const wireType = essence(exchange.headers.get('content-type'));
  const contents = response.contents ?? [];
  const content = contents.find((c) => c.mediaType.toLowerCase() === wireType);
  if (!content) {
    const text = exchange.body ? new TextDecoder().decode(exchange.body).slice(0, 300) : '';
    problems.push(`${label}: wire media type ${wireType} not documented for ${exchange.status} as ${response.code} (${contents.map((c) => c.mediaType).join(', ') || 'no content'}): ${text}`);
    return { problems };
  }
  return { problems, content };
}

/** Whether the client's result is the documented union member for what came over the wire. */
export function memberProblems({ label, op, result, exchange }: CheckContext): string[] {
  if (!exchange) return [`${label}: no exchange recorded`];
  const fail = (what: string): void => void problems.push(`${label}: ${what}`);
  const { problems, content } = wireProblems(label, op, exchange);
  if (result.status !== exchange.status) fail(`client status ${result.status}, wire ${exchange.status}`);
  if (documentedResponse(op, exchange.status) && result.documented !== true) fail(`documented ${exchange.status} classified as undocumented`);
  if (!content) {
    if (problems.length === 0 && result.body !== undefined) fail(`empty body handed out as ${describe(result.body)}`);
    return problems;
  }
  if (result.contentType !== content.mediaType) fail(`contentType ${String(result.contentType)}, wire ${content.mediaType}`);
  if (exchange.body === undefined) return problems;
  const expected = expectedBody(content.mediaType, content.schema, exchange.body);
  if (!sameBody(result.body, expected)) fail(`body ${describe(result.body)} is not the ${content.mediaType} body ${describe(expected)}`);
  return problems;
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `Uint8Array(${value.byteLength})`;
  const text = JSON.stringify(value);
  return `${typeof value} ${text === undefined ? String(value) : text.slice(0, 200)}`;
}
