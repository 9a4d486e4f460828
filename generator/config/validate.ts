/**
 * Config validation: every problem names the file, the API (by index) and the
 * option, and suggests the option meant when a key is misspelled.
 */
import path from 'node:path';
import { SpecError } from '../diagnostics.js';
import { TARGETS, type Target } from '../targets.js';
import type { ApiConfig, PackageConfig } from './index.js';

export const API_KEYS = ['input', 'output', 'targets', 'package', 'handlers', 'onSuccess', 'lenientExamples'] as const;
const PACKAGE_KEYS = ['name', 'version'] as const;

/** npm's rules for package names (lower case, URL-safe, optional scope, at most 214 characters). */
export const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** Semantic version (2.0.0), prerelease and build metadata allowed. */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function configError(file: string, message: string): SpecError {
  return new SpecError('CONFIG_INVALID', message, { file });
}

/** Checks the shape of a config value; returns the APIs (an object is one API). */
export function validateConfig(value: unknown, file: string): ApiConfig[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw configError(file, 'the config lists no API (expected { input, output } or an array of them)');
  return list.map((entry, i) => validateApi(entry, file, Array.isArray(value) ? `[${i}]` : ''));
}

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
  const api: ApiConfig = { input: requiredString(entry, 'input', file, at), output: requiredString(entry, 'output', file, at) };
  const targets = entry['targets'];
  if (targets !== undefined) {
    if (!Array.isArray(targets) || targets.length === 0) throw configError(file, `${at('targets')}: expected a non-empty array of ${TARGETS.join(', ')}, got ${describe(targets)}`);
    for (const t of targets) {
      if (typeof t !== 'string' || !(TARGETS as readonly string[]).includes(t)) {
        throw configError(file, `${at('targets')}: unknown target ${JSON.stringify(t)} (expected ${TARGETS.join(', ')})`);
      }
    }
    api.targets = targets as Target[];
  }
  const pkg = entry['package'];
  if (pkg !== undefined) api.package = validatePackage(pkg, file, at('package'));
  for (const key of ['handlers', 'onSuccess'] as const) {
    const v = entry[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length === 0) throw configError(file, `${at(key)}: expected a non-empty string, got ${describe(v)}`);
    api[key] = v;
  }
  const lenient = entry['lenientExamples'];
  if (lenient !== undefined) {
    if (typeof lenient !== 'boolean') throw configError(file, `${at('lenientExamples')}: expected true or false, got ${describe(lenient)}`);
    api.lenientExamples = lenient;
  }
  return api;
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
export function resolveFrom(configFile: string, p: string): string {
  return path.resolve(path.dirname(configFile), p);
}
