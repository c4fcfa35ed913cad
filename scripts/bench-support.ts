/** Small helpers the bench scripts share. */
import fs from 'node:fs';

/** Nearest-rank percentile (autocannon's own summary has no p95); NaN when there are no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const TICKS_PER_SECOND = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** CPU seconds (user + system, every thread) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number | string): number {
  // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * The hidden inputs of a form's HTML (a server action's reference and bound state), as a
 * browser without JavaScript posts them. Each attribute is read on its own: one pattern for
 * both would let an optional value go unread.
 */
export function hiddenFields(formHtml: string): [string, string][] {
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...formHtml.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].map(([tag]): [string, string] => [
    unescape(/name="([^"]*)"/.exec(tag)?.[1] ?? ''),
    unescape(/value="([^"]*)"/.exec(tag)?.[1] ?? ''),
  ]);
}
