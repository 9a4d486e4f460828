/**
 * Handlebars, compiled with `noEscape` and `strict`. Templates never print a
 * bare `{{value}}`: every interpolation names the helper for its context
 * (a test lints the templates for that):
 *
 *   {{ident x}}    an identifier the model already made safe (re-checked here)
 *   {{str x}}      a JS string literal
 *   {{propKey x}}  a property key, bare or quoted
 *   {{doc x}}      a JSDoc comment (or nothing)
 *   {{code x}}     TypeScript produced by an emitter from escaped parts
 */
import Handlebars from 'handlebars';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { docComment, propKey, str, type DocLine } from '../escape.js';
import { cachedModule } from '../fast-start/index.js';

const IDENT = /^[\p{ID_Start}_$][\p{ID_Continue}$]*$/u;
export const HELPERS = ['ident', 'str', 'propKey', 'doc', 'code'] as const;

const hb = Handlebars.create();
hb.registerHelper('ident', (value: unknown) => {
  if (typeof value !== 'string' || !IDENT.test(value)) throw new Error(`not a safe identifier: ${JSON.stringify(value)}`);
  return value;
});
hb.registerHelper('str', (value: unknown) => str(value));
hb.registerHelper('propKey', (value: unknown) => propKey(String(value)));
hb.registerHelper('doc', (value: unknown, options: { hash?: { indent?: string } }) => {
  const lines = Array.isArray(value) ? (value as DocLine[]) : [value as DocLine];
  return docComment(lines, options?.hash?.indent ?? '');
});
hb.registerHelper('code', (value: unknown) => {
  if (value instanceof Pieced) {
    if (!slots) return value.pieces.join('');
    slots.push(value.pieces);
    return `${SLOT}${slots.length - 1}${SLOT}`;
  }
  if (typeof value !== 'string') throw new Error('code helper expects emitter-built text');
  return value;
});

/**
 * Emitter-built text as a list of pieces (`{{code}}` takes it like a string): with
 * {@link renderPieces} the pieces stay separate strings in the rendered file, so watch mode's
 * writer (write.ts) compares and encodes only the pieces that are new objects.
 */
export class Pieced {
  constructor(readonly pieces: readonly string[]) {}
}

/** The pieces of the renderPieces call under way (render is synchronous). */
let slots: (readonly string[])[] | undefined;
/** Where a Pieced value sits in the template's output (random: no spec text can forge it). */
const SLOT = `\u0000${randomBytes(8).toString('hex')}\u0000`;

/** {@link render} as a list of pieces whose concatenation is the text: each {@link Pieced} value's pieces are kept as they are. */
export function renderPieces(name: string, view: object): string[] {
  const outer = slots;
  const inner: (readonly string[])[] = [];
  slots = inner;
  let text: string;
  try {
    text = render(name, view);
  } finally {
    slots = outer;
  }
  const parts = text.split(SLOT);
  const out: string[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      if (part !== '') out.push(part);
      return;
    }
    const pieces = inner[(i - 1) / 2];
    if (pieces === undefined || part !== String((i - 1) / 2)) throw new Error(`template ${name}: a pieced value was printed out of place`);
    for (const piece of pieces) if (piece !== '') out.push(piece);
  });
  if (parts.length !== 2 * inner.length + 1) throw new Error(`template ${name}: a pieced value was printed out of place`);
  return out;
}

const COMPILE = { noEscape: true, strict: true, knownHelpersOnly: false };
const templatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
const cache = new Map<string, Handlebars.TemplateDelegate>();

export function templatePath(name: string): string {
  // dist/generator/render -> ../../../templates when compiled; generator/render -> ../../templates from source
  const candidates = [path.join(templatesDir, `${name}.hbs`), path.resolve(templatesDir, '..', 'templates', `${name}.hbs`), path.resolve(templatesDir, '../..', 'templates', `${name}.hbs`)];
  for (const c of candidates) {
    try {
      readFileSync(c);
      return c;
    } catch {
      /* next */
    }
  }
  throw new Error(`template ${name}.hbs not found`);
}

export function render(name: string, view: object): string {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(templatePath(name), 'utf8');
    // In the CLI the precompiled template comes from the compile cache (fast-start): compiling
    // at run time cost more than rendering a small spec's files.
    const version = (createRequire(import.meta.url)('handlebars/package.json') as { version: string }).version;
    const spec = cachedModule(`handlebars@${version} ${JSON.stringify(COMPILE)}\0${source}`, fileURLToPath(import.meta.url), () => `module.exports = ${Handlebars.precompile(source, COMPILE)};`);
    template = spec ? hb.template(spec as Parameters<typeof hb.template>[0]) : hb.compile(source, COMPILE);
    cache.set(name, template);
  }
  return template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
}
