#!/usr/bin/env node
// Part of `npm run build` (after tsc): writes Ajv's standalone code of the OpenAPI schema
// validators into dist/generator/load/validators/<kind>.cjs, each headed by the key of what it
// was compiled from, so a first run of the CLI loads them instead of compiling the meta-schemas
// (generator/load/oas-schema.ts; test/generator/precompiled-validators.test.ts checks them).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KINDS, precompiledFile, precompiledHeader, standaloneSource, validatorKey } from '../dist/generator/load/oas-schema.js';

for (const kind of KINDS) {
  const file = precompiledFile(kind, new URL('../dist/generator/load/oas-schema.js', import.meta.url).href);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${precompiledHeader(validatorKey(kind))}\n${standaloneSource(kind)}`);
  // rename: a build interrupted half way never leaves a truncated validator behind
  (await import('node:fs')).renameSync(`${file}.tmp`, file);
}
