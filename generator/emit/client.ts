/** <out>/client.ts: the Client class (plus an alias named after the API title). */
import { dataLiteral } from '../escape.js';
import type { ApiModel } from '../model/types.js';
import { render } from '../render/handlebars.js';
import { clientApiSpec } from './api-spec.js';
import { fileHeader, type EmitContext, type EmittedFile } from './context.js';
import { operationDocs } from './server.js';

export function emitClient(model: ApiModel, ctx: EmitContext): EmittedFile {
  const operations = model.operations.map((op) => {
    const view = ctx.operationTypes(op);
    return {
      name: op.name,
      requestName: view.requestName,
      responseName: view.responseName,
      resultName: `${op.typeName}Result`, // claimed with the operation's other type names (model/build.ts)
      hasDefault: view.hasDefault ? 'true' : 'false',
      defaultArg: view.requestOptional ? ' = {}' : '',
      docs: operationDocs(op),
    };
  });
  // The stream reader (and eventsource-parser) only in clients with a streamed operation.
  const streams = model.operations.some((op) => op.responses.some((r) => r.content.some((m) => m.stream)));
  return {
    path: 'client.ts',
    contents: render('client', {
      header: fileHeader(ctx),
      classDoc: [`Status-code client for ${model.title}: one method per operation, one union member per documented status.`],
      spec: dataLiteral(clientApiSpec(model)),
      operations,
      alias: model.clientAlias,
      streamImport: streams ? "import { openStream } from '@contractgen/runtime/client/stream';\n" : '',
      streamArg: streams ? ', undefined, openStream' : '',
    }),
  };
}
