import fc from 'fast-check';
import { Random } from './random';

describe('Random', () => {
  it('draws the same numbers from the same seed, and other numbers from another', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = new Random(seed);
        const b = new Random(seed);
        const xs = Array.from({ length: 20 }, () => a.next());
        expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
        expect(Array.from({ length: 20 }, () => new Random(seed + 1).next())).not.toEqual(xs);
      }),
    );
  });

  it('keeps every draw in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, min, span) => {
        const r = new Random(seed);
        for (let i = 0; i < 50; i++) {
          const x = r.next();
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
          const n = r.int(min, min + span);
          expect(Number.isInteger(n) && n >= min && n <= min + span).toBe(true);
          expect(r.exponential(3)).toBeGreaterThanOrEqual(0);
          expect(r.logNormal(10, 0.5)).toBeGreaterThan(0);
          expect(r.poisson(span)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('forks streams that do not depend on how much the parent drew', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(20), fc.string(), (seed, drawn, name) => {
        const parent = new Random(seed);
        const before = parent.fork(name).next();
        for (let i = 0; i < drawn; i++) parent.fork('other').next();
        expect(parent.fork(name).next()).toBe(before);
      }),
    );
  });

  it('matches the means it is asked for', () => {
    const r = new Random(42);
    const n = 20_000;
    const mean = (draw: () => number) => Array.from({ length: n }, draw).reduce((a, b) => a + b, 0) / n;
    expect(mean(() => r.exponential(5))).toBeCloseTo(5, 0);
    expect(mean(() => r.logNormal(12, 0.5))).toBeCloseTo(12, 0);
    expect(mean(() => r.poisson(4))).toBeCloseTo(4, 0);
    expect(mean(() => r.poisson(80))).toBeCloseTo(80, -1);
    const weights = { a: 1, b: 3 };
    expect(mean(() => (r.weighted(weights) === 'b' ? 1 : 0))).toBeCloseTo(0.75, 1);
  });
});
