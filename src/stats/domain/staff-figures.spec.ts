import fc from 'fast-check';
import { coveredLength, merge, staffFigures } from './staff-figures';

const MIN = 60_000;

describe('staff figures', () => {
  it('works out a morning at one window by hand', () => {
    // Window W (serves A), clerk K, open 0–60. A1 waits 0–10, called 10, starts 12, done 22.
    // A2 waits 5–30 (called at 30), starts 31, done 41. A3 waits 45–50, then cancels.
    // Busy 10–22 and 30–41. Waiting: 0–30 and 45–50. Idle while waiting: 0–10, 22–30, 45–50 = 23 min.
    const figures = staffFigures(
      {
        openSpans: [{ windowId: 'W', clerkId: 'K', from: 0, to: 60 * MIN }],
        visits: [
          { windowId: 'W', clerkId: 'K', calledAt: 10 * MIN, startedAt: 12 * MIN, finishedAt: 22 * MIN },
          { windowId: 'W', clerkId: 'K', calledAt: 30 * MIN, startedAt: 31 * MIN, finishedAt: 41 * MIN },
        ],
        waits: [
          { categoryId: 'A', from: 0, to: 10 * MIN },
          { categoryId: 'A', from: 5 * MIN, to: 30 * MIN },
          { categoryId: 'A', from: 45 * MIN, to: 50 * MIN },
          { categoryId: 'B', from: 0, to: 60 * MIN },
        ],
        servedCategories: new Map([['W', ['A']]]),
      },
      'clerk',
    );
    expect(figures).toEqual([
      { key: 'K', served: 2, servingMs: 20 * MIN, walkMs: 3 * MIN, openMs: 60 * MIN, idleWhileWaitingMs: 23 * MIN },
    ]);
  });

  it('never counts more idle time than open time, nor less than 0', () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 200 }))
      .map(([from, len]) => ({ from, to: from + len }));
    fc.assert(
      fc.property(span, fc.array(span), fc.array(span), (open, inside, outside) => {
        const idle = coveredLength(open, merge(inside), merge(outside));
        expect(idle).toBeGreaterThanOrEqual(0);
        expect(idle).toBeLessThanOrEqual(open.to - open.from);
        // Against a unit-by-unit count.
        const mi = merge(inside),
          mo = merge(outside);
        let count = 0;
        for (let x = open.from; x < open.to; x++) {
          if (mi.some((s) => x >= s.from && x < s.to) && !mo.some((s) => x >= s.from && x < s.to)) count++;
        }
        expect(idle).toBe(count);
      }),
    );
  });
});
