import { ContractgenError } from '../errors.js';

/** Thrown by a handler to answer with a declared (error) response. */
export class HttpError extends ContractgenError {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, unknown> | undefined;
  constructor(status: number, body?: unknown, headers?: Record<string, unknown>) {
    super('CG_HTTP_ERROR', `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function isHttpError(value: unknown): value is HttpError {
  return value instanceof HttpError;
}

/** registerOperations was called with something it cannot serve (missing handler, bad path,
 * bad security config, a schema ajv cannot compile). Thrown at registration, never per request. */
export class ServerSetupError extends ContractgenError {
  constructor(code: ServerSetupCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export type ServerSetupCode =
  | 'CG_HANDLER_MISSING'
  | 'CG_SCHEMA_COMPILE'
  | 'CG_SECURITY_CONFIG'
  | 'CG_PLUGIN_MISSING'
  | 'CG_LISTENER_CONFIG'
  | 'CG_METHOD_UNSUPPORTED';

/** One way a response breaks the contract (where, and what). */
export interface ResponseContractIssue {
  in: 'body' | 'header' | 'status';
  pointer: string;
  message: string;
}

/** A handler response broke the contract (undeclared status or media type, a body or header failing
 * its schema, a body its serializer cannot produce, a header value with CR/LF). Logged; the client
 * gets a 500 problem. */
export class ResponseContractError extends ContractgenError {
  readonly operationId: string;
  readonly status: number;
  readonly errors: ReadonlyArray<ResponseContractIssue>;
  constructor(operationId: string, status: number, errors: ReadonlyArray<ResponseContractIssue>) {
    const first = errors[0];
    super(
      'CG_RESPONSE_CONTRACT',
      `${operationId}: response ${status} breaks the contract` +
        (first ? ` (${first.in} ${first.pointer || '/'}: ${first.message})` : ''),
    );
    this.operationId = operationId;
    this.status = status;
    this.errors = errors;
  }
}

/** Every error code this module can produce (documented in docs/server.md). */
export const SERVER_ERROR_CODES = [
  'CG_HTTP_ERROR',
  'CG_HANDLER_MISSING',
  'CG_SCHEMA_COMPILE',
  'CG_SECURITY_CONFIG',
  'CG_PLUGIN_MISSING',
  'CG_LISTENER_CONFIG',
  'CG_METHOD_UNSUPPORTED',
  'CG_RESPONSE_CONTRACT',
] as const;
