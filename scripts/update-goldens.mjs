#!/usr/bin/env node
// Regenerates the golden outputs under test/golden/ from the fixtures (run after `npm run build`).
// test/generator/golden.test.ts fails when the committed goldens differ from what the generator produces.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../dist/generator/generate.js';
import { GOLDENS } from '../test/golden/goldens.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const [name, spec] of Object.entries(GOLDENS)) {
  const out = path.join(root, 'test/golden', name);
  await rm(out, { recursive: true, force: true });
  const result = await generate({ input: path.join(root, 'fixtures', spec), output: out });
  console.log(`${name}: ${result.written.length} files`);
}
