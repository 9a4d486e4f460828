/**
 * Cold start of the CLI (issue 16). Two costs dominate a small run, both in loading
 * CommonJS modules, above all TypeScript's 9 MB compiler (openapi-typescript's printer):
 *
 * 1. `import ts from 'typescript'` from an ES module makes Node 20 detect the file's
 *    module format (a trial compile) and run cjs-module-lexer over all of it to find named
 *    exports nobody uses — ~0.5 s CPU. A resolve hook ({@link ./hooks.ts}) sends that one
 *    bare specifier to a shim ({@link ./typescript.ts}) that `require`s the same file.
 * 2. Compiling the CommonJS sources. Node 22 has `module.enableCompileCache()`; on Node 20
 *    {@link enableCompileCache} does what the `v8-compile-cache` package does: compile
 *    `node_modules` CJS through `vm.Script` with V8 code cache kept on disk.
 *
 * Only the CLI calls {@link enableFastStart}; the programmatic API leaves the host
 * process alone. `CONTRACTGEN_COMPILE_CACHE=0` turns the cache off.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

interface ModuleInternals {
  _compile(this: NodeModule, content: string, filename: string): unknown;
}
interface ModuleStatics {
  wrap(source: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: NodeModule): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
  enableCompileCache?: (dir?: string) => unknown;
  register?: (specifier: string, parentURL: string) => void;
}

const M = Module as unknown as ModuleStatics;
const proto = Module.prototype as unknown as ModuleInternals;
let enabled: { dir: string } | undefined;

export function enableFastStart(env: NodeJS.ProcessEnv = process.env): void {
  if (env.CONTRACTGEN_COMPILE_CACHE !== '0') enableCompileCache(env.CONTRACTGEN_COMPILE_CACHE_DIR || defaultCacheDir());
  try {
    M.register?.('./hooks.js', import.meta.url);
  } catch {
    /* hooks unavailable: the plain import path still works, only slower */
  }
}

/** The directory enableCompileCache() enabled in this thread, if any (a worker thread enables the same one). */
export function compileCacheDir(): string | undefined {
  return enabled?.dir;
}

/** Per user, per V8 version (code cache is V8-version specific). */
export function defaultCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `contractgen-compile-cache-${uid}`, `${process.arch}-v8-${process.versions.v8}`);
}

/**
 * Compiles CommonJS modules under `node_modules` with V8 code cache read from and written
 * to `dir` (one file per module source, keyed by the source's sha1, so an edited or
 * upgraded file never meets stale code). Returns false when the directory is not ours
 * alone (another user could plant code there) or cannot be made.
 */
export function enableCompileCache(dir: string): boolean {
  if (enabled) return enabled.dir === dir;
  if (!privateDir(dir)) return false;
  if (typeof M.enableCompileCache === 'function') {
    M.enableCompileCache(dir);
    enabled = { dir };
    return true;
  }
  enabled = { dir };
  const original = proto._compile;
  const produce = new Map<string, vm.Script>();
  const sep = `${path.sep}node_modules${path.sep}`;
  proto._compile = function compileWithCache(this: NodeModule, content: string, filename: string): unknown {
      const ours = filename.startsWith(dir + path.sep) || filename.includes(sep);
    if (!ours || (!filename.endsWith('.js') && !filename.endsWith('.cjs'))) return original.call(this, content, filename);
    const file = path.join(dir, `${createHash('sha1').update(filename).update('\0').update(content).digest('hex')}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      /* first run */
    }
    let script: vm.Script;
    try {
      script = new vm.Script(M.wrap(content), {
        filename,
        ...(cachedData ? { cachedData } : {}),
        // `import()` inside the module behaves as under require (Node ≥ 20.12).
        ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
      });
    } catch {
      // Not CommonJS after all (ES syntax in a .js file): Node's own loader knows what to do.
      return original.call(this, content, filename);
    }
    if (!cachedData || script.cachedDataRejected) produce.set(file, script);
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    // After the run, so the cache holds the functions that were compiled lazily too.
    for (const [file, script] of produce) {
      try {
        writeAtomically(file, script.createCachedData());
      } catch {
        /* a cache that cannot be written only costs speed */
      }
    }
  });
  return true;
}

/**
 * A CommonJS module generated once and kept in the compile cache (e.g. Ajv's standalone
 * code for the OpenAPI schemas, which takes longer to compile than to run). `key` names
 * everything the code depends on (library versions, schema, options); `requireFrom` is the
 * file its `require`s resolve from. Without an enabled cache (the programmatic API),
 * returns undefined and the caller compiles as usual.
 */
export function cachedModule(key: string, requireFrom: string, generate: () => string): unknown {
  if (!enabled) return undefined;
  const file = path.join(enabled.dir, `gen-${createHash('sha1').update(key).digest('hex')}.cjs`);
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    code = generate();
    try {
      writeAtomically(file, Buffer.from(code));
    } catch {
      /* not kept: compiled again next time */
    }
  }
  const mod = new Module(file) as NodeModule & { paths: string[]; _compile(content: string, filename: string): unknown };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(path.dirname(requireFrom));
  mod._compile(code, file);
  mod.loaded = true;
  return mod.exports;
}

const TEXT_ENTRIES = 512;

/**
 * A result of a pure function of text (Prettier's formatting) kept in the compile cache
 * across CLI runs, like `prettier --cache`: `key` must name every input (library version,
 * options, the text itself). Undefined without an enabled cache or on a miss.
 */
export function cachedText(key: string): string | undefined {
  if (!enabled) return undefined;
  try {
    return readFileSync(textFile(enabled.dir, key), 'utf8');
  } catch {
    return undefined;
  }
}

/** Stores a {@link cachedText} result; the oldest entries go once there are more than 512. */
export function storeText(key: string, text: string): void {
  if (!enabled) return;
  const dir = enabled.dir;
  try {
    writeAtomically(textFile(dir, key), Buffer.from(text));
    if (Math.random() < 0.05) pruneTexts(dir);
  } catch {
    /* not kept */
  }
}

function textFile(dir: string, key: string): string {
  return path.join(dir, `text-${createHash('sha1').update(key).digest('hex')}.txt`);
}

function pruneTexts(dir: string): void {
  const files = readdirSync(dir).filter((f) => f.startsWith('text-'));
  if (files.length <= TEXT_ENTRIES) return;
  const dated = files.map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of dated.slice(0, files.length - TEXT_ENTRIES)) unlinkSync(path.join(dir, f));
}

function makeRequire(mod: NodeModule): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = M._extensions;
  require.cache = M._cache;
  return require;
}

/**
 * Creates `dir` (0700) and checks that it, and each folder between it and the temp
 * directory, belongs to this user and nobody else may write to it.
 */
function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform === 'win32') return true;
    const tmp = path.resolve(os.tmpdir());
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
      const st = lstatSync(d);
      if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) return false;
      const up = path.dirname(d);
      if (up === tmp || up === d || !d.startsWith(tmp + path.sep)) return true;
    }
  } catch {
    return false;
  }
}

function writeAtomically(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
