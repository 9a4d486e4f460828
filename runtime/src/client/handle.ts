/**
 * The key of a client handle's connection, and the whole-API descriptor helper: a module of
 * their own, so an entry that re-exports them (`core.ts`) pulls no connection code into a
 * browser app's start chunk.
 */
import type { ApiSpec, OperationSpec, SecuritySchemeSpec, ServerSpec } from '../spec.js';

export const CONNECTION: unique symbol = Symbol.for('contractgen.client.connection') as never;

/** The whole-API descriptor (`clientSpec`) from the shared info and the operations. */
export function clientApi(
  info: { title: string; servers: ServerSpec[]; securitySchemes: Record<string, SecuritySchemeSpec> },
  version: string,
  schemaId: string,
  operations: Record<string, OperationSpec>,
): ApiSpec {
  return { title: info.title, version, servers: info.servers, securitySchemes: info.securitySchemes, schemaId, schemas: {}, operations };
}
