/** Shared helpers of the robustness suites. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, TMP } from '../helpers/generated.js';

/** Every file under `dir`, relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  await walk(dir);
  return out.sort();
}

/** Where a payload that ran would have left its marker file. */
export function markerHits(marker: string, ...dirs: string[]): string[] {
  return [ROOT, TMP, process.cwd(), ...dirs].map((d) => path.join(d, marker)).filter((f) => existsSync(f));
}

/** Object.prototype must never gain keys from a spec or a request. */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe['polluted'] === undefined && probe['x'] === undefined && Object.keys(Object.prototype).length === 0;
}

/** Bounded wait for a condition (no timing assertions: only an upper bound). */
export async function until(check: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}
