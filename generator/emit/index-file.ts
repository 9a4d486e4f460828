import type { Target } from '../targets.js';
import { render } from '../render/handlebars.js';
import { fileHeader, type EmitContext, type EmittedFile } from './context.js';

export function emitIndex(targets: readonly Target[], ctx: EmitContext): EmittedFile {
  return {
    path: 'index.ts',
    contents: render('index', { header: fileHeader(ctx), modules: targets.map((t) => `./${t}.js`) }),
  };
}
