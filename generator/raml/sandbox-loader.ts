/**
 * The only resource loader AMF gets: it serves files under the root spec's folder
 * (after resolving `..` and symlinks) and nothing else — no other local path, no
 * network (AMF's default loaders read any path and fetch HTTP(S) includes; AMF-GAPS 20).
 */
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Amf, AmfModule } from './amf-runtime.js';

/** Marker put in the message of a refused fetch; AMF turns it into an `unresolved-reference` result. */
export const OUTSIDE_ROOT_MARKER = 'RAML_INCLUDE_OUTSIDE_ROOT';

export interface SandboxLoader {
  /** The AMF ResourceLoader to install (replaces AMF's defaults). */
  loader: Amf.ResourceLoader;
  /** Absolute real paths of every file served. */
  files: Set<string>;
  /** Every resource refused because it is outside the root or not a local file. */
  refused: Set<string>;
  /** The text served for each file (real path → text). */
  texts: Map<string, string>;
}

export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function refuse(sandbox: SandboxLoader, resource: string, why: string): never {
  sandbox.refused.add(resource);
  throw new Error(`${OUTSIDE_ROOT_MARKER}: '${resource}' ${why}`);
}

function toPath(resource: string): string | undefined {
  if (!resource.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(resource);
  } catch {
    return undefined;
  }
}

/**
 * `rootDir` must already be a real path (see loadRaml). `overrides` (real path → text) serves
 * other text than the file's for the same URL: the incremental path (incremental.ts) hands AMF
 * a root with most resources blanked out, line numbers unchanged.
 */
export function createSandboxLoader(amf: AmfModule, rootDir: string, overrides?: ReadonlyMap<string, string>): SandboxLoader {
  const files = new Set<string>();
  const refused = new Set<string>();
  const sandbox = { files, refused, texts: new Map<string, string>() } as SandboxLoader;
  const fetch = async (resource: string): Promise<InstanceType<AmfModule['Content']>> => {
    const path = toPath(resource);
    if (path === undefined) refuse(sandbox, resource, 'is not a local file: only files under the spec folder can be included');
    if (!isInside(rootDir, resolve(path))) refuse(sandbox, resource, `is outside the spec folder ${rootDir}`);
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new Error(`File not found: ${path}`);
    }
    if (!isInside(rootDir, real)) refuse(sandbox, resource, `resolves (through a symlink) outside the spec folder ${rootDir}`);
    const text = overrides?.get(real) ?? (await readFile(real, 'utf8'));
    sandbox.files.add(real);
    sandbox.texts.set(real, text);
    return new amf.Content(text, resource);
  };
  sandbox.loader = amf.ResourceLoaderFactory.create({ accepts: () => true, fetch }) as Amf.ResourceLoader;
  return sandbox;
}
