/** A security scheme named `__proto__` (a valid component name) stays a scheme: an own key, never the prototype. */
import path from 'node:path';
import { expect, it } from 'vitest';
import { generateInto, typecheck, writeSpec } from '../helpers/generated.js';

it('a scheme named __proto__ is in the model and in the generated descriptors as an own key', async () => {
  const spec = await writeSpec('proto-scheme', {
    openapi: '3.0.3',
    info: { title: 'Proto scheme', version: '1.0.0' },
    paths: { '/a': { get: { operationId: 'getA', security: JSON.parse('[{"__proto__": []}]') as unknown, responses: { '204': { description: 'ok' } } } } },
    components: { securitySchemes: JSON.parse('{"__proto__": {"type": "apiKey", "in": "query", "name": "key"}}') as unknown },
  });
  const { dir: out, result } = await generateInto(spec, 'proto-scheme-out');
  const schemes = result.model.securitySchemes;
  expect(Object.getPrototypeOf(schemes)).toBe(Object.prototype);
  expect(Object.hasOwn(schemes, '__proto__')).toBe(true);
  expect(Object.getOwnPropertyDescriptor(schemes, '__proto__')?.value).toEqual({ type: 'apiKey', in: 'query', name: 'key' });
  // the operation's requirement names that scheme (an own key, not an anonymous `{}`)
  const requirement = result.model.operations[0]!.security[0]!;
  expect(Object.keys(requirement)).toEqual(['__proto__']);
  expect(await typecheck([out])).toBe('');
  const { clientSpec } = (await import(path.join(out, 'client.ts'))) as { clientSpec: { securitySchemes: object } };
  expect(Object.hasOwn(clientSpec.securitySchemes, '__proto__')).toBe(true);
});
