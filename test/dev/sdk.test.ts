import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile, lstat } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, ROOT, tmpDir } from '../helpers/generated.js';
import { codegen } from './cli-helpers.js';

const exec = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The environment for npm children: nothing inherited from the npm that runs the tests. */
function npmEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: '1', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...extra };
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv({})): Promise<string> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd, env, maxBuffer: 32 * 1024 * 1024, timeout: 120_000 });
    return stdout + stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const cleanup: Array<() => Promise<unknown> | void> = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

async function buildSdk(): Promise<string> {
  const dir = await tmpDir('sdk');
  const r = await codegen(['generate', fixture('dev/todo/openapi.yaml'), '-o', dir, '--package', '@acme/todo-sdk', '--package-version', '1.2.3-beta.1']);
  expect(r.code, r.stderr).toBe(0);
  await run(NPM, ['run', 'build'], dir);
  return dir;
}

describe('--package: a publishable SDK', () => {
  it('writes package.json, tsconfig.json, README.md, LICENSE; builds to ESM + .d.ts; passes publint and attw', async () => {
    const dir = await buildSdk();
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const runtime = JSON.parse(await readFile(path.join(ROOT, 'runtime/package.json'), 'utf8')) as { version: string };
    expect(pkg).toMatchObject({
      name: '@acme/todo-sdk',
      version: '1.2.3-beta.1',
      type: 'module',
      main: './dist/index.js',
      types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      sideEffects: false,
      license: 'MIT',
      scripts: { build: 'tsc -p tsconfig.json', prepublishOnly: 'npm run build' },
      dependencies: { '@contractgen/runtime': `^${runtime.version}` },
      devDependencies: { typescript: expect.any(String) },
    });
    expect(await readFile(path.join(dir, 'LICENSE'), 'utf8')).toMatch(/MIT/);
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('npm install @acme/todo-sdk');
    expect(readme).toContain("import { Client } from '@acme/todo-sdk';");
    expect(readme).toMatch(/### admin[\s\S]*client\.resetAll\(\)[\s\S]*### todos[\s\S]*client\.listTodos\(/);
    expect(readme).toMatch(/retry: \{ count: 3/);
    // the entry exports the client and the types, not the server
    const index = await readFile(path.join(dir, 'dist/index.d.ts'), 'utf8');
    expect(index).toContain("export * from './client.js';");
    expect(index).not.toContain('server');
    const mod = (await import(path.join(dir, 'dist/index.js'))) as Record<string, unknown>;
    expect(typeof mod['Client']).toBe('function');
    expect(mod['register']).toBeUndefined();

    expect(await run(process.execPath, [path.join(ROOT, 'node_modules/publint/src/cli.js'), dir], dir)).toMatch(/All good!/);
    const attw = await run(process.execPath, [path.join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js'), '--pack', '.', '--profile', 'esm-only', '--format', 'ascii'], dir);
    // run() throws on a non-zero exit: attw exits 1 on any problem its esm-only profile does not ignore
    expect(attw).toMatch(/node16 \(from ESM\): 🟢 \(ESM\)/);
    expect(attw).toMatch(/bundler: 🟢/);
  }, 120_000);

  it('README and package.json never carry markup from the spec; bad names and versions are refused', async () => {
    const dir = await tmpDir('sdk-hostile');
    const spec = path.join(dir, 'spec.json');
    await writeFile(
      spec,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Evil <script>alert(1)</script> *x*', version: '1.0.0', description: '[click](javascript:alert(1))\n# heading\n```', license: { name: 'Proprietary <b>' } },
        paths: { '/a': { get: { operationId: 'getA', tags: ['<img src=x onerror=alert(1)>'], summary: '`code` [l](http://x)', responses: { '200': { description: 'ok' } } } } },
      }),
    );
    const r = await codegen(['generate', spec, '-o', path.join(dir, 'out'), '--package', 'evil-sdk']);
    expect(r.code, r.stderr).toBe(0);
    const readme = await readFile(path.join(dir, 'out/README.md'), 'utf8');
    expect(readme).not.toMatch(/<script|<img|<b>|\]\(javascript|^# heading/m);
    expect(readme).toContain('&lt;script&gt;');
    expect(readme.match(/```/g)!.length % 2).toBe(0); // fences balanced
    const pkg = JSON.parse(await readFile(path.join(dir, 'out/package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg['license']).toBeUndefined(); // not an SPDX id
    for (const [args, message] of [
      [['--package', 'Evil SDK'], /not a valid npm package name/],
      [['--package', 'ok', '--package-version', 'v1'], /not a semantic version/],
      [['--package', 'ok', '--target', 'server'], /cannot be combined with the server target/],
    ] as const) {
      const bad = await codegen(['generate', spec, '-o', path.join(dir, 'bad'), ...args]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });

  it('published to a real registry (Verdaccio), installed in a fresh project, calls a local server from plain Node ESM', async () => {
    const sdk = await buildSdk();
    const base = await mkdtemp(path.join(os.tmpdir(), 'contractgen-registry-'));
    cleanup.push(() => rm(base, { recursive: true, force: true }));
    const port = await freePort();
    const registry = `http://127.0.0.1:${port}/`;
    await writeFile(
      path.join(base, 'verdaccio.yaml'),
      [
        `storage: ${JSON.stringify(path.join(base, 'storage'))}`,
        'auth:',
        '  htpasswd:',
        `    file: ${JSON.stringify(path.join(base, 'htpasswd'))}`,
        '    max_users: 10',
        'uplinks: {}',
        'packages:',
        "  '**':",
        '    access: $all',
        '    publish: $authenticated',
        'log: { type: stdout, format: pretty, level: error }',
        '',
      ].join('\n'),
    );
    const verdaccio: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules/verdaccio/bin/verdaccio'), '--config', path.join(base, 'verdaccio.yaml'), '--listen', `127.0.0.1:${port}`], {
      cwd: base,
      stdio: 'ignore',
    });
    const verdaccioExited = new Promise((resolve) => verdaccio.once('exit', resolve));
    cleanup.push(async () => {
      verdaccio.kill('SIGTERM');
      await Promise.race([verdaccioExited, new Promise((r) => setTimeout(r, 5_000))]);
      if (verdaccio.exitCode === null && verdaccio.signalCode === null) verdaccio.kill('SIGKILL');
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const up = await fetch(`${registry}-/ping`).then((r) => r.ok, () => false);
      if (up) break;
      if (Date.now() > deadline || verdaccio.exitCode !== null) throw new Error('Verdaccio did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const user = await fetch(`${registry}-/user/org.couchdb.user:tester`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'tester', password: 'tester-password' }),
    });
    expect(user.status).toBe(201);
    const { token } = (await user.json()) as { token: string };
    const userconfig = path.join(base, 'npmrc');
    await writeFile(userconfig, `registry=${registry}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    const env = npmEnv({ npm_config_userconfig: userconfig, npm_config_cache: path.join(base, 'cache'), npm_config_registry: registry });

    // the runtime's dependencies (cockatiel, eventsource-parser) come from the local node_modules: no uplink, no network
    const runtimeDeps = Object.keys((JSON.parse(await readFile(path.join(ROOT, 'runtime/package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    for (const dep of runtimeDeps) await run(NPM, ['publish', path.join(ROOT, 'node_modules', dep), '--ignore-scripts', '--registry', registry], base, env);
    await run(NPM, ['publish', path.join(ROOT, 'runtime'), '--ignore-scripts', '--registry', registry], base, env);
    await run(NPM, ['publish', '--tag', 'beta', '--registry', registry], sdk, env); // prepublishOnly builds

    const project = path.join(base, 'consumer');
    await mkdir(project);
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    await run(NPM, ['install', '@acme/todo-sdk@1.2.3-beta.1', '--registry', registry, '--no-package-lock'], project, env);
    expect((await lstat(path.join(project, 'node_modules/@contractgen/runtime'))).isSymbolicLink()).toBe(false);

    const seen: string[] = [];
    const app = Fastify();
    app.get('/todos', async (req, reply) => {
      seen.push(req.url);
      return reply.type('application/json').send([{ id: 1, title: 'publish the SDK', done: true }]);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    cleanup.push(() => app.close());
    const { port: apiPort } = app.server.address() as { port: number };
    await writeFile(
      path.join(project, 'script.mjs'),
      `import { Client } from '@acme/todo-sdk';
const client = new Client({ baseUrl: process.env.API_URL });
const res = await client.listTodos({ query: { limit: 5 } });
console.log(JSON.stringify({ status: res.status, ok: res.ok, body: res.body }));
`,
    );
    const out = await run(process.execPath, ['script.mjs'], project, { ...env, API_URL: `http://127.0.0.1:${apiPort}` });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ status: 200, ok: true, body: [{ id: 1, title: 'publish the SDK', done: true }] });
    expect(seen).toEqual(['/todos?limit=5']);
  }, 180_000);
});
