/**
 * `codegen generate` (no watch): every API in turn, one summary line each.
 * A broken spec does not stop the other APIs; the exit code is the worst one.
 */
import path from 'node:path';
import type { ResolvedApi } from '../config/load.js';
import { generateOptions } from '../config/options.js';
import { SpecError } from '../diagnostics.js';
import { generate } from '../generate.js';
import { plural } from './operation-diff.js';
import { printable, type Reporter } from '../reporter.js';

export function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

export async function runGenerate(apis: ResolvedApi[], reporter: Reporter, options: { check: boolean; cwd: string }): Promise<number> {
  let code = 0;
  for (const api of apis) {
    const out = displayPath(api.output, options.cwd);
    try {
      const result = await generate(generateOptions(api, { check: options.check, onStageStart: reporter.stageStart, onStage: reporter.stageDone }));
      for (const w of result.warnings) reporter.warning(w);
      const m = result.model;
      if (options.check) {
        if (result.stale.length > 0) {
          reporter.raw(`${reporter.red('stale output')} in ${out}: ${result.stale.join(', ')}`);
          reporter.raw(`run: codegen generate ${displayPath(api.input, options.cwd)} -o ${out}`);
          code = Math.max(code, 1);
        } else reporter.info(`up to date: ${result.files.length} files in ${out}`);
        continue;
      }
      reporter.info(
        `${printable(m.title)} ${printable(m.version)}: ${plural(m.operations.length, 'operation')}, ${plural(m.schemas.length, 'schema')} -> ${out} ` +
          `(${result.written.length} written, ${result.unchanged.length} unchanged${result.removed.length > 0 ? `, ${result.removed.length} removed` : ''}) in ${result.ms.toFixed(0)} ms`,
      );
    } catch (e) {
      if (!(e instanceof SpecError) || e.code === 'USAGE') throw e;
      reporter.error({ code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) }, e.details.slice(1));
      code = Math.max(code, 1);
    }
  }
  return code;
}
