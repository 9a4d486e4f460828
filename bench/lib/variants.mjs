// `--variant 'label:ENV=VALUE;ENV2=VALUE'` of the server harnesses (server-cpu.mjs, server-alloc.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The label and environment of one `--variant` value. */
export function parseVariant(text) {
  const [label, ...rest] = text.split(':');
  const env = Object.fromEntries(rest.join(':').split(';').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { label, env };
}

/**
 * The compiled server module a variant runs: with CG_RUNTIME=<dir>, a copy of `compiled` that imports
 * that build of the runtime (<dir>/dist, e.g. of an earlier commit) instead of the package by name.
 */
export function variantModule(compiled, label, env) {
  if (!env.CG_RUNTIME) return compiled;
  const file = compiled.replace(/\.mjs$/, `-${label.replace(/[^a-z0-9]+/gi, '-')}.mjs`);
  writeFileSync(file, readFileSync(compiled, 'utf8').replaceAll('"@contractgen/runtime/server"', JSON.stringify(pathToFileURL(`${env.CG_RUNTIME}/dist/server/index.js`).href)));
  return file;
}
