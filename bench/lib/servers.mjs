// Starts a benchmarked server as a child process (127.0.0.1, free port), waits for its
// "READY <url>" line, and stops it — always, even when the bench fails or is interrupted.
import { spawn } from 'node:child_process';

const live = new Set();
function killAll() {
  for (const child of live) child.kill('SIGKILL');
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

export function startServer(script, args = [], { env, cwd, execArgv = [], startTimeoutMs = 30_000, stopTimeoutMs = 3000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, script, ...args], {
      cwd,
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    live.add(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`${script} did not start within ${startTimeoutMs} ms: ${err.slice(-300)}`)), startTimeoutMs);
    function fail(e) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    }
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('exit', (code) => {
      live.delete(child);
      if (!out.includes('READY')) fail(new Error(`${script} exited (${code}) before it listened: ${err.trim().split('\n').slice(-3).join(' ')}`));
    });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m && !child.readyUrl) {
        child.readyUrl = m[1];
        clearTimeout(timer);
        if (!m[1].startsWith('http://127.0.0.1:')) return fail(new Error(`refusing non-loopback URL ${m[1]}`));
        resolve({
          url: m[1],
          pid: child.pid,
          stderr: () => err,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              const hard = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
              child.once('exit', () => {
                clearTimeout(hard);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}
