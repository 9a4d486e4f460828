/** <out>/types.ts: openapi-typescript's schema types, named aliases, per-operation request/response types. */
import { DEPRECATED } from '../escape.js';
import { render } from '../render/handlebars.js';
import type { ApiModel } from '../model/types.js';
import { fileHeader, type EmittedFile, type EmitContext } from './context.js';

export function emitTypes(model: ApiModel, ctx: EmitContext): EmittedFile {
  const schemas = ctx.schemas;
  const aliases = model.schemas.map((s) => {
    const ref = `components[${JSON.stringify('schemas')}][${JSON.stringify(s.name).replace(/</g, '\\u003c')}]`;
    return {
      typeName: s.typeName,
      type: schemas.readWriteMarkers ? `Readable<${ref}>` : ref,
      docs: [s.description, s.deprecated && DEPRECATED],
    };
  });
  const operations = model.operations.map((op) => {
    const view = ctx.operationTypes(op);
    return {
      ...view,
      docs: [op.summary, op.description, `${op.method} ${op.path}`],
      members: view.members.map((m) => ({ ...m, docs: [m.description] })),
    };
  });
  const text = render('types', {
    header: fileHeader(ctx),
    imports: typeImports(operations.map((o) => `${o.requestType} ${o.responseUnion} ${o.members.map((m) => m.type).join(' ')}`).join(' ')),
    openapiTypes: schemas.document_(),
    schemas: aliases,
    operations,
  });
  return { path: 'types.ts', contents: text };
}

function typeImports(text: string): string {
  const used = ['Binary', 'HttpStatus', 'OtherStatus', 'StatusRange'].filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  return `import type { ${['Binary', ...used.filter((u) => u !== 'Binary')].join(', ')} } from '@contractgen/runtime';\nexport type { Binary };`;
}
