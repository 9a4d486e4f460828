import type { Target } from '../targets.js';
import { render } from '../render/handlebars.js';
import { fileHeader, type EmitContext, type EmittedFile } from './context.js';

/**
 * The index is safe to import in a browser: types and the client only. The server's
 * declarations (Handlers, request/response types) are re-exported as types, erased at
 * build time; `register()` is imported from `./server.js`, which pulls Fastify and node:crypto.
 * With `declarationTypes` the types are re-exported as types too: there is no `types.js`.
 */
export function emitIndex(targets: readonly Target[], ctx: EmitContext, declarationTypes = false): EmittedFile {
  const header = [...fileHeader(ctx), ...(targets.includes('server') ? ['Browser-safe: the types and the client. Import register() from ./server.js.'] : [])];
  return {
    path: 'index.ts',
    contents: render('index', { header, modules: targets.map((t) => ({ path: `./${t}.js`, typeOnly: t === 'server' || (declarationTypes && t === 'types') })) }),
  };
}
