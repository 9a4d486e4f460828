/**
 * load + validate: read the spec (JSON/YAML, relative $refs confined to the
 * spec's folder, no network), bundle it with swagger-parser (circular refs stay
 * references), validate it against the OpenAPI schema for its version, and
 * upgrade Swagger 2.0 to OpenAPI 3.0. RAML goes through generator/raml.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SpecError, type Diagnostic } from '../diagnostics.js';
import { parseJsonEntries } from './json-entries.js';
import { isJsonText, parseSource } from './parse.js';
import { seedComponents } from './seed-components.js';
import { SourceMap } from './source-map.js';
import { validateDocument, type ValidationMemo } from './validate.js';
import { EntryIndex, type EntryMemo } from '../content-hash.js';
import type { RamlCache } from '../raml/incremental.js';
import { upgradeSwagger2 } from './upgrade.js';
import { fetchInclude, fetchText, fromVirtual, isSpecUrl, redact, refRootFor, toVirtual, translateError, unsupportedScheme, type FetchLimits, type RefRoot } from './remote.js';

export { isSpecUrl } from './remote.js';

const require = createRequire(import.meta.url);

export interface LoadedSpec {
  /** Bundled OpenAPI 3.x document: only internal `#/…` references. */
  document: Record<string, unknown>;
  /** Version as written: '2.0', '3.0.x', '3.1.x', '3.2.x', 'raml-0.8', 'raml-1.0'. */
  sourceVersion: string;
  /** Absolute paths of every file read, root first. */
  files: string[];
  sourceMap: SourceMap;
  rootFile: string;
  warnings: Diagnostic[];
}

export interface LoadOptions {
  lenientExamples?: boolean;
  /** Entries validated by an earlier run (watch mode): see validate.ts. */
  validation?: ValidationMemo;
  /**
   * What earlier runs found in each entry (watch mode): the document is indexed by entry hash
   * as it is parsed (content-hash.ts EntryIndex), and the validation memo, the reference check,
   * hoist-refs.ts and the emitters' hashes read that index instead of walking the document.
   */
  entries?: EntryMemo;
  /**
   * The folder `$ref`s may reach (`--root`, config `root`): default the spec's folder. A
   * monorepo's `apis/orders/openapi.yaml` reaching `../shared/errors.yaml` needs the common parent.
   * For a spec URL, a URL on the same origin whose path the documents must lie under.
   */
  root?: string;
  /** A spec URL: timeout and size limit per document. */
  fetch?: FetchLimits;
  /** RAML conversions of an earlier run (watch mode): see generator/raml/incremental.ts. */
  raml?: RamlCache;
  /** Bytes of files the caller read just before (watch mode: generate.ts readInputs): the root file is decoded from them, not read again. */
  bytes?: ReadonlyMap<string, Buffer | null>;
}

/**
 * UTF-8 as `readFile(file, 'utf8')` decodes it (a BOM kept, U+FFFD for bad bytes), in one
 * pass: Node 20's readFile decodes chunk by chunk into a rope that the first regex or parse
 * then flattens (~1.6× the CPU for GitHub's 11 MB spec).
 */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The spec (a path or an http(s) URL) and the folder its `$ref`s may reach. */
export async function loadSpec(input: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const remote = isSpecUrl(input);
  try {
    const loaded = await loadSpecFrom(input, remote, options);
    if (!remote) return loaded;
    // past the loader, a remote spec's documents are known by their URLs (later stages locate errors in them)
    const byUrl = new SourceMap();
    for (const f of loaded.sourceMap.files) byUrl.add(fromVirtual(f) ?? f, loaded.sourceMap.text(f) ?? '');
    const files = loaded.files.map((f) => fromVirtual(f) ?? f);
    return { ...loaded, sourceMap: byUrl, files, rootFile: fromVirtual(loaded.rootFile) ?? redact(input) };
  } catch (e) {
    throw remote && e instanceof SpecError ? translateError(e) : e;
  }
}

async function loadSpecFrom(input: string, remote: boolean, options: LoadOptions): Promise<LoadedSpec> {
  const scheme = unsupportedScheme(input);
  if (scheme) throw new SpecError('SPEC_NOT_FOUND', `cannot read spec ${JSON.stringify(input)}: ${scheme}:// is not supported (give a file path or an http(s) URL)`, { file: input });
  let url = remote ? new URL(input) : undefined;
  let text = '';
  if (url) {
    // a redirected root: its relative $refs resolve against the URL it came from (RFC 3986 §5.1.3),
    // and the same-origin / under-the-path (or --root) rules are checked against that URL
    const got = await fetchText(url.href, options.fetch);
    text = got.text;
    url = new URL(got.url);
  }
  const rootFile = url ? toVirtual(url) : path.resolve(input.startsWith('file://') ? fileURLToPath(input) : input);
  if (!url) {
    try {
      text = UTF8.decode(options.bytes?.get(rootFile) ?? (await readFile(rootFile)));
    } catch (err) {
      throw new SpecError('SPEC_NOT_FOUND', `cannot read spec: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file: rootFile });
    }
  }
  const refRoot = refRootFor(rootFile, options.root);
  if (/^\s*#%RAML/.test(text)) return loadRamlSpec(url ? url.href : rootFile, rootFile, text, options);

  const sourceMap = new SourceMap();
  sourceMap.add(rootFile, text);
  // watch mode: a JSON spec is parsed entry by entry, unchanged entries reused (json-entries.ts)
  const byEntry = options.entries && isJsonText(rootFile, text) ? parseJsonEntries(text, options.entries) : undefined;
  const root = byEntry?.document ?? parseSource(rootFile, text);
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    throw new SpecError('SPEC_INVALID', 'the spec is not an object (expected an OpenAPI or Swagger document)', { file: rootFile, line: 1, column: 1 });
  }
  const raw = root as Record<string, unknown>;
  const sourceVersion = detectVersion(raw, rootFile);
  const index = options.entries ? new EntryIndex(raw, options.entries, byEntry?.hashes) : undefined;
  const { external } = validateDocument(raw, sourceVersion, rootFile, sourceMap, options.validation, index);

  const bundled = external ? await bundle(rootFile, raw, sourceMap, sourceVersion, { ...refRoot, remote: url !== undefined, ...(options.fetch ? { fetch: options.fetch } : {}) }) : raw;
  const document = sourceVersion === '2.0' ? await upgradeSwagger2(bundled, rootFile) : bundled;
  return { document, sourceVersion, files: sourceMap.files, sourceMap, rootFile, warnings: [] };
}

function detectVersion(raw: Record<string, unknown>, file: string): string {
  if (typeof raw['swagger'] === 'string' && raw['swagger'] === '2.0') return '2.0';
  const openapi = raw['openapi'];
  if (typeof openapi === 'string' && /^3\.[012]\.\d+$/.test(openapi)) return openapi;
  const field = raw['swagger'] !== undefined ? 'swagger' : 'openapi';
  throw new SpecError(
    'SPEC_VERSION',
    raw['swagger'] === undefined && openapi === undefined
      ? 'not an OpenAPI document: no "openapi" or "swagger" field'
      : `unsupported version ${JSON.stringify(raw[field])} (supported: swagger "2.0", openapi "3.0.x", "3.1.x", "3.2.x"; versions must be strings)`,
    raw[field] === undefined ? { file, line: 1, column: 1 } : { file, pointer: `/${field}` },
  );
}

interface BundleOptions extends RefRoot {
  remote: boolean;
  fetch?: FetchLimits;
}

/** Bundles external $refs into one document with swagger-parser; files confined to the root folder. */
async function bundle(rootFile: string, root: Record<string, unknown>, sourceMap: SourceMap, version: string, where: BundleOptions): Promise<Record<string, unknown>> {
  const SwaggerParser = require('@apidevtools/swagger-parser') as {
    bundle(path: string, api: unknown, options: unknown): Promise<Record<string, unknown>>;
  };
  const rootDir = where.dir;
  const shownDir = fromVirtual(rootDir) ?? rootDir;
  const outside = (target: string) =>
    where.remote
      ? `$ref to ${JSON.stringify(target)} leaves ${shownDir}/; only documents on the same origin under the spec's path can be referenced (widen it with --root <url>, or root in the config)`
      : where.explicit
        ? `$ref to ${JSON.stringify(target)} leaves the --root folder ${rootDir}; only files under it can be referenced`
        : `$ref to ${JSON.stringify(target)} leaves the spec's folder ${rootDir}; only files under it can be referenced (widen it with --root <dir>, or root in the config)`;
  // json-schema-ref-parser wraps resolver errors and drops them; keep ours to report precisely.
  let resolverError: SpecError | undefined;
  const fail = (error: SpecError): never => {
    resolverError = error;
    throw error;
  };
  const options = {
    resolve: {
      http: false,
      external: true,
      // absolute URLs are never fetched (a remote spec's relative $refs are virtual files, below)
      url: {
        order: 0,
        canRead: (file: { url: string }) => /^[a-z][a-z0-9+.-]+:\/\//i.test(file.url) && !file.url.startsWith('file:'),
        read: (file: { url: string }) =>
          fail(new SpecError('SPEC_REF_OUTSIDE_ROOT', `$ref to the URL ${JSON.stringify(redact(file.url))}: only relative $refs ${where.remote ? "under the spec's path" : "to files under the spec's folder"} are resolved`, sourceMap.findRef(file.url) ?? { file: rootFile })),
      },
      file: {
        order: 1,
        canRead: (file: { url: string }) => !/^[a-z][a-z0-9+.-]+:\/\//i.test(file.url) || file.url.startsWith('file:'),
        read: async (file: { url: string }) => {
          const target = file.url.startsWith('file:') ? fileURLToPath(file.url) : path.resolve(decodeURIComponent(file.url));
          const relative = path.relative(rootDir, target);
          if (relative.startsWith('..') || path.isAbsolute(relative)) {
            fail(new SpecError('SPEC_REF_OUTSIDE_ROOT', outside(fromVirtual(target) ?? target), sourceMap.findRef(refValueFor(rootFile, target)) ?? { file: rootFile }));
          }
          const url = where.remote ? fromVirtual(target) : undefined;
          if (url) {
            try {
              const text = await fetchInclude(url, where.fetch);
              sourceMap.add(target, text);
              return text;
            } catch (err) {
              const why = err instanceof SpecError ? err.message.replace(/^cannot fetch [^:]+:\/\/[^ ]+: /, '') : String(err);
              return fail(new SpecError('SPEC_REF_NOT_FOUND', `$ref target ${JSON.stringify(url)} cannot be fetched (${why})`, sourceMap.findRef(refValueFor(rootFile, target)) ?? { file: rootFile }));
            }
          }
          try {
            const content = await readFile(target, 'utf8');
            sourceMap.add(target, content);
            return content;
          } catch (err) {
            return fail(new SpecError('SPEC_REF_NOT_FOUND', `$ref target file ${JSON.stringify(relative)} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, sourceMap.findRef(refValueFor(rootFile, target)) ?? { file: rootFile }));
          }
        },
      },
    },
    parse: {
      json: false,
      yaml: false,
      text: false,
      binary: false,
      contractgen: {
        order: 1,
        allowEmpty: false,
        canParse: true,
        parse: (file: { url: string; data: string | Buffer }) => {
          const filePath = file.url.startsWith('file:') ? fileURLToPath(file.url) : path.resolve(file.url);
          return parseSource(filePath, typeof file.data === 'string' ? file.data : file.data.toString('utf8'));
        },
      },
    },
  };
  // swagger-parser 12.1 rejects `openapi: 3.2.x` ("Unsupported OpenAPI version") before bundling,
  // though bundling ($ref resolution) is the same as for 3.1: the document (validated against the
  // 3.2 schema already) is bundled as 3.1.2 and gets its version back.
  const is32 = version.startsWith('3.2');
  const run = async (doc: Record<string, unknown>) => {
    try {
      const input = structuredClone(doc);
      if (is32) input['openapi'] = '3.1.2';
      const out = await SwaggerParser.bundle(pathToFileURL(rootFile).href, input, options);
      if (is32) out['openapi'] = version;
      return out;
    } catch (err) {
      throw resolverError ?? toSpecError(err, rootFile, sourceMap);
    }
  };
  // First pass: resolves every file (and reports bad refs). When the bundler had to point
  // into `paths`, bundle again with the external targets seeded into `components`.
  const first = await run(root);
  if (!JSON.stringify(first).match(/"\$ref":"#\/(?!components\/)/)) return first;
  const seeded = seedComponents(rootFile, root, sourceMap);
  return seeded ? run(seeded) : first;
}

function refValueFor(rootFile: string, target: string): string {
  return path.relative(path.dirname(rootFile), target).split(path.sep).join('/');
}

function toSpecError(err: unknown, rootFile: string, sourceMap: SourceMap): SpecError {
  const inner = (err as { errors?: unknown[] }).errors?.[0] ?? err;
  if (inner instanceof SpecError) return inner;
  const cause = (inner as { cause?: unknown }).cause;
  if (cause instanceof SpecError) return cause;
  const message = (inner as Error).message ?? String(inner);
  const missing = /\$ref pointer "([^"]+)"/.exec(message) ?? /resolving \$ref pointer "([^"]+)"/.exec(message);
  if (missing?.[1]) {
    const ref = missing[1];
    const local = ref.includes('#') ? `#${ref.split('#')[1]}` : ref;
    const at = sourceMap.findRef(local) ?? sourceMap.findRef(ref.split('/').pop() ?? ref) ?? { file: rootFile };
    return new SpecError('SPEC_REF_NOT_FOUND', `$ref ${JSON.stringify(local)} points to nothing`, at);
  }
  return new SpecError('SPEC_REF_NOT_FOUND', `cannot resolve a $ref: ${message.split('\n')[0]}`, { file: rootFile });
}

/** A RAML spec (a path, or a URL whose root text was fetched already): generator/raml. */
async function loadRamlSpec(input: string, rootFile: string, text: string, options: LoadOptions): Promise<LoadedSpec> {
  const raml = (await import('../raml/index.js')) as typeof import('../raml/index.js');
  const ramlOptions = {
    ...(options.lenientExamples === undefined ? {} : { lenientExamples: options.lenientExamples }),
    ...(options.raml ? { cache: options.raml } : {}),
    ...(options.root === undefined ? {} : { root: options.root }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const result = isSpecUrl(input) ? await raml.loadRamlUrl(input, text, ramlOptions) : await raml.loadRaml(rootFile, ramlOptions);
  const header = /^\s*#%RAML\s+(0\.8|1\.0)/.exec(text.slice(0, 64));
  return {
    document: result.document,
    sourceVersion: `raml-${header?.[1] ?? '1.0'}`,
    files: result.files,
    sourceMap: new SourceMap(),
    rootFile,
    warnings: result.warnings,
  };
}
