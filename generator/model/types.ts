/**
 * The API model: plain data built once from the normalized OpenAPI 3.x
 * document, read by every emitter. Spec defaults are resolved here; emitters
 * never look at the source document.
 */
import type {
  BodyKind,
  ParameterLocation,
  ParameterStyle,
  SecurityRequirement,
  SecuritySchemeSpec,
  ServerSpec,
  ValueShape,
} from '@contractgen/runtime/spec';

/** An OpenAPI 3.1 schema object (JSON Schema 2020-12 with OpenAPI's keywords; 3.0 documents are normalized first), `$ref`s internal. */
export type SchemaObject = Record<string, unknown> | boolean;

export interface ParameterModel {
  name: string;
  in: ParameterLocation;
  required: boolean;
  style: ParameterStyle;
  explode: boolean;
  allowReserved: boolean;
  shape: ValueShape;
  schema: SchemaObject;
  contentType?: string;
  deprecated: boolean;
  description?: string;
}

export interface MediaModel {
  mediaType: string;
  kind: BodyKind;
  schema?: SchemaObject;
  encoding?: Record<string, { contentType?: string; style?: ParameterStyle; explode?: boolean }>;
  /** A sequential media type streamed item by item (generator/model/stream.ts). */
  stream?: StreamModel;
}

export interface StreamModel {
  format: 'sse' | 'jsonl' | 'json-seq';
  /** SSE: whether an event's `data` is JSON text or a plain string. */
  data?: 'json' | 'text';
  /** One item as handlers yield it and clients receive it (SSE: the event object with `data` decoded). */
  itemSchema: SchemaObject;
}

export interface RequestBodyModel {
  required: boolean;
  /** `x-stream: true` on the request body (or the streamBodies option): its binary media types reach handlers as streams, multipart bodies as parts. */
  stream?: boolean;
  description?: string;
  content: MediaModel[];
}

export interface HeaderModel {
  name: string;
  required: boolean;
  schema: SchemaObject;
  description?: string;
}

export interface ResponseModel {
  /** '200', '2XX' or 'default' */
  status: string;
  /** The concrete status codes this response stands for (empty for default). */
  codes: number[];
  description?: string;
  content: MediaModel[];
  headers: HeaderModel[];
}

export interface OperationModel {
  operationId: string;
  /** camelCase method name, unique in the API (Handlers / Client). */
  name: string;
  /** PascalCase base for the operation's type names, unique in types.ts. */
  typeName: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  tags: string[];
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  responses: ResponseModel[];
  security: SecurityRequirement[];
  /** JSON pointer of the operation in the bundled document (for messages). */
  pointer: string;
}

export interface SchemaModel {
  /** The key under components.schemas, as written. */
  name: string;
  /** The exported TypeScript alias. */
  typeName: string;
  description?: string;
  deprecated: boolean;
}

export interface ApiModel {
  title: string;
  version: string;
  description?: string;
  /** OpenAPI version of the normalized document ('3.1.0', '3.2.0': 3.0 is normalized to 3.1), and of the source ('2.0', '3.0.3', 'raml-1.0', …). */
  openapi: string;
  sourceVersion: string;
  servers: ServerSpec[];
  securitySchemes: Record<string, SecuritySchemeSpec>;
  schemas: SchemaModel[];
  operations: OperationModel[];
  /** Export name of the client alias (`PetstoreClient`), unique among the generated names. */
  clientAlias: string;
  tags: Array<{ name: string; description?: string }>;
  license?: { name: string; url?: string; identifier?: string };
  /**
   * The normalized OpenAPI 3.1 (or 3.2) document, never the loaded one: 3.0's `nullable` and
   * boolean bounds are mapped (normalize/openapi31.ts), Swagger 2.0 upgraded, RAML converted,
   * interior `$ref`s hoisted. For the type emitter (openapi-typescript) and for schema lookups.
   */
  document: Record<string, unknown>;
}
