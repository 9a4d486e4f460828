/**
 * Multi-file specs: swagger-parser's bundler inlines an external target where
 * it first meets it and points every other use there — often deep inside
 * `paths`, which no type generator can name. Before bundling we therefore add
 * every externally referenced schema, parameter, response, request body and
 * header to the root's `components` (named after the fragment or the file), so
 * the bundler keeps them there and every use becomes `#/components/...`.
 */
import path from 'node:path';
import { parseSource } from './parse.js';
import type { SourceMap } from './source-map.js';

type Obj = Record<string, unknown>;
type Kind = 'schemas' | 'parameters' | 'responses' | 'requestBodies' | 'headers';
const SCHEMA_KEYS = new Set(['schema', 'schemas', 'properties', 'items', 'allOf', 'oneOf', 'anyOf', 'not', 'additionalProperties', 'patternProperties', 'prefixItems', 'definitions', '$defs']);

/** What a `$ref` found at `segments` stands for, judged from where it is written. */
export function refKind(segments: readonly string[]): Kind | undefined {
  const last = segments[segments.length - 1];
  const parent = segments[segments.length - 2];
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (SCHEMA_KEYS.has(s)) return 'schemas';
    if (s === 'content' || s === 'paths' || s === 'components') break;
  }
  if (parent === 'parameters') return 'parameters';
  if (parent === 'responses') return 'responses';
  if (last === 'requestBody') return 'requestBodies';
  if (parent === 'headers') return 'headers';
  if (parent === 'requestBodies') return 'requestBodies';
  return undefined;
}

/** Adds components for external targets to a copy of `root`; returns undefined when there is nothing to add. */
export function seedComponents(rootFile: string, root: Obj, sourceMap: SourceMap): Obj | undefined {
  const rootDir = path.dirname(rootFile);
  const targets = new Map<string, Kind>(); // absolute file#fragment -> kind
  for (const file of sourceMap.files) {
    const text = sourceMap.text(file);
    if (text === undefined) continue;
    const doc = file === rootFile ? root : parseSource(file, text);
    collect(doc, [], (ref, segments) => {
      const kind = refKind(segments);
      if (!kind) return;
      const [refFile, fragment = ''] = ref.split('#', 2) as [string, string?];
      if (refFile === '' && file === rootFile) return; // internal to the root: already bundled in place
      const absolute = refFile === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(refFile));
      if (!targets.has(`${absolute}#${fragment}`)) targets.set(`${absolute}#${fragment}`, kind);
    });
  }
  if (targets.size === 0) return undefined;
  const seeded = structuredClone(root);
  const components = (seeded['components'] ??= {}) as Obj;
  // targets already named in the root's components keep their names
  const existing = new Set<string>();
  for (const section of Object.values(components)) {
    for (const value of Object.values((section as Obj) ?? {})) {
      const ref = (value as Obj | undefined)?.['$ref'];
      if (typeof ref === 'string' && !ref.startsWith('#')) {
        const [f, frag = ''] = ref.split('#', 2) as [string, string?];
        existing.add(`${path.resolve(rootDir, decodeURIComponent(f))}#${frag}`);
      }
    }
  }
  for (const [target, kind] of targets) {
    if (existing.has(target)) continue;
    const [file, fragment = ''] = target.split('#', 2) as [string, string?];
    const section = (components[kind] ??= {}) as Obj;
    const base = (fragment.split('/').filter(Boolean).pop() ?? '') || path.basename(file).replace(/\.[^.]+$/, '');
    let name = base.replace(/~1/g, '/').replace(/~0/g, '~');
    for (let n = 2; Object.prototype.hasOwnProperty.call(section, name); n++) name = `${base}${n}`;
    const relative = path.relative(rootDir, file).split(path.sep).join('/');
    section[name] = { $ref: `${relative.startsWith('.') ? relative : `./${relative}`}${fragment ? `#${fragment}` : ''}` };
  }
  return seeded;
}

function collect(node: unknown, segments: string[], visit: (ref: string, segments: string[]) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((v, i) => collect(v, [...segments, String(i)], visit));
    return;
  }
  const obj = node as Obj;
  if (typeof obj['$ref'] === 'string') visit(obj['$ref'], segments);
  for (const [k, v] of Object.entries(obj)) if (v && typeof v === 'object') collect(v, [...segments, k], visit);
}
