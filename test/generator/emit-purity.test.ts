/**
 * Emitters are functions of the model alone (issue 16 design): each descriptor builder gets a
 * converter of its own (emit/context.ts jsonSchemas), so what server.ts or client.ts holds
 * does not depend on which other targets ran, or in which order, in the same process.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, type Target } from '../../generator/generate.js';
import { fixture, tmpDir } from '../helpers/generated.js';

const SPECS = ['openapi/petstore.yaml', 'openapi/composition.yaml', 'openapi/body-types.yaml', 'openapi/stream-3.2.yaml', 'openapi/petstore-swagger2.yaml'];

async function filesOf(spec: string, targets: Target[], dir: string): Promise<Map<string, string>> {
  const result = await generate({ input: fixture(spec), output: dir, targets, check: true });
  return new Map(result.files.map((f) => [f.path, f.contents]));
}

describe('emitters do not share state', () => {
  it('each file is the same whether emitted alone or with every other target', async () => {
    const dir = await tmpDir('emit-purity');
    for (const spec of SPECS) {
      const all = await filesOf(spec, ['types', 'server', 'client'], path.join(dir, 'all'));
      for (const target of ['server', 'client'] as const) {
        const alone = await filesOf(spec, [target], path.join(dir, target));
        expect(alone.get(`${target}.ts`), `${spec}: ${target}.ts`).toBe(all.get(`${target}.ts`));
      }
      // and the client first, then the server: the server's descriptor is unchanged
      const reversed = await filesOf(spec, ['client', 'server'], path.join(dir, 'reversed'));
      expect(reversed.get('server.ts'), `${spec}: server.ts after client.ts`).toBe(all.get('server.ts'));
    }
  }, 120_000);
});
