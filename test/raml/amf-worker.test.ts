// The compiled converter runs AMF in a worker thread (amf-worker.ts). These run loadRaml from the
// build (dist/, which `npm test` builds first) in fresh processes, with the worker and with
// CONTRACTGEN_RAML_WORKER=0, and check that results and errors come back the same.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const INDEX = join(ROOT, 'dist/generator/raml/index.js');
const WORKER = join(ROOT, 'dist/generator/raml/amf-worker.js');

const SCRIPT = `
const { loadRaml } = await import(${JSON.stringify(INDEX)});
const { workerInUse } = await import(${JSON.stringify(WORKER)});
const files = JSON.parse(process.argv[1]);
const out = [];
for (const f of files) {
  try {
    out.push({ ok: await loadRaml(f) });
  } catch (e) {
    out.push({ error: { ctor: e.constructor.name, code: e.code, message: e.message, location: e.location, details: e.details } });
  }
}
console.log(JSON.stringify({ worker: workerInUse(), out }));
`;

async function run(files: string[], worker: boolean): Promise<{ worker: boolean; out: unknown[] }> {
  const env = { ...process.env, CONTRACTGEN_RAML_WORKER: worker ? '1' : '0' };
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT, JSON.stringify(files)], { env, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as { worker: boolean; out: unknown[] };
}

describe('AMF in a worker thread', () => {
  it('converts, warns and fails exactly as in the main thread', async () => {
    const files = ['parity/api.raml', 'stale-examples/api-08.raml', 'invalid/tck-unknown-trait.raml', 'valid/raml10/own-feature-matrix/api.raml', 'sandbox/outside-include/api.raml'].map(fixture);
    const [inWorker, here] = await Promise.all([run(files, true), run(files, false)]);
    expect(inWorker.worker).toBe(true);
    expect(here.worker).toBe(false);
    expect(inWorker.out).toEqual(here.out);
    const errors = inWorker.out.filter((o) => 'error' in (o as object)) as { error: { ctor: string; code: string; location?: { line?: number } } }[];
    expect(errors.length).toBe(2);
    for (const { error } of errors) {
      expect(error.ctor).toBe('SpecError');
      expect(error.code).toMatch(/^RAML_/);
    }
  }, 300_000); // two fresh processes, five conversions each
});
