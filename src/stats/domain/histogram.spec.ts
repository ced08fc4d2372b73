import { appliedTargetMinutes, BUCKET_BOUNDS_MINUTES, BUCKET_COUNT, bucketColumn, bucketOf, countWithin, percentileMs } from './histogram';

const MIN = 60_000;

function histogramOf(durationsMs: number[]): number[] {
  const counts = new Array<number>(BUCKET_COUNT).fill(0);
  for (const d of durationsMs) counts[bucketOf(d)]++;
  return counts;
}

describe('histogram buckets', () => {
  it('puts a duration in the bucket whose upper bound it does not exceed', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(MIN)).toBe(0);
    expect(bucketOf(MIN + 1)).toBe(1);
    expect(bucketOf(20 * MIN)).toBe(19);
    expect(bucketOf(20 * MIN + 1)).toBe(20);
    expect(bucketOf(31 * MIN)).toBe(30);
    expect(bucketOf(35 * MIN)).toBe(30);
    expect(bucketOf(480 * MIN)).toBe(47);
    expect(bucketOf(480 * MIN + 1)).toBe(48);
    expect(BUCKET_COUNT).toBe(49);
    expect(bucketColumn('wait', 7)).toBe('w07');
    expect(bucketColumn('service', 48)).toBe('s48');
  });

  it('agrees with a linear scan over every bound and its neighbours', () => {
    for (const bound of BUCKET_BOUNDS_MINUTES) {
      for (const ms of [bound * MIN - 1, bound * MIN, bound * MIN + 1]) {
        expect(bucketOf(ms)).toBe(BUCKET_BOUNDS_MINUTES.filter((b) => b * MIN < ms).length);
      }
    }
  });
});

describe('90th percentile from bucket counts', () => {
  it('is the upper bound of the bucket holding the nearest rank', () => {
    // Ten waits: the 9th smallest (rank ceil(0.9 × 10) = 9) is 19.5 min → reported as 20 min.
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 19.5, 45].map((m) => m * MIN);
    expect(percentileMs(histogramOf(waits), 0.9)).toBe(20 * MIN);
    // Exact to the minute below 30 minutes when the values are whole minutes.
    expect(percentileMs(histogramOf([5, 5, 5, 5, 5, 5, 5, 5, 5, 12].map((m) => m * MIN)), 0.9)).toBe(5 * MIN);
    expect(percentileMs(histogramOf([5, 5, 5, 5, 5, 5, 5, 5, 12, 12].map((m) => m * MIN)), 0.9)).toBe(12 * MIN);
  });

  it('is null without values, and above the last bound', () => {
    expect(percentileMs(new Array(BUCKET_COUNT).fill(0), 0.9)).toBeNull();
    expect(percentileMs(histogramOf([500 * MIN]), 0.9)).toBeNull();
  });
});

describe('counting within a target', () => {
  it('is exact for a bound and falls back to the largest bound below otherwise', () => {
    const counts = histogramOf([19, 20, 20.01, 21, 36].map((m) => m * MIN));
    expect(countWithin(counts, 20)).toBe(2);
    expect(countWithin(counts, 37)).toBe(4);
    expect(appliedTargetMinutes(37)).toBe(35);
    expect(appliedTargetMinutes(20)).toBe(20);
    expect(countWithin(counts, 480)).toBe(5);
  });
});
