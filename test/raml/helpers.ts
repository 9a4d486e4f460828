import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRaml, type RamlLoadOptions, type RamlLoadResult } from '../../generator/raml/index.js';

export const FIXTURES = resolve(fileURLToPath(import.meta.url), '../../../fixtures/raml');
export const fixture = (path: string): string => resolve(FIXTURES, path);

export interface ManifestEntry {
  entry: string;
  raml: string;
  expect: 'valid' | 'invalid' | 'known-gap';
  minPaths?: number;
  errorFile?: string;
  errorLine?: number;
}

export const manifest = JSON.parse(readFileSync(fixture('manifest.json'), 'utf8')) as { entries: ManifestEntry[] };

const cache = new Map<string, Promise<RamlLoadResult>>();
/** One conversion per fixture and option set per test file. */
export function load(path: string, options: RamlLoadOptions = {}): Promise<RamlLoadResult> {
  const key = `${path}|${JSON.stringify(options)}`;
  let result = cache.get(key);
  if (!result) {
    result = loadRaml(fixture(path), options);
    cache.set(key, result);
  }
  return result;
}

type Json = Record<string, unknown>;
export const get = (value: unknown, ...keys: string[]): any => keys.reduce<any>((v, k) => (v as Json | undefined)?.[k], value);

export function allRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => allRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else allRefs(v, out);
    }
  }
  return out;
}

export function operationsOf(doc: Json): { path: string; method: string; op: Json }[] {
  const out: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      if (['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method)) out.push({ path, method, op: op as Json });
    }
  }
  return out;
}

export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
