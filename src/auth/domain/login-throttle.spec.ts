import fc from 'fast-check';
import {
  ceilingDelaySeconds,
  FREE_ATTEMPTS,
  MAX_CEILING_DELAY_SECONDS,
  MAX_SOURCE_DELAY_SECONDS,
  sourceDelaySeconds,
  USER_CEILING,
} from './login-throttle';

describe('login throttle schedule', () => {
  it('lets the first attempts through and then doubles the wait from 5 s up to 15 min', () => {
    expect([1, 2, 3, 4].map(sourceDelaySeconds)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(sourceDelaySeconds)).toEqual([5, 10, 20, 40]);
    expect(sourceDelaySeconds(1000)).toBe(MAX_SOURCE_DELAY_SECONDS);
  });

  it('never shrinks a wait as attempts grow, and stays within its cap', () => {
    for (const [delay, cap] of [
      [sourceDelaySeconds, MAX_SOURCE_DELAY_SECONDS],
      [ceilingDelaySeconds, MAX_CEILING_DELAY_SECONDS],
    ] as const) {
      fc.assert(
        fc.property(fc.nat(100_000), (n) => {
          expect(delay(n + 1)).toBeGreaterThanOrEqual(delay(n));
          expect(delay(n)).toBeLessThanOrEqual(cap);
        }),
      );
    }
  });

  it('slows a distributed guess only past the ceiling, and to at most a minute', () => {
    expect(ceilingDelaySeconds(USER_CEILING - 1)).toBe(0);
    expect(ceilingDelaySeconds(USER_CEILING)).toBe(1);
    expect(ceilingDelaySeconds(USER_CEILING + 10_000)).toBe(MAX_CEILING_DELAY_SECONDS);
    expect(FREE_ATTEMPTS).toBeLessThan(USER_CEILING);
  });
});
