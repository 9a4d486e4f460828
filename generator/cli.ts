#!/usr/bin/env node
/**
 * codegen — the command line. Exit codes: 0 success, 1 spec error (or stale
 * output with --check), 2 usage error, 3 internal error (a bug: please report).
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SpecError, formatDiagnostic } from './diagnostics.js';
import { normalizeTargets, TARGETS } from './targets.js';

const HELP = `codegen — contract-first TypeScript from OpenAPI 2.0/3.0/3.1 and RAML 0.8/1.0

Usage:
  codegen generate <spec> -o <dir> [--target types,server,client] [--check] [--quiet]
  codegen --help | --version

Commands:
  generate        Generate types, Fastify server stubs and a status-code client.

Options:
  -o, --out <dir>     Output directory (required). Only files inside it are written.
  -t, --target <list> Comma-separated targets: ${TARGETS.join(', ')} (default: all).
                      server and client imply types.
      --check         Write nothing; exit 1 and list the files that are stale.
  -q, --quiet         Print errors only.
  -v, --verbose       Print timings per stage and stack traces of internal errors.
  -h, --help          This help.
      --version       Print the version.

Exit codes: 0 ok, 1 spec error or stale output (--check), 2 usage error, 3 internal error.
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

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let verbose = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        target: { type: 'string', short: 't' },
        check: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    }).valueOf() as { values: Record<string, string | boolean | undefined>; positionals: string[] };
    verbose = values['verbose'] === true;
    if (values['version']) {
      out.write(`${version()}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values['help'] || command === 'help' || command === undefined) {
      (command === undefined && !values['help'] ? err : out).write(HELP);
      return command === undefined && !values['help'] ? 2 : 0;
    }
    if (command !== 'generate') throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    if (rest.length !== 1) throw new UsageError(rest.length === 0 ? 'missing <spec>' : `expected one spec, got ${rest.length}`);
    const output = values['out'];
    if (typeof output !== 'string' || output.length === 0) throw new UsageError('missing -o/--out <dir>');
    let targets;
    try {
      targets = normalizeTargets(typeof values['target'] === 'string' ? values['target'].split(',') : TARGETS);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { generate } = await import('./generate.js');
    const result = await generate({
      input: rest[0]!,
      output,
      targets,
      check: values['check'] === true,
      ...(verbose ? { onStage: (stage: string, ms: number) => err.write(`  ${stage.padEnd(7)} ${ms.toFixed(0)} ms\n`) } : {}),
    });
    for (const w of result.warnings) err.write(`warning: ${formatDiagnostic(w)}\n`);
    if (values['check']) {
      if (result.stale.length > 0) {
        err.write(`stale output in ${output}: ${result.stale.join(', ')}\nrun: codegen generate ${rest[0]} -o ${output}\n`);
        return 1;
      }
      if (!values['quiet']) out.write(`up to date: ${result.files.length} files in ${output}\n`);
      return 0;
    }
    if (!values['quiet']) {
      const m = result.model;
      out.write(
        `${printable(m.title)} ${printable(m.version)}: ${m.operations.length} operations, ${m.schemas.length} schemas -> ${output} ` +
          `(${result.written.length} written, ${result.unchanged.length} unchanged) in ${result.ms.toFixed(0)} ms\n`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof SpecError) {
      if (e.code === 'USAGE') return usage(err, e.message);
      err.write(`error: ${formatDiagnostic({ code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) })}\n`);
      for (const d of e.details.slice(1)) err.write(`  also: ${formatDiagnostic(d)}\n`);
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usage(err, (e as Error).message);
    err.write(`internal error: ${(e as Error)?.message ?? String(e)}\nThis is a bug in contractgen; please report it with the spec that triggers it.\n`);
    if (verbose) err.write(`${(e as Error)?.stack ?? ''}\n`);
    return 3;
  }
}

/** Spec text shown on a terminal: no control characters (ANSI escapes, newlines), bounded length. */
function printable(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

function usage(err: NodeJS.WritableStream, message: string): number {
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
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 3;
    },
  );
}
