import fc from 'fast-check';
import { afterFailure, retryDelayMs } from './retry-schedule';

const policyArb = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 20 }),
  baseMs: fc.integer({ min: 1, max: 600_000 }),
  maxMs: fc.integer({ min: 1, max: 86_400_000 }),
});

describe('retry schedule', () => {
  it('doubles from the base after each failed attempt, never past the cap', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 60 }), (policy, n) => {
        const delay = retryDelayMs(n, policy);
        expect(delay).toBeLessThanOrEqual(policy.maxMs);
        expect(delay).toBe(Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 40)));
        expect(retryDelayMs(n + 1, policy)).toBeGreaterThanOrEqual(delay);
      }),
    );
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, { baseMs: 100, maxMs: 500 }))).toEqual([100, 200, 400, 500]);
  });

  it('is dead after maxAttempts attempts or at once when the failure cannot heal, else waits', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 25 }), fc.boolean(), (policy, attempts, permanent) => {
        const next = afterFailure(attempts, permanent, policy);
        if (permanent || attempts >= policy.maxAttempts) expect(next).toEqual({ status: 'dead' });
        else expect(next).toEqual({ status: 'failed', delayMs: retryDelayMs(attempts, policy) });
      }),
    );
  });
});
