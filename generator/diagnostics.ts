/**
 * Generator errors and warnings. Every problem with a spec carries a stable
 * code and, where known, the source location (file, 1-based line and column)
 * and the JSON pointer inside that file.
 */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer inside `file`, e.g. `/paths/~1pets/get`. */
  pointer?: string;
}

export interface Diagnostic {
  code: string;
  message: string;
  location?: SourceLocation;
}

/** A problem with the user's input (spec or options): exit code 1, printed without a stack. */
export class SpecError extends Error {
  readonly code: string;
  readonly location: SourceLocation | undefined;
  readonly details: Diagnostic[];
  constructor(code: string, message: string, location?: SourceLocation, details: Diagnostic[] = []) {
    super(message);
    this.name = 'SpecError';
    this.code = code;
    this.location = location;
    this.details = details;
  }
}

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/** `file:line:col: message (at #/pointer) [CODE]` — one line per diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  const pointer = d.location?.pointer !== undefined ? ` (at #${d.location.pointer})` : '';
  return `${where ? `${where}: ` : ''}${d.message}${pointer} [${d.code}]`;
}
