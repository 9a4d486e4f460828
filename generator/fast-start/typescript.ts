/** `typescript`, loaded with `require` (see ./hooks.ts): its default export, which is all anyone imports. */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const file = new URL(import.meta.url).searchParams.get('file');
if (!file) throw new Error('contractgen: the typescript shim needs ?file=');
const ts: unknown = createRequire(file)(fileURLToPath(file));
export default ts;
