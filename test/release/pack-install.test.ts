/**
 * Issue 19, installable and publishable: pack both packages as `npm publish` would, install
 * the two tarballs into a fresh project outside this repository (every other dependency from
 * the registry), run `npx codegen generate` and `npx contractgen` there, type-check the output
 * under the strictest flags, build a browser bundle of an app importing the generated
 * index.ts, and start the server the README's steps give and call it with the typed client.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { fixture, ROOT } from '../helpers/generated.js';

const exec = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The README's server install line (docs: Dependencies; runtime/README.md): no EBADENGINE on Node 20. */
const SERVER_DEPS = ['fastify@5', 'ajv@8', 'ajv-formats@3', 're2js@2', 'safe-regex2@5', '@fastify/multipart@10', 'jose@6', 'light-my-request@6.6.0'];
/** What the README tells a project to add for its own code: the TypeScript it compiles with, the bundler of the browser app. */
const DEV_DEPS = ['typescript@5.9.3', 'esbuild@0.28.2', '@types/node@20'];

/**
 * @tsconfig/strictest's checks (skipLibCheck included, as there), plus the module settings the README gives.
 * (With skipLibCheck off, the runtime's client .d.ts files import `undici` types, an optional peer
 * a client-only project does not install: reported in FINDINGS.md.)
 */
const STRICTEST = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  types: ['node'],
  strict: true,
  allowUnusedLabels: false,
  allowUnreachableCode: false,
  exactOptionalPropertyTypes: true,
  noFallthroughCasesInSwitch: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noPropertyAccessFromIndexSignature: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  forceConsistentCasingInFileNames: true,
  checkJs: true,
  skipLibCheck: true,
  noEmit: true,
};

async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false', ...env }, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`);
  }
}

const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

it('both tarballs install in a fresh project; npx codegen / contractgen generate there; strictest tsc; browser bundle; server + typed client call', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'contractgen-pack-'));
  cleanup.push(work);
  const packed = JSON.parse((await sh(NPM, ['pack', '--json', '--pack-destination', work, '--workspaces', '--include-workspace-root'], ROOT)).stdout) as Array<{
    name: string;
    version: string;
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const byName = new Map(packed.map((p) => [p.name, p]));
  const generator = byName.get('contractgen')!;
  const runtime = byName.get('@contractgen/runtime')!;
  expect(generator.version).toBe(runtime.version); // lockstep
  for (const p of [generator, runtime]) {
    const names = p.files.map((f) => f.path);
    expect(names, p.name).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    expect(names.filter((n) => /^(test|fixtures|bench|generator|src)\//.test(n)), p.name).toEqual([]);
  }
  expect(generator.files.map((f) => f.path)).toEqual(expect.arrayContaining(['bin/contractgen.js', 'dist/generator/cli.js', 'templates/index.hbs']));
  expect(runtime.files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/index.js', 'dist/server/index.d.ts']));
  for (const dir of [ROOT, path.join(ROOT, 'runtime')]) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; dependencies?: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts?.[hook], `${dir}: ${hook}`).toBeUndefined();
  }

  const app = path.join(work, 'app');
  await mkdir(path.join(app, 'specs'), { recursive: true });
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }, null, 2));
  const tarballs = [runtime, generator].map((p) => path.join(work, p.filename));
  const install = await sh(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs, ...SERVER_DEPS, ...DEV_DEPS], app);
  const said = `${install.stdout}\n${install.stderr}`;
  expect(said).not.toMatch(/EBADENGINE|ERESOLVE|deprecated.*contractgen/i);
  // npm 11 names every package with an install-time script ("install-scripts ... not yet covered by allowScripts"): never ours
  expect(said).not.toMatch(/contractgen[^\n]*\((preinstall|install|postinstall|prepare):/);
  const installed = JSON.parse(await readFile(path.join(app, 'node_modules/@contractgen/runtime/package.json'), 'utf8')) as { version: string };
  expect(installed.version).toBe(runtime.version); // the tarball's runtime, not a registry one

  await cp(fixture('openapi/petstore.yaml'), path.join(app, 'specs/petstore.yaml'));
  const generated = await sh(NPM, ['exec', '--no', '--', 'codegen', 'generate', 'specs/petstore.yaml', '-o', 'src/api'], app);
  expect(generated.stdout).toMatch(/^Petstore 1\.0\.0: 5 operations, 4 schemas -> src\/api \(4 written, 0 unchanged\)/);
  expect((await sh(NPM, ['exec', '--no', '--', 'contractgen', '-V'], app)).stdout.trim()).toBe(generator.version);
  await sh(NPM, ['exec', '--no', '--', 'contractgen', 'scaffold', 'specs/petstore.yaml', '-o', 'src/api', '--handlers', 'src/handlers'], app);

  // the user's own code: a browser app on the index, a Node client call
  await writeFile(
    path.join(app, 'src/browser.ts'),
    "import { Client } from './api/index.js';\n\nexport const client = new Client({ baseUrl: 'https://pets.example/v1' });\nexport const pets = async (): Promise<number> => {\n  const res = await client.listPets();\n  return res.status === 200 ? res.body.length : 0;\n};\n",
  );
  await writeFile(
    path.join(app, 'src/call.ts'),
    "import { Client } from './api/client.js';\n\nconst client = new Client({ baseUrl: process.argv[2] ?? 'http://127.0.0.1:3000', auth: { apiKey: 'key-from-env' } });\nconst res = await client.getPet({ path: { petId: 1 } });\nconsole.log(JSON.stringify({ status: res.status }));\n",
  );
  await writeFile(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: STRICTEST, include: ['src'] }, null, 2));
  await sh(process.execPath, [path.join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);

  const esbuild = path.join(app, 'node_modules/.bin/esbuild'); // a native binary after install
  const bundle = await sh(esbuild, ['src/browser.ts', '--bundle', '--platform=browser', '--format=esm', '--outfile=dist/browser.js', '--metafile=dist/meta.json', '--log-level=warning'], app);
  expect(bundle.stderr).toBe('');
  const meta = JSON.parse(await readFile(path.join(app, 'dist/meta.json'), 'utf8')) as { inputs: Record<string, unknown> };
  expect(Object.keys(meta.inputs).filter((i) => /fastify|node:|runtime\/dist\/server/.test(i))).toEqual([]);

  // the scaffolded main.ts, compiled as the README says, with the API key from its environment
  // variable, answers the typed client (501: the stubs; 401 without the variable)
  await writeFile(path.join(app, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: false, outDir: 'build', rootDir: 'src' } }, null, 2));
  await sh(process.execPath, [path.join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], app);
  const { spawn } = await import('node:child_process');
  const server = spawn(process.execPath, ['build/handlers/main.js'], { cwd: app, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', API_KEY_KEYS: 'other-key,key-from-env' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) resolve(m[1]!);
      });
      server.stderr.on('data', (d: Buffer) => (output += d.toString()));
      server.on('exit', (code) => reject(new Error(`main.js exited with ${code}\n${output}`)));
    });
    const call = await sh(process.execPath, ['build/call.js', url], app);
    expect(JSON.parse(call.stdout)).toEqual({ status: 501 });
  } finally {
    server.kill('SIGTERM');
  }
}, 900_000);
