/**
 * Waits and service times are kept as counts per bucket, so that a year of tickets reads as a
 * few thousand roll-up rows instead of hundreds of thousands of tickets. Averages stay exact
 * (the roll-ups also keep sums); a 90th percentile is exact to its bucket's width.
 *
 * Bucket k holds durations d with BOUNDS[k-1] < d ≤ BOUNDS[k] (bucket 0: 0 ≤ d ≤ 1 min); the
 * last bucket holds everything over 8 hours. Whole minutes up to 30 make the target-wait check
 * exact for every target a hall is likely to set (the default is 20 minutes).
 */
export const BUCKET_BOUNDS_MINUTES: readonly number[] = [
  ...Array.from({ length: 30 }, (_, i) => i + 1),
  35,
  40,
  45,
  50,
  55,
  60,
  75,
  90,
  105,
  120,
  150,
  180,
  210,
  240,
  300,
  360,
  420,
  480,
];

export const BUCKET_COUNT = BUCKET_BOUNDS_MINUTES.length + 1;

const BOUNDS_MS = BUCKET_BOUNDS_MINUTES.map((m) => m * 60_000);

export const RESOLUTION_DOC =
  'Percentiles come from per-bucket counts: a 90th percentile is the upper bound of its bucket, i.e. exact to the minute up to 30 min, ' +
  'to 5 min up to 1 h, to 15 min up to 2 h, to 30 min up to 4 h and to 1 h up to 8 h; null above 8 h. Averages are exact.';

/** The bucket of a duration in ms: how many bounds lie strictly below it. */
export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (BOUNDS_MS[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The same in SQL, for recomputing from the base tables: width_bucket counts the bounds ≤ its operand. */
export function bucketSql(msExpr: string): string {
  return `width_bucket((${msExpr}) - 1, '{${BOUNDS_MS.join(',')}}'::bigint[])`;
}

export type HistogramMeasure = 'wait' | 'service';

/** Column of bucket k: w00…w48 for waits, s00…s48 for service times. */
export function bucketColumn(measure: HistogramMeasure, k: number): string {
  return `${measure === 'wait' ? 'w' : 's'}${String(k).padStart(2, '0')}`;
}

export function bucketColumns(measure: HistogramMeasure): string[] {
  return Array.from({ length: BUCKET_COUNT }, (_, k) => bucketColumn(measure, k));
}

/**
 * Nearest-rank percentile (the smallest duration with at least p of all at or below it), as the
 * upper bound of its bucket in ms; null without any count, or when it falls above the last bound.
 */
export function percentileMs(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total - 1e-9));
  let seen = 0;
  for (let k = 0; k < counts.length; k++) {
    seen += counts[k];
    if (seen >= rank) return k < BOUNDS_MS.length ? BOUNDS_MS[k] : null;
  }
  return null;
}

/** The largest bucket bound at or below `minutes`: the target a within-target count can honour exactly. */
export function appliedTargetMinutes(minutes: number): number {
  return BUCKET_BOUNDS_MINUTES.filter((b) => b <= minutes).at(-1) ?? 0;
}

/**
 * How many durations are at most `minutes`, counted by whole buckets: exact when `minutes` is a
 * bucket bound, otherwise for the largest bound below it (appliedTargetMinutes).
 */
export function countWithin(counts: readonly number[], minutes: number): number {
  const applied = appliedTargetMinutes(minutes);
  let count = 0;
  for (let k = 0; k < BUCKET_BOUNDS_MINUTES.length && BUCKET_BOUNDS_MINUTES[k] <= applied; k++) count += counts[k];
  return count;
}
