/**
 * The whole-API descriptor helper generated `Client` classes call: a module of its own, so the
 * browser entry (`core.ts`) that re-exports it reaches no module the lazily loaded full client
 * uses (such a module's used part would go into a chunk the page loads at start).
 */
import type { ApiSpec, OperationSpec, SecuritySchemeSpec, ServerSpec } from '../spec.js';

/** The whole-API descriptor (`clientSpec`) from the shared info and the operations. */
export function clientApi(
  info: { title: string; servers: ServerSpec[]; securitySchemes: Record<string, SecuritySchemeSpec> },
  version: string,
  schemaId: string,
  operations: Record<string, OperationSpec>,
): ApiSpec {
  return { title: info.title, version, servers: info.servers, securitySchemes: info.securitySchemes, schemaId, schemas: {}, operations };
}
