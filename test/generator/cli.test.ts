import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixture, ROOT, tmpDir, typecheck } from '../helpers/generated.js';

const exec = promisify(execFile);
const CLI = path.join(ROOT, 'dist/generator/cli.js');

async function codegen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('codegen CLI', () => {
  it('generates and prints one summary line', async () => {
    const dir = await tmpDir('cli');
    const r = await codegen('generate', fixture('openapi/petstore.yaml'), '-o', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Petstore 1\.0\.0: 5 operations, 4 schemas -> .* \(4 written, 0 unchanged\) in \d+ ms\n$/);
    expect((await readdir(dir)).sort()).toEqual(['client.ts', 'index.ts', 'server.ts', 'types.ts']);
    expect(await typecheck([dir])).toBe('');
  });

  it('--help, --version, and usage errors exit 2', async () => {
    expect((await codegen('--help')).stdout).toContain('codegen generate <spec> -o <dir>');
    expect((await codegen('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const args of [[], ['generate'], ['generate', 'x.yaml'], ['frobnicate'], ['generate', 'x.yaml', '-o', 'o', '--target', 'nope'], ['generate', 'x.yaml', '--bogus']]) {
      const r = await codegen(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage error|Usage:/);
    }
  });

  it.each([
    ['bad/syntax-error.yaml', 'SPEC_SYNTAX', /syntax-error\.yaml:10:24: syntax error: Missing closing "quote/],
    ['bad/syntax-error.json', 'SPEC_SYNTAX', /syntax-error\.json:4:3: syntax error: unexpected '"', expected ',' or '}'/],
    ['bad/dangling-ref.yaml', 'SPEC_REF_NOT_FOUND', /dangling-ref\.yaml:14:23: \$ref "#\/components\/schemas\/Nope" points to nothing/],
    ['bad/schema-violation.yaml', 'SPEC_SCHEMA', /schema-violation\.yaml:10:15: .*parameters\/0\/in must be one of \["path","query","header","cookie"\]/],
    ['bad/missing-file-ref.yaml', 'SPEC_REF_NOT_FOUND', /missing-file-ref\.yaml:14:17: \$ref target file "does-not-exist\.yaml" cannot be read/],
    ['bad/ref-outside-root.yaml', 'SPEC_REF_OUTSIDE_ROOT', /ref-outside-root\.yaml:14:17: \$ref to .* leaves the spec's folder/],
    ['bad/not-a-schema.yaml', 'SPEC_SCHEMA', /not-a-schema\.yaml:10:11: #\/components\/schemas\/ProductGroup\/oneOf\/0 must be a schema object, not string/],
  ])('%s: exit 1, file:line:col, no stack, previous output untouched', async (spec, code, message) => {
    const dir = await tmpDir('bad');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'types.ts'), '// previous good output\n');
    const r = await codegen('generate', fixture(spec), '-o', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(`[${code}]`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await readdir(dir)).toEqual(['types.ts']);
    expect(await readFile(path.join(dir, 'types.ts'), 'utf8')).toBe('// previous good output\n');
  });

  it('a missing spec file is a clear error', async () => {
    const r = await codegen('generate', 'nope/missing.yaml', '-o', await tmpDir('missing'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.yaml: cannot read spec: ENOENT \[SPEC_NOT_FOUND\]/);
  });

  it('--check exits 1 on stale output and 0 when fresh', async () => {
    const dir = await tmpDir('check-cli');
    expect((await codegen('generate', fixture('openapi/petstore.yaml'), '-o', dir, '--check')).code).toBe(1);
    await codegen('generate', fixture('openapi/petstore.yaml'), '-o', dir);
    const fresh = await codegen('generate', fixture('openapi/petstore.yaml'), '-o', dir, '--check');
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('up to date');
  });
});
