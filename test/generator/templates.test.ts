import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { HELPERS } from '../../generator/render/handlebars.js';
import { ROOT } from '../helpers/generated.js';

it('templates interpolate only through an escaping helper (no bare {{value}}, no triple-stash)', async () => {
  const dir = path.join(ROOT, 'templates');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.hbs'));
  expect(files.length).toBeGreaterThan(0);
  const offenders: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const match of text.matchAll(/\{\{(\{?)([^}]*)\}\}/g)) {
      const [whole, triple, inner = ''] = match;
      const body = inner.trim();
      if (triple) offenders.push(`${file}: ${whole}`);
      else if (/^[#/]|^else$/.test(body)) continue; // block helpers: each / if / else
      else if (!(HELPERS as readonly string[]).includes(body.split(/\s+/)[0]!)) offenders.push(`${file}: ${whole}`);
    }
  }
  expect(offenders).toEqual([]);
});

it('spec text inside comments goes through {{doc}} only (str/propKey cannot neutralize */)', async () => {
  const dir = path.join(ROOT, 'templates');
  const offenders: string[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.hbs'))) {
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const comment of text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)) {
      if (/\{\{(?!doc\b)/.test(comment[0])) offenders.push(`${file}: ${comment[0]}`);
    }
  }
  expect(offenders).toEqual([]);
});
