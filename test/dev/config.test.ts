import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../generator/config/load.js';
import { resolveApis } from '../../generator/config/resolve.js';
import { suggest, validateConfig } from '../../generator/config/validate.js';
import { SpecError } from '../../generator/diagnostics.js';
import { ROOT, tmpDir, typecheck } from '../helpers/generated.js';
import { codegen, todoProject } from './cli-helpers.js';

const DEFINE_CONFIG = path.join(ROOT, 'dist/generator/config/index.js');

function configError(value: unknown): string {
  try {
    validateConfig(value, '/p/codegen.config.json');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('CONFIG_INVALID');
    expect((e as SpecError).location?.file).toBe('/p/codegen.config.json');
    return (e as Error).message;
  }
  throw new Error('expected a config error');
}

describe('config validation', () => {
  it.each([
    [{ input: 'a.yaml', output: 'out', outptu: 'x' }, /unknown option "outptu" \(did you mean "output"\?\)/],
    [[{ input: 'a.yaml', output: 'o' }, { input: 'b.yaml', output: 'p', target: ['types'] }], /^\[1\]: unknown option "target" \(did you mean "targets"\?\)/],
    [{ input: 'a.yaml' }, /missing required option "output"/],
    [{ input: 42, output: 'o' }, /input: expected a non-empty string \(a path or an http\(s\) URL\), got number 42/],
    [{ input: 'a', output: 'o', targets: ['types', 'sdk'] }, /targets: unknown target "sdk" \(expected types, server, client\)/],
    [{ input: 'a', output: 'o', targets: [] }, /targets: expected a non-empty array/],
    [{ input: 'a', output: 'o', package: 'Not Valid' }, /package\.name: "Not Valid" is not a valid npm package name/],
    [{ input: 'a', output: 'o', package: { name: 'x', version: '1.0' } }, /package\.version: "1\.0" is not a semantic version/],
    [{ input: 'a', output: 'o', package: { name: 'x', scope: 'y' } }, /package: unknown option "scope"/],
    [[], /lists no API/],
    ['petstore.yaml', /expected an object \{ input, output, \.\.\. \}, got "petstore\.yaml"/],
  ])('%j -> %s', (value, message) => {
    expect(configError(value)).toMatch(message);
  }, 180_000);

  it('suggests only close names', () => {
    expect(suggest('inptu', ['input', 'output'])).toBe('input');
    expect(suggest('zzzzzz', ['input', 'output'])).toBeUndefined();
  }, 180_000);

  it('the JSON Schema accepts what the validator accepts and rejects an unknown option', async () => {
    const schema = JSON.parse(await readFile(path.join(ROOT, 'schema/codegen.config.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    const good = [
      { $schema: './node_modules/contractgen/schema/codegen.config.schema.json', input: 'a.yaml', output: 'src/api' },
      [{ input: 'a.yaml', output: 'a', targets: ['types', 'client'], package: { name: '@acme/a-sdk', version: '1.2.3' } }, { input: 'b.yaml', output: 'b', handlers: 'src/h', onSuccess: 'tsc' }],
    ];
    for (const g of good) {
      expect(validate(g), JSON.stringify(validate.errors)).toBe(true);
      expect(() => validateConfig(g, 'x.json')).not.toThrow();
    }
    for (const bad of [{ input: 'a', output: 'o', outptu: 'x' }, { input: 'a', output: 'o', targets: ['sdk'] }, { input: 'a', output: 'o', package: 'Bad Name' }, { input: 'a' }]) {
      expect(validate(bad)).toBe(false);
      expect(() => validateConfig(bad, 'x.json')).toThrow(SpecError);
    }
  }, 180_000);
});

describe('config files', () => {
  it('codegen.config.ts with defineConfig and two APIs: discovered in the working directory, paths relative to it', async () => {
    const dir = await todoProject('config-ts');
    await writeFile(
      path.join(dir, 'codegen.config.ts'),
      `import { defineConfig } from ${JSON.stringify(DEFINE_CONFIG)};
type Target = 'types' | 'server' | 'client';
const clientOnly: Target[] = ['types', 'client'];
export default defineConfig([
  { input: 'spec/openapi.yaml', output: 'gen/full' },
  { input: 'spec/openapi.yaml', output: 'gen/client', targets: clientOnly },
]);
`,
    );
    const r = await codegen(['generate'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Todo 1\.2\.0: 5 operations, .* -> gen\/full \(4 written, 0 unchanged\)/m);
    expect(r.stdout).toMatch(/^Todo 1\.2\.0: 5 operations, .* -> gen\/client \(3 written, 0 unchanged\)/m);
    expect((await readdir(path.join(dir, 'gen/full'))).sort()).toEqual(['client.ts', 'index.ts', 'server.ts', 'types.ts']);
    expect((await readdir(path.join(dir, 'gen/client'))).sort()).toEqual(['client.ts', 'index.ts', 'types.ts']);
    // the temporary transpiled module is gone
    expect((await readdir(dir)).filter((f) => f.endsWith('.mjs'))).toEqual([]);
    expect(await typecheck([path.join(dir, 'gen')])).toBe('');

    // --check against the config: fresh, then stale after a spec edit (each API reported)
    const fresh = await codegen(['generate', '--check'], { cwd: dir });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout.match(/^up to date: /gm)).toHaveLength(2);
    const spec = path.join(dir, 'spec/openapi.yaml');
    await writeFile(spec, (await readFile(spec, 'utf8')).replace('summary: List the todos', 'summary: List every todo'));
    const stale = await codegen(['generate', '--check'], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/stale output in gen\/full: types\.ts, server\.ts, client\.ts\nrun: codegen generate spec\/openapi\.yaml -o gen\/full/);
    expect(stale.stderr).toMatch(/stale output in gen\/client: types\.ts, client\.ts/);
    expect(await readFile(path.join(dir, 'gen/full/client.ts'), 'utf8')).toContain('List the todos'); // --check wrote nothing
  }, 180_000);

  it('codegen.config.mjs / .json via --config; CLI flags override; -o with two APIs is a usage error', async () => {
    const dir = await todoProject('config-mjs');
    await writeFile(path.join(dir, 'api.config.mjs'), `export default { input: 'spec/openapi.yaml', output: 'gen/a', targets: ['types', 'server'] };\n`);
    const r = await codegen(['generate', '--config', 'api.config.mjs', '-t', 'types', '-o', 'gen/b'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(path.join(dir, 'gen/b'))).toEqual(expect.arrayContaining(['types.ts', 'index.ts']));
    expect(await readdir(path.join(dir, 'gen/b'))).not.toContain('server.ts');

    await writeFile(path.join(dir, 'codegen.config.json'), JSON.stringify([{ input: 'spec/openapi.yaml', output: 'gen/x' }, { input: 'spec/openapi.yaml', output: 'gen/y' }]));
    const both = await codegen(['generate', '-o', 'gen/z'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/usage error: -o\/--out applies to one API, but codegen\.config\.json lists 2/);
  }, 180_000);

  it('a wrong option exits 1 naming the file and the option; a syntax error names file:line:col', async () => {
    const dir = await tmpDir('config-bad');
    await writeFile(path.join(dir, 'codegen.config.json'), JSON.stringify({ input: 'a.yaml', output: 'o', targts: ['types'] }, null, 2));
    const r = await codegen(['generate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*codegen\.config\.json: the config: unknown option "targts" \(did you mean "targets"\?\).* \[CONFIG_INVALID\]$/m);

    await writeFile(path.join(dir, 'codegen.config.json'), '{\n  "input": "a.yaml",\n  "output": \n}\n');
    const syntax = await codegen(['generate'], { cwd: dir });
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/codegen\.config\.json:\d+:\d+: syntax error/);

    const ts = await tmpDir('config-bad-ts');
    await writeFile(path.join(ts, 'codegen.config.ts'), 'export default { input: "a.yaml", output: \n');
    const tsSyntax = await codegen(['generate'], { cwd: ts });
    expect(tsSyntax.code).toBe(1);
    expect(tsSyntax.stderr).toMatch(/codegen\.config\.ts:1:\d+: syntax error: Expression expected\. \[CONFIG_SYNTAX\]/);

    const none = await codegen(['generate'], { cwd: await tmpDir('config-none') });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing <spec> \(and no codegen\.config\.ts .* in /);
  }, 180_000);

  it('resolveApis: paths are relative to the config file; a spec argument without --config ignores the config', async () => {
    const dir = await tmpDir('config-resolve');
    await writeFile(path.join(dir, 'codegen.config.json'), JSON.stringify({ input: 'specs/a.yaml', output: 'out', package: 'a-sdk' }));
    const fromConfig = await resolveApis({ packageVersion: '2.0.0', target: 'client' }, dir);
    expect(fromConfig.configFile).toBe(path.join(dir, 'codegen.config.json'));
    expect(fromConfig.apis).toEqual([{ input: path.join(dir, 'specs/a.yaml'), output: path.join(dir, 'out'), package: { name: 'a-sdk', version: '2.0.0' }, targets: ['types', 'client'] }]);
    const direct = await resolveApis({ spec: 'x.yaml', out: 'o' }, dir);
    expect(direct).toEqual({ apis: [{ input: path.join(dir, 'x.yaml'), output: path.join(dir, 'o') }] });
    await expect(resolveApis({ spec: 'x.yaml', out: 'o', packageVersion: '1.0.0' }, dir)).rejects.toThrow(/--package-version needs --package/);
    expect((await loadConfig(path.join(dir, 'codegen.config.json'))).apis).toHaveLength(1);
  }, 180_000);
});
