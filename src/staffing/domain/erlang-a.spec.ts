import fc from 'fast-check';
import { erlangA, stationaryDistribution } from './erlang-a';
import { erlangC } from './erlang-c';
import { recommendedWindows } from './queue-model';

const row = fc.record({
  windows: fc.integer({ min: 1, max: 30 }),
  load: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
  s: fc.double({ min: 2, max: 30, noNaN: true }),
  t: fc.double({ min: 0, max: 40, noNaN: true }),
  patience: fc.double({ min: 1, max: 120, noNaN: true }),
});

describe('Erlang A', () => {
  it('has a stationary distribution that sums to 1 and balances every cut', () => {
    fc.assert(
      fc.property(row, ({ windows, load, s, patience }) => {
        const lambda = (windows * load) / s;
        const p = stationaryDistribution(lambda, 1 / s, 1 / patience, windows);
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (let n = 1; n < p.length; n++) {
          const deaths = Math.min(n, windows) / s + Math.max(n - windows, 0) / patience;
          expect(p[n - 1] * lambda).toBeCloseTo(p[n] * deaths, 12);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('is Erlang C when nobody gives up, and nearly so when patience is very long', () => {
    fc.assert(
      fc.property(row, ({ windows, load, s, t }) => {
        const input = { arrivalsPerMinute: (windows * Math.min(load, 0.9)) / s, meanServiceMinutes: s, windows, targetWaitMinutes: t };
        expect(erlangA({ ...input, patienceMinutes: Infinity })).toEqual(erlangC(input));
        const c = erlangC(input);
        const a = erlangA({ ...input, patienceMinutes: 1e7 });
        if (!c.stable || !a.stable) throw new Error('stable below capacity');
        expect(a.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 3);
        expect(a.withinTargetShare).toBeCloseTo(c.withinTargetShare, 3);
      }),
      { numRuns: 30 },
    );
  });

  it('is stable beyond capacity, waits less than Erlang C and never needs more windows', () => {
    fc.assert(
      fc.property(row, ({ windows, load, s, t, patience }) => {
        const input = { arrivalsPerMinute: (windows * load) / s, meanServiceMinutes: s, windows, targetWaitMinutes: t };
        const a = erlangA({ ...input, patienceMinutes: patience });
        if (!a.stable) throw new Error('Erlang A is always stable');
        for (const x of [a.probabilityOfWaiting, a.withinTargetShare, a.utilisation, a.abandonmentShare]) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1 + 1e-12);
        }
        const c = erlangC(input);
        if (c.stable) {
          expect(a.meanWaitMinutes).toBeLessThanOrEqual(c.meanWaitMinutes + 1e-9);
          expect(a.withinTargetShare).toBeGreaterThanOrEqual(c.withinTargetShare - 1e-9);
        }
        // Flow balance: the served leave at the windows' busy rate.
        expect((a.utilisation * windows) / s).toBeCloseTo(input.arrivalsPerMinute * (1 - a.abandonmentShare), 9);
        const rest = { arrivalsPerMinute: input.arrivalsPerMinute, meanServiceMinutes: s, targetWaitMinutes: t };
        expect(recommendedWindows({ ...rest, model: 'erlang-a', patienceMinutes: patience }, 0.9)).toBeLessThanOrEqual(
          recommendedWindows({ ...rest, model: 'erlang-c' }, 0.9),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('recommends the fewest windows that reach the target', () => {
    const rest = { arrivalsPerMinute: 0.5, meanServiceMinutes: 12, targetWaitMinutes: 10, patienceMinutes: 20 };
    const n = recommendedWindows({ ...rest, model: 'erlang-a' }, 0.9);
    expect(erlangA({ ...rest, windows: n }).withinTargetShare).toBeGreaterThanOrEqual(0.9);
    expect(erlangA({ ...rest, windows: n - 1 }).withinTargetShare).toBeLessThan(0.9);
  });

  it('solves a large hall quickly', () => {
    const started = Date.now();
    const f = erlangA({ arrivalsPerMinute: 40, meanServiceMinutes: 12, windows: 470, targetWaitMinutes: 20, patienceMinutes: 30 });
    expect(f.stable).toBe(true);
    expect(Number.isFinite(f.meanWaitMinutes)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stays a share at the edges that property runs found: a vanishing target wait, a load past capacity with no target', () => {
    const tiny = erlangA({
      arrivalsPerMinute: 0.05,
      meanServiceMinutes: 2.000008,
      windows: 1,
      targetWaitMinutes: 5e-324,
      patienceMinutes: 1e7,
    });
    expect(tiny.withinTargetShare).toBeCloseTo(1 - tiny.probabilityOfWaiting, 6);
    const none = erlangA({
      arrivalsPerMinute: (17 * 1.4262513774345722) / 2,
      meanServiceMinutes: 2,
      windows: 17,
      targetWaitMinutes: 0,
      patienceMinutes: 51.467,
    });
    expect(none.withinTargetShare).toBeGreaterThanOrEqual(0);
    expect(none.withinTargetShare).toBeLessThan(0.01);
  });

  it('needs a positive patience', () => {
    expect(() => erlangA({ arrivalsPerMinute: 1, meanServiceMinutes: 5, windows: 2, targetWaitMinutes: 5, patienceMinutes: 0 })).toThrow(
      'patience',
    );
  });
});
