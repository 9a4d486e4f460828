/**
 * Issue 19: the README's TypeScript snippets compile as written, against a generated Petstore,
 * under the flags the README recommends (its "ESM only" tsconfig). A block is split into files
 * at `// src/….ts` / `// codegen.config.ts` comment lines; a block preceded by
 * `<!-- snippet: … not compiled … -->` (an excerpt of generated code) is skipped.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { fixture, generateInto, ROOT, tmpDir, typecheck } from '../helpers/generated.js';

interface Block {
  line: number;
  code: string;
}

function tsBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    const before = lines.slice(Math.max(0, start - 2), start).join('\n');
    if (/<!-- snippet:.*not compiled/.test(before)) continue;
    out.push({ line: start + 1, code: body.join('\n') });
  }
  return out;
}

/** The README's recommended compiler options (its "ESM only" block). */
async function readmeOptions(readme: string): Promise<Record<string, unknown>> {
  const m = /\*\*ESM only\.\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(readme);
  expect(m, 'the README shows its tsconfig').not.toBeNull();
  return (JSON.parse(m![1]!) as { compilerOptions: Record<string, unknown> }).compilerOptions;
}

it("every TypeScript block of the README type-checks against a generated Petstore under the README's tsconfig", async () => {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = tsBlocks(readme);
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  const { dir: petstore } = await generateInto(fixture('openapi/petstore.yaml'), 'readme-petstore');
  const root = await tmpDir('readme-snippets');
  const files: string[] = [];
  for (const block of blocks) {
    const dir = path.join(root, `line-${block.line}`);
    await mkdir(path.join(dir, 'src'), { recursive: true });
    await symlink(petstore, path.join(dir, 'src/api'), 'dir');
    let current = 'src/snippet.ts';
    const parts = new Map<string, string[]>();
    for (const line of block.code.split('\n')) {
      const header = /^\/\/ ((?:src\/)?[\w./-]+\.ts)\b/.exec(line);
      if (header) current = header[1]!;
      parts.set(current, [...(parts.get(current) ?? []), line]);
    }
    for (const [file, lines] of parts) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), `${lines.join('\n')}\nexport {};\n`);
      files.push(path.join(dir, file));
    }
  }
  const options = await readmeOptions(readme);
  const errors = await typecheck(files, { ...options, noEmit: true });
  // name the README line of each failing block
  expect(errors.replace(/line-(\d+)/g, 'README.md block at line $1')).toBe('');
});
