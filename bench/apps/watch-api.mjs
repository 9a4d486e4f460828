// Watch-regeneration probe through the generate() API (used while `codegen watch` does not
// exist): one cold generate in this fresh process, then `runs` one-line edits of the spec,
// each followed by generate(). Prints one JSON line: { coldMs, editMs: [...] }.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [apiPath, specCopy, out, runsText] = process.argv.slice(2);
const runs = Number(runsText);
const t0 = performance.now();
const { generate } = await import(pathToFileURL(apiPath).href);
await generate({ input: specCopy, output: out });
const coldMs = performance.now() - t0;

const editMs = [];
for (let i = 1; i <= runs + 1; i++) {
  const text = readFileSync(specCopy, 'utf8');
  writeFileSync(specCopy, text.replace(`BENCH-EDIT-${i - 1}`, `BENCH-EDIT-${i}`));
  const t = performance.now();
  const r = await generate({ input: specCopy, output: out });
  if (r.written.length === 0) throw new Error('the edit changed no output file');
  if (i > 1) editMs.push(performance.now() - t); // the first edit is the warm-up
}
process.stdout.write(`${JSON.stringify({ coldMs, editMs })}\n`);
