/**
 * The operation descriptors that generated code hands to the runtime.
 *
 * This is the contract between the generator (which emits these objects as
 * plain literals) and the runtime (which reads them to register server routes
 * and to build client requests). Everything is already resolved by the
 * generator's normalizer: defaults for style/explode/required are applied,
 * path-level parameters are merged, security is inherited, and every schema is
 * JSON Schema 2020-12 (OpenAPI 3.0 `nullable`, Swagger 2.0 etc. are mapped)
 * whose `$ref`s point into `ApiSpec.schemas` as `#/components/schemas/<name>`
 * or are rewritten to `<ApiSpec.schemaId>#/components/schemas/<name>`.
 */

/** A JSON Schema (2020-12) object, or a boolean schema. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

/** `querystring` (OpenAPI 3.2): the whole query string is one value, serialized per `contentType`. */
export type ParameterLocation = 'path' | 'query' | 'querystring' | 'header' | 'cookie';

export type ParameterStyle =
  | 'form'
  | 'simple'
  | 'label'
  | 'matrix'
  | 'spaceDelimited'
  | 'pipeDelimited'
  | 'deepObject';

/** The primitive shape of a parameter, used for (de)serialization. */
export type ValueShape = 'primitive' | 'array' | 'object';

export interface ParameterSpec {
  /** The name on the wire (header names as written in the spec). */
  name: string;
  in: ParameterLocation;
  required: boolean;
  /** Resolved: OpenAPI defaults applied (query/cookie: form, path/header: simple). */
  style: ParameterStyle;
  /** Resolved: true for form style unless the spec says otherwise, false elsewhere. */
  explode: boolean;
  allowReserved: boolean;
  /** Whether the value is serialized as a primitive, an array or an object. */
  shape: ValueShape;
  /** For arrays: the item type, so the server can coerce each item. */
  schema: JsonSchema;
  /** Set when the parameter uses `content` instead of `schema` (e.g. JSON in a query param). */
  contentType?: string;
  deprecated?: boolean;
}

export interface EncodingSpec {
  contentType?: string;
  style?: ParameterStyle;
  explode?: boolean;
}

export interface MediaSpec {
  /** e.g. `application/json`, `multipart/form-data`, `text/plain`, `image/*`. */
  mediaType: string;
  /** How the body is carried; derived from the media type by the generator. */
  kind: BodyKind;
  schema?: JsonSchema;
  encoding?: Record<string, EncodingSpec>;
  /** Set for a sequential media type read and written item by item (SSE `events`, JSON Lines / json-seq `items`). */
  stream?: StreamSpec;
}

/**
 * A streamed body (OpenAPI 3.2 `itemSchema`, or a 3.0/3.1 schema for the event data):
 * `sse` is `text/event-stream` (items are events `{ event, data, id, retry }`), `jsonl` one
 * JSON value per line (`application/jsonl`, `application/x-ndjson`), `json-seq` RFC 7464
 * (`application/json-seq`, `+json-seq`).
 */
export interface StreamSpec {
  format: 'sse' | 'jsonl' | 'json-seq';
  /** SSE: whether an event's `data` is JSON text (parsed / stringified) or a plain string. */
  data?: 'json' | 'text';
  /** The schema of one item as handlers yield it and clients receive it (SSE: the event, `data` decoded). Server only. */
  schema?: JsonSchema;
}

/** json: application/json and +json; text: text/*; form: x-www-form-urlencoded;
 * multipart: multipart/*; binary: everything else. */
export type BodyKind = 'json' | 'text' | 'form' | 'multipart' | 'binary';

export interface RequestBodySpec {
  required: boolean;
  content: MediaSpec[];
  /** `x-stream: true`: binary bodies reach the handler as a stream (runtime/src/server/stream-body.ts), not buffered. */
  stream?: boolean;
}

export interface HeaderSpec {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface ResponseSpec {
  /** `'200'`, `'2XX'` (range) or `'default'`. */
  status: string;
  description?: string;
  /** Empty when the response has no body. */
  content: MediaSpec[];
  headers: HeaderSpec[];
}

/** One security requirement: all of its schemes must pass (AND). */
export type SecurityRequirement = Record<string, string[]>;

export interface OperationSpec {
  /** The operationId as written, or derived (`get /pets/{id}` -> `getPetsById`). */
  operationId: string;
  /** The method name in `Handlers` and `Client`. */
  name: string;
  /** HTTP method as sent: GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE, QUERY, or a 3.2 `additionalOperations` key (`COPY`). */
  method: string;
  /** The path template as in the spec: `/pets/{petId}`. */
  path: string;
  parameters: ParameterSpec[];
  requestBody?: RequestBodySpec;
  responses: ResponseSpec[];
  /** Resolved (inherited or overridden). Empty array: public. OR of AND sets. */
  security: SecurityRequirement[];
  deprecated?: boolean;
  tags: string[];
  /**
   * Client descriptors: the Accept header the client sends, precomputed by the generator
   * (`defaultAccept`; `''`: none). Absent (a hand-made descriptor): computed on the first call.
   */
  accept?: string;
}

export type SecuritySchemeSpec =
  | { type: 'http'; scheme: 'basic' }
  | { type: 'http'; scheme: 'bearer'; bearerFormat?: string }
  | { type: 'http'; scheme: string }
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string }
  | {
      type: 'oauth2';
      flows: {
        clientCredentials?: { tokenUrl: string; scopes: Record<string, string> };
        authorizationCode?: { authorizationUrl: string; tokenUrl: string; scopes: Record<string, string> };
        implicit?: { authorizationUrl: string; scopes: Record<string, string> };
        password?: { tokenUrl: string; scopes: Record<string, string> };
      };
    }
  | { type: 'openIdConnect'; openIdConnectUrl: string }
  | { type: 'mutualTLS' };

export interface ServerVariableSpec {
  default: string;
  enum?: string[];
}

export interface ServerSpec {
  url: string;
  variables: Record<string, ServerVariableSpec>;
}

export interface ApiSpec {
  title: string;
  version: string;
  servers: ServerSpec[];
  securitySchemes: Record<string, SecuritySchemeSpec>;
  /**
   * `$id` under which `schemas` is registered (server: `app.addSchema`); every
   * `$ref` in the operation schemas has the form `<schemaId>#/components/schemas/<name>`.
   */
  schemaId: string;
  /** Component schemas by name (the `components.schemas` object). */
  schemas: Record<string, JsonSchema>;
  operations: Record<string, OperationSpec>;
}

/**
 * The default Accept header of an operation: every documented response media type, JSON kinds
 * first (shared decision 12.2: a server that can answer a status in JSON or XML picks JSON,
 * which the client hands out typed), then the others in spec order; undefined when none.
 */
export function defaultAccept(responses: readonly ResponseSpec[]): string | undefined {
  const json = new Set<string>();
  const other = new Set<string>();
  for (const response of responses) {
    for (const media of response.content) (media.kind === 'json' ? json : other).add(media.mediaType);
  }
  const all = [...json, ...[...other].filter((m) => !json.has(m))];
  return all.length === 0 ? undefined : all.join(', ');
}
