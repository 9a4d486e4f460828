// Runs a child process and measures it: wall time, CPU time (user + system, children
// included) and peak RSS, via GNU time (`/usr/bin/time -f`) when present, else via a
// tiny Node wrapper that reads process.resourceUsage() of a `--import`ed hook.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);
const usageHook = fileURLToPath(new URL('./usage-hook.mjs', import.meta.url));

export const measurer = hasGnuTime ? 'GNU time (wait4 rusage: CPU = user+sys, peak RSS)' : 'process.resourceUsage() hook (Node children only)';

/**
 * Spawns `node <args>` (or any command) and resolves to
 * `{ ok, code, wallMs, cpuMs, rssMB, stdout, stderr, reason }`. Never rejects.
 */
export function runMeasured(command, args, { cwd, env, timeoutMs = 600_000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-bench-'));
  const out = path.join(dir, 'usage');
  let cmd, argv;
  const childEnv = { ...process.env, ...env };
  if (hasGnuTime) {
    cmd = GNU_TIME;
    argv = ['-o', out, '-f', '%e %U %S %M', command, ...args];
  } else {
    cmd = command;
    argv = args;
    childEnv.CG_BENCH_USAGE_FILE = out;
    childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ?? ''} --import=${usageHook}`.trim();
  }
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout = (stdout + d).slice(-20_000)));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let cpuMs, rssMB;
      try {
        const text = readFileSync(out, 'utf8').trim().split('\n').pop();
        if (hasGnuTime) {
          const [, user, sys, maxKB] = text.split(/\s+/).map(Number);
          cpuMs = (user + sys) * 1000;
          rssMB = maxKB / 1024;
        } else {
          const u = JSON.parse(text);
          cpuMs = (u.userCPUTime + u.systemCPUTime) / 1000;
          rssMB = u.maxRSS / 1024;
        }
      } catch {
        /* no usage recorded (killed) */
      }
      rmSync(dir, { recursive: true, force: true });
      const ok = !timedOut && code === 0;
      let reason;
      if (timedOut) reason = `timed out after ${Math.round(timeoutMs / 1000)} s`;
      else if (code !== 0) reason = `exit ${code ?? signal}: ${lastLine(stderr) || lastLine(stdout) || 'no output'}`;
      resolve({ ok, code, wallMs, cpuMs, rssMB, stdout, stderr, reason });
    });
  });
}

/** The last meaningful line of a tool's output (ANSI colours stripped), for "failed: …" cells. */
export function lastLine(text) {
  const lines = String(text)
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^at /.test(l) && !/^\^+$/.test(l) && !/^Node\.js v/.test(l));
  const err = lines.find((l) => /error/i.test(l));
  return (err ?? lines.pop() ?? '').slice(0, 160);
}
