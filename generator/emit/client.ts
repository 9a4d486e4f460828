/** <out>/client.ts: the Client class (plus an alias named after the API title). */
import { literal } from '../escape.js';
import type { ApiModel } from '../model/types.js';
import { NameScope, pascalCase } from '../naming.js';
import { render } from '../render/handlebars.js';
import { clientApiSpec } from './api-spec.js';
import { fileHeader, type EmitContext, type EmittedFile } from './context.js';
import { operationDocs } from './server.js';

export function emitClient(model: ApiModel, ctx: EmitContext): EmittedFile {
  const scope = new NameScope(['Client', 'clientSpec', 'ClientResult', 'StatusCodeClient', 'CallInit', 'ClientOptions', 'ApiSpec', 'T']);
  const operations = model.operations.map((op) => {
    const view = ctx.operationTypes(op);
    return {
      name: op.name,
      requestName: view.requestName,
      responseName: view.responseName,
      resultName: scope.claim(`${op.typeName}Result`),
      hasDefault: view.hasDefault ? 'true' : 'false',
      defaultArg: view.requestOptional ? ' = {}' : '',
      docs: operationDocs(op),
    };
  });
  const title = pascalCase(model.title, 'Api');
  return {
    path: 'client.ts',
    contents: render('client', {
      header: fileHeader(ctx),
      classDoc: [`Status-code client for ${model.title}: one method per operation, one union member per documented status.`],
      spec: literal(clientApiSpec(model)),
      operations,
      alias: scope.claim(title.endsWith('Client') ? title : `${title}Client`),
    }),
  };
}
