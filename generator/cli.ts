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
import { Reporter, type Stream } from './reporter.js';

const OPTION_HELP: Record<string, string> = {
  out: '  -o, --out <dir>            Output directory (required with <spec>). Only files inside it are written;\n' +
    '                             a file there that contractgen did not generate is never replaced (see --force).',
  target: `  -t, --target <list>        Comma-separated targets: ${TARGETS.join(', ')} (default: all).\n                             server and client imply types.`,
  config: '  -c, --config <file>        Config file to use.',
  root: "      --root <dir>           Folder $refs and RAML !includes may reach (default: the spec's folder), e.g. a monorepo's root.",
  'poll-interval': '      --poll-interval <ms>   A spec URL: how often to ask the server for changes (default 2000).',
  force: '      --force                Replace files in the output directory that contractgen did not generate.',
  check: '      --check                Write nothing; exit 1 and list the files that are stale (CI).',
  watch: '  -w, --watch                Same as the watch command.',
  'on-success': '      --on-success <cmd>     Shell command run after each successful regeneration.',
  package: '      --package <name>       Also write a publishable npm package around the client.',
  'package-version': "      --package-version <v>  Package version (default: the spec's info.version).",
  handlers: '      --handlers <dir>       Folder for the handler implementations.',
  'lenient-examples': '      --lenient-examples     RAML: examples that break their type are warnings, not errors.',
  'stream-bodies': '      --stream-bodies <b>    Request bodies handed to handlers as streams (as x-stream: true does): "binary"\n' +
    '                             (every binary body), or operationIds, comma-separated (their binary bodies\n' +
    '                             and multipart parts).',
  quiet: '  -q, --quiet                Print errors only.',
  verbose: '  -v, --verbose              Print timings per stage and stack traces of internal errors.',
  help: '  -h, --help                 This help.',
  version: '  -V, --version              Print the version.',
};

const COMMON = ['config', 'root', 'lenient-examples', 'quiet', 'verbose', 'help'];
const COMMANDS = {
  generate: {
    usage: [
      'codegen generate <spec> -o <dir> [--target types,server,client] [--check] [--watch] [--force]',
      '                 [--package <name> [--package-version x.y.z]]',
      'codegen generate [--config <file>] [flags]      (every API of the config file)',
    ],
    summary: 'Generate types, Fastify server stubs and a status-code client.',
    options: ['out', 'target', 'check', 'force', 'watch', 'on-success', 'package', 'package-version', 'stream-bodies', ...COMMON],
  },
  watch: {
    usage: ['codegen watch <spec> -o <dir> [--on-success "<command>"] [--force]', 'codegen watch [--config <file>] [flags]         (every API of the config file)'],
    summary: 'Generate, then regenerate whenever the spec or a file it references changes.',
    options: ['out', 'target', 'force', 'on-success', 'poll-interval', 'package', 'package-version', 'stream-bodies', ...COMMON],
  },
  scaffold: {
    usage: ['codegen scaffold <spec> -o <dir> --handlers <dir>', 'codegen scaffold [--config <file>]              (every API of the config file that names handlers)'],
    summary: 'Create handler files implementing the generated Handlers (never overwrites).',
    options: ['out', 'handlers', 'target', 'force', ...COMMON],
  },
} as const;
type Command = keyof typeof COMMANDS;

const SPEC_NOTE = `<spec> is a file (JSON or YAML; RAML by its #%RAML header) or an http(s) URL.
Without <spec>, the APIs come from codegen.config.ts / .mts / .mjs / .js / .json in the
working directory (or --config <file>); flags override the config.`;

const HELP = `codegen — contract-first TypeScript from OpenAPI 2.0/3.0/3.1/3.2 and RAML 0.8/1.0

Usage:
${Object.values(COMMANDS)
  .flatMap((c) => c.usage)
  .map((u) => `  ${u}`)
  .join('\n')}
  codegen <command> --help
  codegen --help | --version

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(15)} ${c.summary}`)
  .join('\n')}

${SPEC_NOTE}

Options:
${Object.values(OPTION_HELP).join('\n')}

Colours and progress are shown on a terminal only, never with NO_COLOR set.
Exit codes: 0 ok, 1 spec/config error or stale output (--check), 2 usage error, 3 internal error.
`;

function commandHelp(name: Command): string {
  const c = COMMANDS[name];
  return `codegen ${name} — ${c.summary}

Usage:
${c.usage.map((u) => `  ${u}`).join('\n')}

${SPEC_NOTE}

Options:
${c.options.map((o) => OPTION_HELP[o]).join('\n')}

Exit codes: 0 ok, 1 spec/config error${name === 'generate' ? ' or stale output (--check)' : ''}, 2 usage error, 3 internal error.
`;
}


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
  'stream-bodies': { type: 'string' },
  force: { type: 'boolean' },
  root: { type: 'string' },
  'poll-interval': { type: 'string' },
  debounce: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), for "did you mean". */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest known name within reach (a third of the name's length, at least 1), or a name it is a prefix of. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(name, k);
    if (d <= Math.max(1, Math.floor(k.length / 3)) && (!best || d < best.d)) best = { name: k, d };
  }
  return best?.name ?? (name.length >= 2 ? known.find((k) => k.startsWith(name)) : undefined);
}

/** Unknown flags as usage errors that name the closest known flag (parseArgs's own message suggests none). */
function checkFlags(argv: string[]): void {
  const long = Object.keys(OPTIONS);
  const short = Object.values(OPTIONS).flatMap((o) => ('short' in o ? [o.short as string] : []));
  for (const arg of argv) {
    if (arg === '--') return;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0]!;
      if (long.includes(name)) continue;
      const hint = suggest(name, long);
      throw new SpecError('USAGE', `unknown option --${name}${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
    if (/^-[^-]/.test(arg)) {
      for (const ch of arg.slice(1)) {
        if (short.includes(ch)) {
          const entry = Object.entries(OPTIONS).find(([, o]) => 'short' in o && o.short === ch)!;
          if (entry[1].type === 'string') break; // the rest of the word is its value (-ofoo)
          continue;
        }
        const hint = suggest(ch, short) ?? (arg.length > 2 ? suggest(arg.slice(1), long) : undefined);
        const asLong = arg.length > 2 && long.includes(arg.slice(1)) ? ` (did you mean --${arg.slice(1)}?)` : hint && hint.length > 1 ? ` (did you mean --${hint}?)` : '';
        throw new SpecError('USAGE', `unknown option -${ch}${arg.length > 2 ? ` in ${arg}` : ''}${asLong}`);
      }
    }
  }
}

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
    checkFlags(argv);
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
    reporter = new Reporter(out, err, { quiet: values.quiet === true, verbose: values.verbose === true, env: options.env ?? process.env });
    if (values.version) {
      out.write(`${version()}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    const isCommand = (c: string | undefined): c is Command => c !== undefined && Object.hasOwn(COMMANDS, c);
    if (command === 'help') {
      if (rest[0] !== undefined && !isCommand(rest[0])) throw new SpecError('USAGE', unknownCommand(rest[0]));
      out.write(isCommand(rest[0]) ? commandHelp(rest[0]) : HELP);
      return 0;
    }
    if (values.help || command === undefined) {
      if (isCommand(command)) {
        out.write(commandHelp(command));
        return 0;
      }
      (command === undefined && !values.help ? err : out).write(HELP);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (!isCommand(command)) throw new SpecError('USAGE', unknownCommand(command));
    if (rest.length > 1) throw new SpecError('USAGE', `expected one spec, got ${rest.length}`);
    const watching = command === 'watch' || values.watch === true;
    if (watching && values.check) throw new SpecError('USAGE', '--check and watch mode exclude each other');
    if (command === 'scaffold' && (values.check || watching)) throw new SpecError('USAGE', 'scaffold takes neither --check nor --watch');
    const debounce = values.debounce === undefined ? 100 : Number(values.debounce);
    if (!Number.isFinite(debounce) || debounce < 0) throw new SpecError('USAGE', '--debounce expects milliseconds');
    const pollMs = values['poll-interval'] === undefined ? undefined : Number(values['poll-interval']);
    if (pollMs !== undefined && (!Number.isInteger(pollMs) || pollMs < 100)) throw new SpecError('USAGE', '--poll-interval expects milliseconds (100 or more)');

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
        ...(values.force ? { force: true } : {}),
        ...(values.root !== undefined ? { root: values.root } : {}),
        ...(values['stream-bodies'] !== undefined ? { streamBodies: streamBodiesFlag(values['stream-bodies']) } : {}),
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
      return await watchApis({ apis: run.apis, reporter, debounceMs: debounce, cwd, ...(pollMs !== undefined ? { pollMs } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    }
    const { runGenerate } = await import('./watch/run-generate.js');
    return await runGenerate(run.apis, reporter, { check: values.check === true, cwd });
  } catch (e) {
    if (e instanceof SpecError) {
      if (e.code === 'USAGE') return usage(err, e.message, argv.find((a) => Object.hasOwn(COMMANDS, a)));
      reporter.error({ code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) }, e.details.slice(1));
      return 1;
    }
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usage(err, (e as Error).message, argv.find((a) => Object.hasOwn(COMMANDS, a)));
    err.write(`internal error: ${(e as Error)?.message ?? String(e)}\nThis is a bug in contractgen; please report it with the spec that triggers it.\n`);
    if (reporter.verbose) err.write(`${(e as Error)?.stack ?? ''}\n`);
    return 3;
  }
}

/** `--stream-bodies binary` or `--stream-bodies opA,opB` (whether each operation exists and can stream is checked against the spec). */
export function streamBodiesFlag(value: string): 'binary' | string[] {
  if (value === 'binary') return 'binary';
  const ids = value.split(',').map((id) => id.trim());
  if (value.trim() === '' || ids.some((id) => id === '')) {
    throw new SpecError('USAGE', `--stream-bodies expects "binary" or comma-separated operationIds, got ${JSON.stringify(value)}`);
  }
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new SpecError('USAGE', `--stream-bodies names ${JSON.stringify(repeated)} twice`);
  return ids;
}

function unknownCommand(name: string): string {
  const hint = suggest(name, Object.keys(COMMANDS));
  return `unknown command ${JSON.stringify(name)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; the commands are ${Object.keys(COMMANDS).join(', ')}`;
}

function usage(err: Stream, message: string, command?: string): number {
  const help = command !== undefined && Object.hasOwn(COMMANDS, command) ? `codegen ${command} --help` : 'codegen --help';
  err.write(`usage error: ${message}\nRun '${help}' for usage.\n`);
  return 2;
}

function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
/** The process entry (bin/contractgen.js, or this file run directly). */
export function runCli(argv: string[] = process.argv.slice(2)): void {
  enableFastStart();
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 3;
    },
  );
}
if (invokedDirectly()) runCli();
