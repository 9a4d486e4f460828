/** Text -> data for JSON and YAML sources, with syntax errors located. */
import { LineCounter, parse as parseYaml, YAMLParseError } from 'yaml';
import { SpecError } from '../diagnostics.js';

export function parseSource(file: string, text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // fall through: YAML is a superset of JSON and reports the position precisely
    }
  }
  try {
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 1000, prettyErrors: false, merge: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const lines = new LineCounter();
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
      const pos = err.linePos?.[0] ?? lines.linePos(err.pos[0]);
      const message = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
      throw new SpecError('SPEC_SYNTAX', `syntax error: ${message}`, {
        file,
        ...(pos ? { line: pos.line, column: pos.col } : {}),
      });
    }
    throw new SpecError('SPEC_SYNTAX', `cannot parse: ${(err as Error).message}`, { file });
  }
}
