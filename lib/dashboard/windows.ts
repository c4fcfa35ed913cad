/** The dashboard's time windows: whole weeks (Monday, UTC) and days, ending now. */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;

/** Start of each of the last `weeks` weeks (Monday 00:00 UTC), oldest first; the last is this week. */
export function weekStarts(now: Date, weeks: number): Date[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
  return Array.from({ length: weeks }, (_, i) => new Date(monday - (weeks - 1 - i) * WEEK_MS));
}

/** Start of each of the last `days` days (00:00 UTC), oldest first; the last is today. */
export function dayStarts(now: Date, days: number): Date[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS));
}

/** Counts per bucket index (from SQL) laid over every bucket, zero where nothing happened. */
export function fillBuckets(length: number, rows: { bucket: number; n: number }[]): number[] {
  const out = new Array<number>(length).fill(0);
  for (const r of rows)
    if (r.bucket >= 0 && r.bucket < length) out[r.bucket] = (out[r.bucket] ?? 0) + Number(r.n);
  return out;
}
