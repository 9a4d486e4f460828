/**
 * Config validation: every problem names the file, the API (by index) and the
 * option, and suggests the option meant when a key is misspelled.
 */
import path from 'node:path';
import { SpecError } from '../diagnostics.js';
import { TARGETS, type Target } from '../targets.js';
import { API_KEYS, API_OPTIONS, PACKAGE_NAME, SEMVER, type ApiConfig, type PackageConfig } from './options.js';

export { API_KEYS, PACKAGE_NAME, SEMVER };
const PACKAGE_KEYS = ['name', 'version'] as const;

export function configError(file: string, message: string): SpecError {
  return new SpecError('CONFIG_INVALID', message, { file });
}

/** Checks the shape of a config value; returns the APIs (an object is one API). */
export function validateConfig(value: unknown, file: string): ApiConfig[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw configError(file, 'the config lists no API (expected { input, output } or an array of them)');
  return list.map((entry, i) => validateApi(entry, file, Array.isArray(value) ? `[${i}]` : ''));
}

/** Every option of API_OPTIONS, checked by its kind. */
function validateApi(entry: unknown, file: string, where: string): ApiConfig {
  const at = (key?: string) => `${where}${key ? (where ? '.' : '') + key : ''}` || 'the config';
  if (!isObject(entry)) throw configError(file, `${at()}: expected an object { input, output, ... }, got ${describe(entry)}`);
  for (const key of Object.keys(entry)) {
    if (key === '$schema') continue;
    if (!(API_KEYS as readonly string[]).includes(key)) {
      const hint = suggest(key, API_KEYS);
      throw configError(file, `${at()}: unknown option ${JSON.stringify(key)}${hint ? ` (did you mean "${hint}"?)` : ''}; known options: ${API_KEYS.join(', ')}`);
    }
  }
  const api: Record<string, unknown> = {};
  for (const key of API_KEYS) {
    const spec: { kind: string; required?: true } = API_OPTIONS[key];
    const v = entry[key];
    if (v === undefined) {
      if (spec.required) throw configError(file, `${at()}: missing required option "${key}"`);
      continue;
    }
    api[key] = checkValue(spec.kind as (typeof API_OPTIONS)[typeof key]['kind'], v, file, at(key));
  }
  return api as ApiConfig;
}

function checkValue(kind: (typeof API_OPTIONS)[keyof typeof API_OPTIONS]['kind'], v: unknown, file: string, at: string): unknown {
  switch (kind) {
    case 'path':
    case 'source':
    case 'string':
      if (typeof v !== 'string' || v.length === 0) throw configError(file, `${at}: expected a non-empty string${kind === 'path' ? ' (a path)' : kind === 'source' ? ' (a path or an http(s) URL)' : ''}, got ${describe(v)}`);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw configError(file, `${at}: expected true or false, got ${describe(v)}`);
      return v;
    case 'targets': {
      if (!Array.isArray(v) || v.length === 0) throw configError(file, `${at}: expected a non-empty array of ${TARGETS.join(', ')}, got ${describe(v)}`);
      for (const t of v) {
        if (typeof t !== 'string' || !(TARGETS as readonly string[]).includes(t)) {
          throw configError(file, `${at}: unknown target ${JSON.stringify(t)} (expected ${TARGETS.join(', ')})`);
        }
      }
      return v as Target[];
    }
    case 'package':
      return validatePackage(v, file, at);
    case 'streamBodies':
      if (v === 'binary') return v;
      if (!Array.isArray(v) || v.length === 0 || v.some((id) => typeof id !== 'string' || id.length === 0)) {
        throw configError(file, `${at}: expected "binary" or a non-empty array of operationIds, got ${describe(v)}`);
      }
      return v as string[];
    default:
      return kind satisfies never;
  }
}

export function validatePackage(pkg: unknown, file: string, at: string): PackageConfig {
  const spec: unknown = typeof pkg === 'string' ? { name: pkg } : pkg;
  if (!isObject(spec)) throw configError(file, `${at}: expected a package name or { name, version? }, got ${describe(pkg)}`);
  for (const key of Object.keys(spec)) {
    if (!(PACKAGE_KEYS as readonly string[]).includes(key)) throw configError(file, `${at}: unknown option ${JSON.stringify(key)}; known options: ${PACKAGE_KEYS.join(', ')}`);
  }
  const name = spec['name'];
  if (typeof name !== 'string' || name.length > 214 || !PACKAGE_NAME.test(name)) {
    throw configError(file, `${at}.name: ${JSON.stringify(name)} is not a valid npm package name (lower case, e.g. "petstore-sdk" or "@acme/petstore")`);
  }
  const version = spec['version'];
  if (version !== undefined && (typeof version !== 'string' || !SEMVER.test(version))) {
    throw configError(file, `${at}.version: ${JSON.stringify(version)} is not a semantic version (e.g. "1.2.3")`);
  }
  return version === undefined ? { name } : { name, version };
}

function requiredString(entry: Record<string, unknown>, key: string, file: string, at: (k?: string) => string): string {
  const v = entry[key];
  if (v === undefined) throw configError(file, `${at()}: missing required option "${key}"`);
  if (typeof v !== 'string' || v.length === 0) throw configError(file, `${at(key)}: expected a non-empty string (a path), got ${describe(v)}`);
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** The closest known key within edit distance 2 (case-insensitive). */
export function suggest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Paths in the config are relative to the config file's folder. */
export function resolveFrom(configFile: string, p: string, kind: 'path' | 'source' = 'path'): string {
  if (kind === 'source' && /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return p;
  return path.resolve(path.dirname(configFile), p);
}
