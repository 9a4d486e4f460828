/**
 * AMF models → one self-contained OpenAPI 3.0.3 document. AMF's own OAS 3.0 rendering of
 * the resolved model is the base (it keeps the most: parameters, bodies per media type,
 * responses with headers, facets); each step below fixes one group of AMF-GAPS.md items.
 *
 * Two phases: `convertToOpenApi` fixes what each operation and schema needs from AMF's
 * models; `finishDocument` does what depends on the whole document (unique operation ids,
 * the `x-amf-*` report, dangling `$ref`s), so an incremental merge (incremental.ts) of
 * converted parts ends exactly as a full conversion does.
 */
import type { ConvertContext, DocContext } from './context.js';
import { restoreDraft3RequiredArrays } from './post/draft3-required.js';
import { stripAmfExtensions } from './post/cleanup.js';
import { fixInheritance } from './post/inheritance.js';
import { fixOperationIds, uniqueOperationIds } from './post/operation-ids.js';
import { fixQueryStrings } from './post/query-string.js';
import { fixInventedResponses, reportDeleteBodies } from './post/responses.js';
import { fixSchemas } from './post/schema-fixes.js';
import { fixSecurity } from './post/security.js';
import { fixServers } from './post/servers.js';

const STEPS: ((ctx: ConvertContext) => void)[] = [
  fixServers,
  fixOperationIds,
  fixSecurity,
  fixInheritance,
  fixQueryStrings,
  fixInventedResponses,
  reportDeleteBodies,
  restoreDraft3RequiredArrays,
  fixSchemas,
];

const FINISH: ((ctx: DocContext) => void)[] = [uniqueOperationIds, stripAmfExtensions];

export function convertToOpenApi(ctx: ConvertContext): Record<string, unknown> {
  for (const step of STEPS) step(ctx);
  ctx.doc.openapi = '3.0.3';
  return ctx.doc;
}

export function finishDocument(ctx: DocContext): Record<string, unknown> {
  for (const step of FINISH) step(ctx);
  return ctx.doc;
}
