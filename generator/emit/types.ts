/** <out>/types.ts: openapi-typescript's schema types, named aliases, per-operation request/response types. */
import { DEPRECATED } from '../escape.js';
import { Pieced, renderPieces } from '../render/handlebars.js';
import type { ApiModel } from '../model/types.js';
import { fileHeader, piecedFile, type EmittedFile, type EmitContext } from './context.js';

export function emitTypes(model: ApiModel, ctx: EmitContext): EmittedFile {
  const schemas = ctx.schemas;
  const aliases = model.schemas.map((s) => {
    const ref = `components[${JSON.stringify('schemas')}][${JSON.stringify(s.name).replace(/</g, '\\u003c')}]`;
    return {
      typeName: s.typeName,
      type: schemas.componentNeedsReadWrite(s.name) ? `Readable<${ref}>` : ref,
      docs: [s.description, s.deprecated && DEPRECATED],
    };
  });
  const operations = model.operations.map((op) => {
    const view = ctx.operationTypes(op);
    const docs = [op.summary, op.description, `${op.method} ${op.path}`];
    const requests = [{ name: view.requestName, type: view.requestType, docs }];
    if (view.handlerRequestType !== undefined) {
      requests.push({ name: view.handlerRequestName, type: view.handlerRequestType, docs: [`${view.requestName} as the handler receives it: parameters and body properties with a default are present (the server applied the default).`] });
    }
    return {
      ...view,
      requests,
      members: view.members.map((m) => ({ ...m, docs: [m.description] })),
    };
  });
  const pieces = renderPieces('types', {
    header: fileHeader(ctx),
    imports: typeImports(operations.map((o) => `${o.requests.map((r) => r.type).join(' ')} ${o.responseUnion} ${o.members.map((m) => m.type).join(' ')}`).join(' ')),
    // (after the operation types: they decide which "as sent" component prints are needed)
    openapiTypes: new Pieced([...schemas.documentPieces(), schemas.requestSchemas()]),
    schemas: aliases,
    operations,
  });
  return piecedFile('types.ts', pieces);
}

function typeImports(text: string): string {
  const used = ['Binary', 'HttpStatus', 'OtherStatus', 'StatusRange'].filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  // a response's binary body (issue 18.4), under a `$` name no spec-derived type can take
  if (text.includes('$BinaryBody')) used.push('BinaryBody as $BinaryBody');
  // a streamed multipart request body as the handler reads it (x-stream / streamBodies)
  if (text.includes('$MultipartParts')) used.push('MultipartParts as $MultipartParts');
  return `import type { ${['Binary', ...used.filter((u) => u !== 'Binary')].join(', ')} } from '@contractgen/runtime';\nexport type { Binary };`;
}
