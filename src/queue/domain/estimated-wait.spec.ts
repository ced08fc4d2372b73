import fc from 'fast-check';
import { estimateWaits, robustServiceMs } from './estimated-wait';

const MIN = 60_000;

const ids = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

const inputArb = fc.record({
  orderedTicketIds: fc.integer({ min: 0, max: 60 }).map(ids),
  openWindowsServing: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.1, max: 8, noNaN: true })),
  recentServiceMs: fc.array(fc.integer({ min: -MIN, max: 90 * MIN }), { maxLength: 40 }),
  defaultServiceMs: fc.integer({ min: 1, max: 30 * MIN }),
});

describe('estimateWaits', () => {
  it('is monotone in position and starts at 0 for the next ticket', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const estimates = estimateWaits(input);
        expect(estimates.map((e) => e.ticketId)).toEqual(input.orderedTicketIds);
        estimates.forEach((e, i) => {
          expect(e.ahead).toBe(i);
          expect(e.estimatedWaitMs).not.toBeNull();
          if (i === 0) expect(e.estimatedWaitMs).toBe(0);
          else {
            expect(e.estimatedWaitMs!).toBeGreaterThanOrEqual(estimates[i - 1]!.estimatedWaitMs!);
          }
        });
      }),
    );
  });

  it('does not grow with more open windows', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 4 }), (input, extra) => {
        const fewer = estimateWaits(input);
        const more = estimateWaits({
          ...input,
          openWindowsServing: input.openWindowsServing + extra,
        });
        more.forEach((e, i) => expect(e.estimatedWaitMs!).toBeLessThanOrEqual(fewer[i]!.estimatedWaitMs!));
      }),
    );
  });

  it.each([0, -1, Number.NaN])('is null (unknown) for every ticket with %p open windows', (openWindowsServing) => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const estimates = estimateWaits({ ...input, openWindowsServing });
        expect(estimates.every((e) => e.estimatedWaitMs === null)).toBe(true);
      }),
    );
  });

  it('divides the tickets ahead among the open windows', () => {
    const estimates = estimateWaits({
      orderedTicketIds: ids(7),
      openWindowsServing: 2,
      recentServiceMs: [10 * MIN],
      defaultServiceMs: 5 * MIN,
    });
    expect(estimates.map((e) => e.estimatedWaitMs! / MIN)).toEqual([0, 5, 10, 15, 20, 25, 30]);
  });

  it('handles an empty queue', () => {
    const input = {
      orderedTicketIds: [],
      openWindowsServing: 1,
      recentServiceMs: [],
      defaultServiceMs: MIN,
    };
    expect(estimateWaits(input)).toEqual([]);
  });
});

describe('robustServiceMs', () => {
  it('uses the default without usable recent times', () => {
    expect(robustServiceMs([], 7 * MIN)).toBe(7 * MIN);
    expect(robustServiceMs([0, -5, Number.NaN, Number.POSITIVE_INFINITY], 7 * MIN)).toBe(7 * MIN);
  });

  it('averages one or two samples plainly', () => {
    expect(robustServiceMs([4 * MIN], MIN)).toBe(4 * MIN);
    expect(robustServiceMs([4 * MIN, 6 * MIN], MIN)).toBe(5 * MIN);
  });

  it('is not dragged by a single hour-long case', () => {
    expect(robustServiceMs([5 * MIN, 6 * MIN, 90 * MIN], MIN)).toBe(6 * MIN);
    const typical = Array.from({ length: 9 }, () => 8 * MIN);
    expect(robustServiceMs([...typical, 120 * MIN], MIN)).toBe(8 * MIN);
  });

  it('stays within the range of the samples', () => {
    const samplesArb = fc.array(fc.integer({ min: 1, max: 90 * MIN }), {
      minLength: 1,
      maxLength: 50,
    });
    fc.assert(
      fc.property(samplesArb, (samples) => {
        const ms = robustServiceMs(samples, MIN);
        expect(ms).toBeGreaterThanOrEqual(Math.min(...samples));
        expect(ms).toBeLessThanOrEqual(Math.max(...samples));
      }),
    );
  });

  it.each([0, -1, Number.NaN])('rejects defaultServiceMs %p', (defaultServiceMs) => {
    expect(() => robustServiceMs([], defaultServiceMs)).toThrow(RangeError);
  });
});
