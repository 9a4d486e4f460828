// Runs every contestant once per round, after `warmup` unmeasured rounds, rotating the order
// each round (A B C, B C A, C A B, …): machine drift spreads over all of them, and no contestant
// always runs first (cold caches) or right after the same neighbour. Each `run()` resolves to
// { ok, reason?, ...metrics } (numbers). A contestant that fails is not run again: its row says
// "failed: <reason>". Rows come back in the contestants' order.
import { summarize } from './stats.mjs';

/** The order of round `i` (0 = the first round, warm-up included): the list rotated left by i. */
export function roundOrder(items, i) {
  const k = items.length === 0 ? 0 : i % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export async function alternate(contestants, { runs, warmup = 1, log = undefined, label = '' }) {
  const state = contestants.map((c) => ({ c, samples: [], failed: undefined }));
  for (let round = -warmup; round < runs; round++) {
    for (const s of roundOrder(state, round + warmup)) {
      if (s.failed) continue;
      const attempt = async () => {
        try {
          return await s.c.run(round);
        } catch (error) {
          return { ok: false, reason: error?.message ?? String(error) };
        }
      };
      let m = await attempt();
      // One retry: a run can fail for a reason outside the tool (e.g. dist/ being rebuilt
      // under it); a contestant that fails twice in a row is failed.
      if (!m.ok && s.c.retry !== false) {
        log?.(`  ${label}${s.c.name}: run failed (${m.reason}); retrying once`);
        m = await attempt();
      }
      if (!m.ok) {
        s.failed = m.reason ?? 'failed';
        log?.(`  ${label}${s.c.name}: FAILED — ${s.failed}`);
        continue;
      }
      if (round >= 0) s.samples.push(m);
      log?.(`  ${label}${s.c.name} ${round < 0 ? 'warm-up' : `run ${round + 1}/${runs}`}: ${s.c.describe ? s.c.describe(m) : ''}`);
    }
  }
  return state.map((s) => {
    const keys = new Set(s.samples.flatMap((m) => Object.keys(m).filter((k) => typeof m[k] === 'number')));
    const stats = {};
    for (const k of keys) stats[k] = summarize(s.samples.map((m) => m[k]));
    return { name: s.c.name, failed: s.failed, stats, samples: s.samples, meta: s.c.meta };
  });
}
