/**
 * The only resource loader AMF gets: it serves files under the include folder — the root
 * spec's folder, or `--root` (after resolving `..` and symlinks) — and nothing else: no other
 * local path, no network (AMF's default loaders read any path and fetch HTTP(S) includes;
 * AMF-GAPS 20). A spec given as a URL is a virtual tree (load/remote.ts): its relative
 * includes are fetched on the same origin, under the spec's path (or a `--root` URL), with the
 * same timeout and size limit as the root; an absolute include URL is refused, as for OpenAPI.
 */
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchInclude, fromVirtual, type FetchLimits } from '../load/remote.js';
import type { Amf, AmfModule } from './amf-runtime.js';

/** Marker put in the message of a refused fetch; AMF turns it into an `unresolved-reference` result. */
export const OUTSIDE_ROOT_MARKER = 'RAML_INCLUDE_OUTSIDE_ROOT';

/** Where includes may come from (plain data: it goes to the AMF worker). */
export interface IncludeScope {
  /** The folder every included file must lie under: a real path, or a virtual one for a spec URL. */
  dir: string;
  /** Set by `--root` / config `root` (named in messages). */
  explicit: boolean;
  /** A spec URL: includes are fetched with these limits (the folder is virtual). */
  remote?: FetchLimits;
}

export interface SandboxLoader {
  /** The AMF ResourceLoader to install (replaces AMF's defaults). */
  loader: Amf.ResourceLoader;
  /** Absolute real paths of every file served (virtual paths for a spec URL). */
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

/** Why an include outside the scope is refused, and how to widen it. */
function outside(scope: IncludeScope): string {
  if (scope.remote) return `leaves ${fromVirtual(scope.dir) ?? scope.dir}/: only documents on the same origin under the spec's path can be included (widen it with --root <url>, or root in the config)`;
  if (scope.explicit) return `is outside the --root folder ${scope.dir}`;
  return `is outside the spec folder ${scope.dir} (widen it with --root <dir>, or root in the config)`;
}

/**
 * `overrides` (real path → text) serves other text than the file's for the same URL: the
 * incremental path (incremental.ts) hands AMF a root with most resources blanked out, line
 * numbers unchanged; a spec URL's root is served the text already fetched.
 */
export function createSandboxLoader(amf: AmfModule, scope: IncludeScope, overrides?: ReadonlyMap<string, string>): SandboxLoader {
  const files = new Set<string>();
  const refused = new Set<string>();
  const sandbox = { files, refused, texts: new Map<string, string>() } as SandboxLoader;
  const rootDir = scope.dir;
  const serve = (real: string, text: string, resource: string) => {
    sandbox.files.add(real);
    sandbox.texts.set(real, text);
    return new amf.Content(text, resource);
  };
  const fetch = async (resource: string): Promise<InstanceType<AmfModule['Content']>> => {
    const path = toPath(resource);
    if (path === undefined) {
      refuse(sandbox, resource, scope.remote ? "is an absolute URL: only includes relative to the spec's URL are fetched" : 'is not a local file: only files under the spec folder can be included');
    }
    const url = scope.remote ? fromVirtual(resolve(path)) : undefined;
    const shown = url ?? resource;
    if (!isInside(rootDir, resolve(path))) refuse(sandbox, shown, outside(scope));
    if (scope.remote) {
      const given = overrides?.get(resolve(path));
      if (given !== undefined) return serve(resolve(path), given, resource);
      if (url === undefined) refuse(sandbox, shown, outside(scope));
      return serve(resolve(path), await fetchInclude(url, scope.remote), resource);
    }
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new Error(`File not found: ${path}`);
    }
    if (!isInside(rootDir, real)) refuse(sandbox, resource, `resolves (through a symlink) ${outside(scope).replace(/^is /, '')}`);
    return serve(real, overrides?.get(real) ?? (await readFile(real, 'utf8')), resource);
  };
  sandbox.loader = amf.ResourceLoaderFactory.create({ accepts: () => true, fetch }) as Amf.ResourceLoader;
  return sandbox;
}
