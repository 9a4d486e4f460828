// Fallback measurement when GNU time is missing: preloaded with --import, writes this
// process's resource usage to CG_BENCH_USAGE_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.CG_BENCH_USAGE_FILE;
if (file) {
  delete process.env.CG_BENCH_USAGE_FILE;
  process.on('exit', () => {
    try {
      writeFileSync(file, JSON.stringify(process.resourceUsage()));
    } catch {
      /* best effort */
    }
  });
}
