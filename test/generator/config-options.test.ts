/**
 * Issue 12.17 / 16: one definition of the config options (generator/config/options.ts); the
 * validator, the resolved API, what generate() receives and the JSON Schema all come from it, so
 * an option can no longer be validated and then lost (`lenientExamples` was).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../generator/config/load.js';
import { API_KEYS, API_OPTIONS, configJsonSchema, generateOptions, type ApiOption } from '../../generator/config/options.js';
import { validateConfig } from '../../generator/config/validate.js';
import { fixture, ROOT, tmpDir } from '../helpers/generated.js';

/** A value for every option (adding an option without a sample here fails test:types). */
const SAMPLES: Record<ApiOption, unknown> = {
  input: 'specs/api.yaml',
  output: 'gen/api',
  targets: ['types', 'client'],
  package: '@acme/api-sdk',
  handlers: 'src/handlers',
  onSuccess: 'tsc --noEmit',
  lenientExamples: true,
  force: true,
  root: 'apis',
  streamBodies: ['uploadPhoto'],
  declarationTypes: true,
};

describe('every config option reaches the code that uses it', () => {
  it('loadConfig keeps every option (paths absolute), and generate() gets every generate option', async () => {
    const dir = await tmpDir('config-options');
    const file = path.join(dir, 'codegen.config.json');
    await writeFile(file, JSON.stringify(SAMPLES));
    const [api] = (await loadConfig(file)).apis;
    const expected: Record<string, unknown> = {
      input: path.join(dir, 'specs/api.yaml'),
      output: path.join(dir, 'gen/api'),
      targets: ['types', 'client'],
      package: { name: '@acme/api-sdk' },
      handlers: path.join(dir, 'src/handlers'),
      onSuccess: 'tsc --noEmit',
      lenientExamples: true,
      force: true,
      root: path.join(dir, 'apis'),
      streamBodies: ['uploadPhoto'],
      declarationTypes: true,
    };
    expect(api).toEqual(expected);
    const options = generateOptions(api!, { check: true });
    for (const key of API_KEYS) {
      const use = API_OPTIONS[key].use;
      if (use === 'generate') expect(options, key).toHaveProperty(key, expected[key]);
      else expect(['scaffold', 'watch'], key).toContain(use); // read from the resolved API by scaffold / watch
    }
    expect(options.check).toBe(true);
  });

  it('lenientExamples in a config file works like --lenient-examples (RAML 1.0 stale example)', async () => {
    const dir = await tmpDir('config-lenient');
    const spec = fixture('raml/invalid/tck-example-prop-type.raml');
    const run = (config: object) =>
      writeFile(path.join(dir, 'codegen.config.json'), JSON.stringify(config)).then(() =>
        promisify(execFile)(process.execPath, [path.join(ROOT, 'dist/generator/cli.js'), 'generate', '-t', 'types'], { cwd: dir }).then(
          (r) => ({ code: 0, ...r }),
          (e: { code: number; stdout: string; stderr: string }) => e,
        ),
      );
    const strict = await run({ input: spec, output: 'out' });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/\[RAML_EXAMPLE_INVALID\]/);
    const lenient = await run({ input: spec, output: 'out', lenientExamples: true });
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stderr).toMatch(/warning: .*tck-example-prop-type\.raml:10:\d+: .*\[RAML_EXAMPLE_INVALID\]/);
  }, 120_000);
});

describe('the JSON Schema is derived from the same definition', () => {
  it('schema/codegen.config.schema.json is configJsonSchema() (run scripts/config-schema.mjs after a change)', async () => {
    const committed = JSON.parse(await readFile(path.join(ROOT, 'schema/codegen.config.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(configJsonSchema());
  });

  it('accepts and rejects what the validator accepts and rejects, option by option', () => {
    const validate = new Ajv2020({ allErrors: true }).compile(configJsonSchema());
    const base = { input: 'a.yaml', output: 'o' };
    const bad: Record<string, unknown[]> = { path: ['', 1, null], source: ['', 1, null], string: ['', false], boolean: ['yes', 1], targets: [[], ['sdk'], 'types'], package: ['Not Valid', { name: 'x', scope: 'y' }, { name: 'x', version: '1.0' }], streamBodies: ['all', [], [''], true] };
    for (const key of API_KEYS) {
      const good = { ...base, [key]: SAMPLES[key] };
      expect(validate(good), `${key}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(() => validateConfig(good, 'x.json'), key).not.toThrow();
      for (const value of bad[API_OPTIONS[key].kind]!) {
        const wrong = { ...base, [key]: value };
        expect(validate(wrong), `${key} = ${JSON.stringify(value)}`).toBe(false);
        expect(() => validateConfig(wrong, 'x.json'), `${key} = ${JSON.stringify(value)}`).toThrow(/CONFIG_INVALID|expected|not a valid|unknown|not a semantic/);
      }
    }
    for (const key of API_KEYS.filter((k) => (API_OPTIONS[k] as { required?: true }).required)) {
      const missing: Record<string, unknown> = { ...base };
      delete missing[key];
      expect(validate(missing)).toBe(false);
      expect(() => validateConfig(missing, 'x.json')).toThrow(`missing required option "${key}"`);
    }
  });
});
