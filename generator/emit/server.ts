/** <out>/server.ts: the Handlers interface, the server descriptor and register(). */
import { literal } from '../escape.js';
import type { ApiModel } from '../model/types.js';
import { render } from '../render/handlebars.js';
import { serverApiSpec } from './api-spec.js';
import { fileHeader, type EmitContext, type EmittedFile } from './context.js';

export function emitServer(model: ApiModel, ctx: EmitContext): EmittedFile {
  return {
    path: 'server.ts',
    contents: render('server', {
      header: fileHeader(ctx),
      registerDoc: [`Registers every operation of ${model.title} on a Fastify instance: validation, parsing, security, serialization.`],
      spec: literal(serverApiSpec(model)),
      operations: model.operations.map((op) => {
        const view = ctx.operationTypes(op);
        return { name: op.name, requestName: view.requestName, responseName: view.responseName, docs: operationDocs(op) };
      }),
    }),
  };
}

export function operationDocs(op: ApiModel['operations'][number]): Array<string | undefined> {
  return [op.summary, op.description, `${op.method} ${op.path}`, op.deprecated ? '@deprecated' : undefined];
}
