/**
 * Every error code used in the source is documented in the README's catalogue,
 * and every documented code is used (no stale entries, no duplicates).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/generated.js';

const CODE = /['"`]((?:CG|SPEC|RAML|CONFIG|PACKAGE)_[A-Z0-9_]+|OUT_[A-Z_]+)['"`]/g;

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(full)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

it('every error code is documented once in the README, and every documented code exists', async () => {
  const used = new Set<string>();
  for (const dir of ['generator', 'runtime/src']) {
    for (const file of await sources(path.join(ROOT, dir))) {
      for (const m of (await readFile(file, 'utf8')).matchAll(CODE)) used.add(m[1]!);
    }
  }
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Error codes'), readme.indexOf('\n## ', readme.indexOf('## Error codes') + 5));
  const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
  expect(rows.length).toBeGreaterThan(30);
  expect(new Set(rows).size, 'a code is listed twice').toBe(rows.length);
  expect([...used].filter((c) => !rows.includes(c)).sort(), 'codes used but not documented').toEqual([]);
  expect(rows.filter((c) => !used.has(c)).sort(), 'codes documented but not used').toEqual([]);
});
