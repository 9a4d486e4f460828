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
  if (typeof value !== 'string') throw new Error('code helper expects emitter-built text');
  return value;
});

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
