#!/usr/bin/env node
// npm run release -- <version> [--skip-checks] [--dir <repo>]
//
// Moves both packages to <version> in lockstep: contractgen and @contractgen/runtime
// (package.json versions, contractgen's exact dependency on the runtime, package-lock.json),
// then builds and checks what would be published — publint and attw on each package,
// `npm pack --dry-run` listing each tarball's files — and prints the publish commands.
// Publishing itself stays a human step. Exit 0 when ready, 1 when a check failed, 2 on usage.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const skipChecks = args.includes('--skip-checks') ? (args.splice(args.indexOf('--skip-checks'), 1), true) : false;
const root = path.resolve(flag('--dir') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const [version, ...extra] = args;
if (!version || extra.length > 0 || !SEMVER.test(version.replace(/^v/, ''))) {
  process.stderr.write(`usage: npm run release -- <version>   (a semantic version such as 0.2.0 or 1.0.0-rc.1${version ? `; got ${JSON.stringify(version)}` : ''})\n`);
  process.exit(2);
}
const next = version.replace(/^v/, '');

const files = { root: path.join(root, 'package.json'), runtime: path.join(root, 'runtime/package.json'), lock: path.join(root, 'package-lock.json') };
const read = (f) => JSON.parse(readFileSync(f, 'utf8'));
const write = (f, data) => writeFileSync(f, `${JSON.stringify(data, null, 2)}\n`);
const pkg = read(files.root);
const runtime = read(files.runtime);
if (pkg.name !== 'contractgen' || runtime.name !== '@contractgen/runtime') {
  process.stderr.write(`release: ${root} is not the contractgen repository\n`);
  process.exit(2);
}
const previous = pkg.version;
pkg.version = next;
runtime.version = next;
pkg.dependencies['@contractgen/runtime'] = next; // exact: the generator emits code for this runtime
write(files.root, pkg);
write(files.runtime, runtime);
const lock = read(files.lock);
lock.version = next;
lock.packages[''].version = next;
lock.packages[''].dependencies['@contractgen/runtime'] = next;
lock.packages['runtime'].version = next;
write(files.lock, lock);
console.log(`contractgen and @contractgen/runtime: ${previous} -> ${next} (package.json x2, package-lock.json)`);

if (!skipChecks) {
  const bin = (name) => path.join(root, 'node_modules/.bin', name);
  let failed = false;
  const step = (title, cmd, cmdArgs, cwd = root) => {
    console.log(`\n== ${title}`);
    const r = spawnSync(cmd, cmdArgs, { cwd, stdio: 'inherit' });
    if (r.status !== 0) {
      failed = true;
      console.log(`!! ${title} failed`);
    }
  };
  step('build', 'npm', ['run', 'build']);
  for (const [name, dir] of [['@contractgen/runtime', path.join(root, 'runtime')], ['contractgen', root]]) {
    step(`publint ${name}`, bin('publint'), ['--strict'], dir);
    step(`attw ${name}`, bin('attw'), ['--pack', '.', '--profile', 'esm-only'], dir);
    step(`npm pack --dry-run ${name}`, 'npm', ['pack', '--dry-run'], dir);
  }
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--workspaces', '--include-workspace-root'], { cwd: root, encoding: 'utf8' }));
  for (const p of packed) {
    const names = p.files.map((f) => f.path);
    for (const must of ['README.md', 'LICENSE', 'package.json']) {
      if (!names.includes(must)) {
        failed = true;
        console.log(`!! ${p.name}: the tarball lacks ${must}`);
      }
    }
    const manifest = read(path.join(p.name === 'contractgen' ? root : path.join(root, 'runtime'), 'package.json'));
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
      if (manifest.scripts?.[script]) {
        failed = true;
        console.log(`!! ${p.name}: a "${script}" script runs on every install of the published package`);
      }
    }
  }
  if (failed) {
    console.log('\nrelease: a check failed (above); nothing to publish yet.');
    process.exit(1);
  }
}

console.log(`
Ready. Commit, tag and publish (the runtime first: contractgen depends on it exactly):

  git commit -am "Release ${next}" && git tag v${next}
  npm publish --workspace runtime --access public
  npm publish
  git push && git push --tags
`);
