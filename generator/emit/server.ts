/** <out>/server.ts: the Handlers interface, the server descriptor and register(). */
import { DEPRECATED, type DocLine } from '../escape.js';
import type { ApiModel } from '../model/types.js';
import { Pieced, renderPieces } from '../render/handlebars.js';
import { serverSpecPieces } from './api-spec.js';
import { fileHeader, piecedFile, type EmitContext, type EmittedFile } from './context.js';

const CONFIG_TYPES: Record<string, string> = { basic: 'BasicConfig', bearer: 'BearerConfig', apiKey: 'ApiKeyConfig', mutualTLS: 'MutualTlsConfig' };

function schemeConfigType(scheme: ApiModel['securitySchemes'][string]): string | undefined {
  switch (scheme.type) {
    case 'http':
      return scheme.scheme === 'basic' ? 'basic' : scheme.scheme === 'bearer' ? 'bearer' : undefined;
    case 'oauth2':
    case 'openIdConnect':
      return 'bearer';
    default:
      return scheme.type;
  }
}

export function emitServer(model: ApiModel, ctx: EmitContext): EmittedFile {
  const schemes = Object.entries(model.securitySchemes).flatMap(([name, scheme]) => {
    const kind = schemeConfigType(scheme);
    const type = kind ? CONFIG_TYPES[kind] : undefined;
    return type ? [{ name, type, docs: [`${scheme.type}${'scheme' in scheme ? ` ${scheme.scheme}` : ''}${'in' in scheme ? ` in ${scheme.in} ${JSON.stringify(scheme.name)}` : ''}`] }] : [];
  });
  const used = [...new Set(schemes.map((s) => s.type))].sort();
  return piecedFile(
    'server.ts',
    renderPieces('server', {
      header: fileHeader(ctx),
      schemes,
      securityImports: used.map((t) => `, type ${t}`).join(''),
      registerDoc: [`Registers every operation of ${model.title} on a Fastify instance: validation, parsing, security, serialization.`],
      spec: new Pieced(serverSpecPieces(model, ctx)),
      operations: model.operations.map((op) => {
        const view = ctx.operationTypes(op);
        return { name: op.name, handlerRequestName: view.handlerRequestName, responseName: view.responseName, docs: operationDocs(op) };
      }),
    }),
  );
}

export function operationDocs(op: ApiModel['operations'][number]): DocLine[] {
  return [op.summary, op.description, `${op.method} ${op.path}`, op.deprecated && DEPRECATED];
}
