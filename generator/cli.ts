#!/usr/bin/env node
/**
 * codegen — the command line. Exit codes: 0 success, 1 spec/config error (or
 * stale output with --check), 2 usage error, 3 internal error (a bug: please report).
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SpecError } from './diagnostics.js';
import { enableFastStart } from './fast-start/index.js';
import { TARGETS } from './targets.js';
import { Reporter, type Stream } from './watch/reporter.js';

const HELP = `codegen — contract-first TypeScript from OpenAPI 2.0/3.0/3.1 and RAML 0.8/1.0

Usage:
  codegen generate <spec> -o <dir> [--target types,server,client] [--check] [--watch]
                   [--package <name> [--package-version x.y.z]]
  codegen generate [--config <file>] [flags]    (the APIs of the config file)
  codegen watch [<spec> -o <dir>] [--on-success "<command>"]
  codegen scaffold [<spec>] --handlers <dir> [-o <generated dir>]
  codegen --help | --version

Commands:
  generate        Generate types, Fastify server stubs and a status-code client.
  watch           Generate, then regenerate whenever the spec or a file it references changes.
  scaffold        Create handler files implementing the generated Handlers (never overwrites).

Without <spec>, the APIs come from codegen.config.ts / .mts / .mjs / .js / .json in the
working directory (or --config <file>); flags override the config.

Options:
  -o, --out <dir>            Output directory. Only files inside it are written.
  -t, --target <list>        Comma-separated targets: ${TARGETS.join(', ')} (default: all).
                             server and client imply types.
  -c, --config <file>        Config file to use.
      --check                Write nothing; exit 1 and list the files that are stale (CI).
  -w, --watch                Same as the watch command.
      --on-success <cmd>     Watch mode: shell command run after each successful regeneration.
      --package <name>       Also write a publishable npm package around the client.
      --package-version <v>  Package version (default: the spec's info.version).
      --handlers <dir>       scaffold: folder for the handler implementations.
      --lenient-examples     RAML: examples that break their type are warnings, not errors.
  -q, --quiet                Print errors only.
  -v, --verbose              Print timings per stage and stack traces of internal errors.
  -h, --help                 This help.
      --version              Print the version.

Colours and progress are shown on a terminal only, never with NO_COLOR set.
Exit codes: 0 ok, 1 spec/config error or stale output (--check), 2 usage error, 3 internal error.
`;

class UsageError extends Error {}

function version(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(path.resolve(here, candidate), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'contractgen') return pkg.version ?? '0.0.0';
    } catch {
      /* next */
    }
  }
  return '0.0.0';
}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  target: { type: 'string', short: 't' },
  config: { type: 'string', short: 'c' },
  check: { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
  'on-success': { type: 'string' },
  package: { type: 'string' },
  'package-version': { type: 'string' },
  handlers: { type: 'string' },
  'lenient-examples': { type: 'boolean' },
  debounce: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export interface MainOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Stops watch mode (tests); SIGINT/SIGTERM do too. */
  signal?: AbortSignal;
}

export async function main(argv: string[], out: Stream = process.stdout, err: Stream = process.stderr, options: MainOptions = {}): Promise<number> {
  let reporter = new Reporter(out, err, { env: options.env ?? process.env });
  const cwd = options.cwd ?? process.cwd();
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
    reporter = new Reporter(out, err, { quiet: values.quiet === true, verbose: values.verbose === true, env: options.env ?? process.env });
    if (values.version) {
      out.write(`${version()}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === 'help' || command === undefined) {
      (command === undefined && !values.help ? err : out).write(HELP);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (command !== 'generate' && command !== 'watch' && command !== 'scaffold') throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    if (rest.length > 1) throw new UsageError(`expected one spec, got ${rest.length}`);
    const watching = command === 'watch' || values.watch === true;
    if (watching && values.check) throw new UsageError('--check and watch mode exclude each other');
    if (command === 'scaffold' && (values.check || watching)) throw new UsageError('scaffold takes neither --check nor --watch');
    const debounce = values.debounce === undefined ? 100 : Number(values.debounce);
    if (!Number.isFinite(debounce) || debounce < 0) throw new UsageError('--debounce expects milliseconds');

    const { resolveApis } = await import('./config/resolve.js');
    const run = await resolveApis(
      {
        ...(rest[0] !== undefined ? { spec: rest[0] } : {}),
        ...(values.out !== undefined ? { out: values.out } : {}),
        ...(values.target !== undefined ? { target: values.target } : {}),
        ...(values.config !== undefined ? { config: values.config } : {}),
        ...(values.package !== undefined ? { package: values.package } : {}),
        ...(values['package-version'] !== undefined ? { packageVersion: values['package-version'] } : {}),
        ...(values.handlers !== undefined ? { handlers: values.handlers } : {}),
        ...(values['on-success'] !== undefined ? { onSuccess: values['on-success'] } : {}),
        ...(values['lenient-examples'] ? { lenientExamples: true } : {}),
      },
      cwd,
    );
    if (run.configFile && reporter.verbose) reporter.raw(reporter.dim(`config: ${run.configFile}`));
    const { resolveTargets } = await import('./generate.js');
    for (const api of run.apis) resolveTargets(api); // target/package conflicts are usage errors, before any work

    if (command === 'scaffold') {
      const { runScaffold } = await import('./scaffold/report.js');
      return await runScaffold(run.apis, reporter, cwd);
    }
    if (watching) {
      const { watchApis } = await import('./watch/watch.js');
      return await watchApis({ apis: run.apis, reporter, debounceMs: debounce, cwd, ...(options.signal ? { signal: options.signal } : {}) });
    }
    const { runGenerate } = await import('./watch/run-generate.js');
    return await runGenerate(run.apis, reporter, { check: values.check === true, cwd });
  } catch (e) {
    if (e instanceof SpecError) {
      if (e.code === 'USAGE') return usage(err, e.message);
      reporter.error({ code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) }, e.details.slice(1));
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usage(err, (e as Error).message);
    err.write(`internal error: ${(e as Error)?.message ?? String(e)}\nThis is a bug in contractgen; please report it with the spec that triggers it.\n`);
    if (reporter.verbose) err.write(`${(e as Error)?.stack ?? ''}\n`);
    return 3;
  }
}

function usage(err: Stream, message: string): number {
  err.write(`usage error: ${message}\nRun 'codegen --help' for usage.\n`);
  return 2;
}

function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (invokedDirectly()) {
  enableFastStart();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 3;
    },
  );
}
