import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, typecheck } from '../helpers/generated.js';

it('generated Petstore types, Handlers and Client behave as the spec says (tsc --strict)', async () => {
  expect(await typecheck([path.join(ROOT, 'test/types/petstore.types.ts')])).toBe('');
});
