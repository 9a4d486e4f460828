#!/usr/bin/env node
// Writes schema/codegen.config.schema.json from the one definition of the config options
// (generator/config/options.ts; run after `npm run build`). test/generator/config-options.test.ts
// fails when the committed file differs.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../dist/generator/config/options.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await writeFile(path.join(root, 'schema/codegen.config.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log('schema/codegen.config.schema.json written');
