import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { tmpDir, typecheck } from '../helpers/generated.js';
import { fixture } from './helpers.js';

describe('generate() from RAML', () => {
  it('writes types, server and client for the parity RAML API', async () => {
    const out = await tmpDir('raml-generate');
    const result = await generate({ input: fixture('parity/api.raml'), output: out });
    for (const file of ['types.ts', 'server.ts', 'client.ts', 'index.ts']) expect(existsSync(join(out, file))).toBe(true);
    expect(readFileSync(join(out, 'client.ts'), 'utf8')).toContain('listTodos');
    expect(result.inputs.some((f) => f.endsWith('api.raml'))).toBe(true);
    expect(await typecheck([out])).toBe('');
  }, 120_000);
});
