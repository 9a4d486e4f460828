/**
 * resolveApis(): CLI flags + config file -> the fully specified APIs to run.
 *
 * - A `<spec>` argument without `--config`: the flags alone (the config file is not read).
 * - Otherwise the config file (`--config <file>` or codegen.config.* in the working
 *   directory); flags override: `--target`, `--package-version`, `--on-success` apply to
 *   every API; `<spec>`, `-o`, `--package` and `--handlers` only when the config has one API.
 */
import path from 'node:path';
import { SpecError } from '../diagnostics.js';
import { normalizeTargets } from '../targets.js';
import { CONFIG_FILE_NAMES, findConfigFile, loadConfig, type ResolvedApi } from './load.js';
import { PACKAGE_NAME, SEMVER } from './options.js';

export interface CliFlags {
  spec?: string;
  out?: string;
  target?: string;
  config?: string;
  package?: string;
  packageVersion?: string;
  handlers?: string;
  onSuccess?: string;
  lenientExamples?: boolean;
  force?: boolean;
  root?: string;
  /** `--stream-bodies`: 'binary' for every API; operationIds only when there is one API. */
  streamBodies?: 'binary' | string[];
}

/** A spec or --root given as an http(s) URL stays a URL; anything else is a path relative to the working directory. */
function source(cwd: string, p: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : path.resolve(cwd, p);
}

export interface ResolvedRun {
  /** The config file used, if any. */
  configFile?: string;
  apis: ResolvedApi[];
}

function usage(message: string): SpecError {
  return new SpecError('USAGE', message);
}

export async function resolveApis(flags: CliFlags, cwd: string, options: { needsOut?: boolean } = {}): Promise<ResolvedRun> {
  const needsOut = options.needsOut ?? true;
  let run: ResolvedRun;
  if (flags.spec !== undefined && flags.config === undefined) {
    if (needsOut && (flags.out === undefined || flags.out === '')) throw usage('missing -o/--out <dir>');
    const api: ResolvedApi = { input: source(cwd, flags.spec), output: path.resolve(cwd, flags.out ?? '') };
    run = { apis: [api] };
  } else {
    const file = flags.config !== undefined ? path.resolve(cwd, flags.config) : findConfigFile(cwd);
    if (!file) throw usage(`missing <spec> (and no ${CONFIG_FILE_NAMES.join(' / ')} in ${cwd})`);
    const config = await loadConfig(file);
    run = { configFile: config.file, apis: config.apis };
    const single = (flag: string) => {
      if (config.apis.length !== 1) throw usage(`${flag} applies to one API, but ${path.basename(file)} lists ${config.apis.length}`);
      return config.apis[0]!;
    };
    if (flags.spec !== undefined) single('<spec>').input = source(cwd, flags.spec);
    if (flags.out !== undefined) single('-o/--out').output = path.resolve(cwd, flags.out);
  }
  for (const api of run.apis) {
    if (flags.package !== undefined) {
      if (run.apis.length !== 1) throw usage(`--package applies to one API, but the config lists ${run.apis.length}`);
      api.package = { name: flags.package };
    }
    if (flags.handlers !== undefined) {
      if (run.apis.length !== 1) throw usage(`--handlers applies to one API, but the config lists ${run.apis.length}`);
      api.handlers = path.resolve(cwd, flags.handlers);
    }
    if (flags.packageVersion !== undefined) {
      if (!api.package) throw usage('--package-version needs --package <name> (or package in the config)');
      api.package = { ...api.package, version: flags.packageVersion };
    }
    if (flags.target !== undefined) api.targets = normalizeTargets(flags.target.split(','));
    if (flags.onSuccess !== undefined) api.onSuccess = flags.onSuccess;
    if (flags.lenientExamples) api.lenientExamples = true;
    if (flags.force) api.force = true;
    if (flags.root !== undefined) api.root = source(cwd, flags.root);
    if (flags.streamBodies !== undefined) {
      if (flags.streamBodies !== 'binary' && run.apis.length !== 1) throw usage(`--stream-bodies with operationIds applies to one API, but the config lists ${run.apis.length}`);
      api.streamBodies = flags.streamBodies;
    }
    if (api.package) {
      if (!PACKAGE_NAME.test(api.package.name) || api.package.name.length > 214) throw usage(`--package ${JSON.stringify(api.package.name)} is not a valid npm package name`);
      if (api.package.version !== undefined && !SEMVER.test(api.package.version)) throw usage(`--package-version ${JSON.stringify(api.package.version)} is not a semantic version (x.y.z)`);
    }
  }
  return run;
}
