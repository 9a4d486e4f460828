/**
 * AMF-GAPS 6: a method without `responses` gets an invented `200` with description "".
 * We replace it with a `default` response without content (the generated client types it
 * as unknown) and say so in a warning. AMF-GAPS 11: DELETE request bodies are dropped by
 * the OAS 3.0 rendering; each one is reported.
 */
import { locate, warn, type ConvertContext } from '../context.js';
import { objectAt, type JsonObject } from '../json.js';
import { modelOperations } from './model-walk.js';

function hasSource(element: { annotations(): { location(): string | undefined; lexical(): { lineFrom: number } } }): boolean {
  const annotations = element.annotations();
  try {
    return annotations.location() !== undefined && annotations.lexical().lineFrom > 0;
  } catch {
    return false;
  }
}

export function fixInventedResponses(ctx: ConvertContext): void {
  const paths = objectAt(ctx.doc, 'paths') ?? {};
  for (const { path, method, operation } of modelOperations(ctx.resolved)) {
    const target = objectAt(objectAt(paths, path) ?? {}, method);
    const responses = target ? objectAt(target, 'responses') : undefined;
    if (!target || !responses) continue;
    const invented = operation.responses.filter((r) => !hasSource(r)).map((r) => r.statusCode.value());
    for (const status of invented) {
      const response = objectAt(responses, status);
      if (!response || response.description !== '' || Object.keys(objectAt(response, 'content') ?? {}).length > 0) continue;
      delete responses[status];
    }
    if (invented.length > 0 && Object.keys(responses).length === 0) {
      const fallback: JsonObject = { description: 'No responses documented in the RAML spec' };
      responses.default = fallback;
      warn(ctx, 'RAML_NO_RESPONSES', `${method.toUpperCase()} ${path} documents no responses: its result is typed as unknown`, locate(ctx, operation));
    }
  }
}

export function reportDeleteBodies(ctx: ConvertContext): void {
  for (const { path, method, operation } of modelOperations(ctx.parsed)) {
    if (method !== 'delete') continue;
    const payloads = operation.request?.payloads ?? [];
    if (payloads.length === 0) continue;
    warn(ctx, 'RAML_DELETE_BODY_DROPPED', `The request body of DELETE ${path} is dropped: OpenAPI 3.0 has no DELETE bodies`, locate(ctx, payloads[0] ?? operation));
  }
}
