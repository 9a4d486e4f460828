/** `codegen scaffold`: runs the scaffolder per API and tells the user what is left to do. */
import type { ResolvedApi } from '../config/load.js';
import { SpecError } from '../diagnostics.js';
import { displayPath } from '../watch/run-generate.js';
import type { Reporter } from '../reporter.js';
import { scaffold } from './scaffold.js';

export async function runScaffold(apis: ResolvedApi[], reporter: Reporter, cwd: string): Promise<number> {
  // every API that names a handlers folder; the others (an SDK package, say) are not servers here
  const targets = apis.filter((api): api is ResolvedApi & { handlers: string } => api.handlers !== undefined);
  if (targets.length === 0) throw new SpecError('USAGE', apis.length > 1 ? `missing handlers: none of the ${apis.length} APIs in the config names a handlers folder (or pass --handlers <dir> with one API)` : 'missing --handlers <dir> (or handlers in the config)');
  for (const api of apis) {
    if (api.handlers === undefined) reporter.info(`skipped ${displayPath(api.input, cwd)}: no handlers folder in the config`);
  }
  for (const api of targets) {
    const handlers = api.handlers;
    const result = await scaffold(api);
    const dir = displayPath(handlers, cwd);
    reporter.info(`generated ${displayPath(api.output, cwd)} (${result.generated.written.length} written, ${result.generated.unchanged.length} unchanged)`);
    for (const f of result.created) reporter.info(`created ${dir}/${f}`);
    if (result.kept.length > 0) reporter.info(`kept ${result.kept.length} existing file${result.kept.length === 1 ? '' : 's'} in ${dir} (never overwritten)`);
    if (result.stubbed.length === 0) {
      reporter.info('every operation already has a handler: nothing to scaffold');
      continue;
    }
    reporter.info(`to implement (each throws HttpError 501 until you do):`);
    for (const op of result.stubbed) reporter.info(`  ${op.name}  ${op.method} ${op.path}  (${dir}/${op.file})`);
    for (const w of result.toWire) {
      reporter.info(`add to ${dir}/handlers.ts: import { ${w.exportName} } from './${w.file.replace(/\.ts$/, '.js')}'; and ...${w.exportName} in handlers`);
    }
  }
  return 0;
}
