/**
 * Terminal output for the CLI: colours only on a TTY and never with NO_COLOR,
 * per-stage progress only on a TTY, `--quiet` (errors only) and `--verbose`
 * (timings per stage). Spec text passes through `printable` before it reaches
 * the terminal.
 */
import type { Diagnostic } from './diagnostics.js';
import { formatDiagnostic } from './diagnostics.js';

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ReporterOptions {
  quiet?: boolean;
  verbose?: boolean;
  env?: NodeJS.ProcessEnv;
}

export class Reporter {
  readonly quiet: boolean;
  readonly verbose: boolean;
  private readonly colour: boolean;
  private readonly progress: boolean;
  private progressShown = false;

  constructor(
    readonly out: Stream,
    readonly err: Stream,
    options: ReporterOptions = {},
  ) {
    const env = options.env ?? process.env;
    this.quiet = options.quiet === true;
    this.verbose = options.verbose === true && !this.quiet;
    const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
    this.colour = err.isTTY === true && !noColor && env['TERM'] !== 'dumb';
    this.progress = err.isTTY === true && !this.quiet;
  }

  private paint(code: number, text: string): string {
    return this.colour ? `\u001b[${code}m${text}\u001b[39m` : text;
  }

  red = (t: string) => this.paint(31, t);
  green = (t: string) => this.paint(32, t);
  yellow = (t: string) => this.paint(33, t);
  dim = (t: string) => (this.colour ? `\u001b[2m${t}\u001b[22m` : t);

  /** A normal result line (stdout); suppressed by --quiet. */
  info(line: string): void {
    this.clearProgress();
    if (!this.quiet) this.out.write(`${line}\n`);
  }

  error(d: Diagnostic, details: Diagnostic[] = []): void {
    this.clearProgress();
    this.err.write(`${this.red('error:')} ${formatDiagnostic(d)}\n`);
    for (const x of details) this.err.write(`  also: ${formatDiagnostic(x)}\n`);
  }

  warning(d: Diagnostic): void {
    this.clearProgress();
    if (!this.quiet) this.err.write(`${this.yellow('warning:')} ${formatDiagnostic(d)}\n`);
  }

  raw(line: string): void {
    this.clearProgress();
    this.err.write(`${line}\n`);
  }

  /** `--verbose`: one line per finished stage. */
  stageDone = (stage: string, ms: number): void => {
    if (!this.verbose) return;
    this.clearProgress();
    this.err.write(this.dim(`  ${stage.padEnd(7)} ${ms.toFixed(0)} ms\n`));
  };

  /** TTY only: a transient "stage…" indicator, overwritten in place. */
  stageStart = (stage: string): void => {
    if (!this.progress) return;
    this.err.write(`\r\u001b[K${this.dim(`  ${stage}…`)}`);
    this.progressShown = true;
  };

  clearProgress(): void {
    if (this.progressShown) {
      this.err.write('\r\u001b[K');
      this.progressShown = false;
    }
  }
}

/** Spec text shown on a terminal: no control characters (ANSI escapes, newlines), bounded length. */
export function printable(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
