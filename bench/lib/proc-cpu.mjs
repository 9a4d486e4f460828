// CPU time of a running process (user + system, every thread: GC helpers included), read from
// /proc/<pid>/stat. Used for CPU per request of the benchmarked servers: on a loaded machine
// requests/s swings with what else runs, the CPU a server spends per request much less.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond;
function hz() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Whether CPU per process can be read here (Linux /proc). */
export const hasProcCpu = (() => {
  try {
    readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    return true;
  } catch {
    return false;
  }
})();

/** CPU ms (user + system) the process `pid` has used so far; undefined when /proc is not there. */
export function processCpuMs(pid) {
  if (!hasProcCpu) return undefined;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) is in parentheses and may hold spaces: count from after it
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / hz();
}
