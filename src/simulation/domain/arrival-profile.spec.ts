import fc from 'fast-check';
import { ARRIVAL_SEGMENTS, planCitizens, scoreOf, SERVICE_PREFIXES } from './arrival-profile';
import { Random } from './random';

describe('planCitizens', () => {
  it('plans the same day from the same seed, in order of arrival, inside the window asked for', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        (seed, citizensPerDay, a, b) => {
          const [from, until] = a <= b ? [a, b] : [b, a];
          const plan = planCitizens(new Random(seed), { citizensPerDay, from, until });
          expect(planCitizens(new Random(seed), { citizensPerDay, from, until })).toEqual(plan);
          plan.forEach((c, i) => {
            expect(c.index).toBe(i);
            expect(c.arriveAt).toBeGreaterThanOrEqual(from);
            expect(c.arriveAt).toBeLessThan(until);
            if (i > 0) expect(c.arriveAt).toBeGreaterThanOrEqual(plan[i - 1].arriveAt);
            expect(SERVICE_PREFIXES).toContain(c.category);
            expect(c.serviceMinutes).toBeGreaterThanOrEqual(1);
            expect(c.patience).toBeGreaterThanOrEqual(20);
            expect(c.decisionShare).toBeGreaterThan(0);
            if (c.booked) expect(['A', 'D']).toContain(c.category);
            if (c.returnsAfterDays > 0) expect(c.application).toBe('correction');
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('has a morning peak above the afternoon one, and the afternoon one above lunch', () => {
    const perHour = new Map<number, number>();
    for (let seed = 0; seed < 20; seed++) {
      for (const c of planCitizens(new Random(seed), { citizensPerDay: 300 })) {
        const hour = Math.floor(c.arriveAt / 60);
        perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
      }
    }
    const at = (h: number) => perHour.get(h) ?? 0;
    expect(at(9)).toBeGreaterThan(at(15));
    expect(at(15)).toBeGreaterThan(at(12));
    expect(at(7)).toBe(0);
    expect(Math.min(...ARRIVAL_SEGMENTS.map((s) => s.from))).toBe(8 * 60 + 30);
    const total = [...perHour.values()].reduce((a, b) => a + b, 0) / 20;
    expect(total).toBeGreaterThan(280);
    expect(total).toBeLessThan(320);
  });

  it('sends some citizens by the green channel, some with bookings, some who give up and some late cases', () => {
    const plan = planCitizens(new Random(3), { citizensPerDay: 2000 });
    const share = (p: (c: (typeof plan)[number]) => boolean) => plan.filter(p).length / plan.length;
    expect(share((c) => c.priorityReason !== null)).toBeGreaterThan(0.03);
    expect(share((c) => c.booked)).toBeGreaterThan(0.02);
    expect(share((c) => Number.isFinite(c.patience))).toBeGreaterThan(0.2);
    expect(share((c) => c.decisionShare > 1)).toBeGreaterThan(0.1);
    expect(share((c) => c.application === 'consultation')).toBeGreaterThan(0.05);
  });
});

describe('scoreOf', () => {
  it('gives scores from 1 to 5, and a 差评 more often after a long wait', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(300), (draw, wait) => {
        const score = scoreOf(draw, wait);
        expect(score >= 1 && score <= 5 && Number.isInteger(score)).toBe(true);
        expect(scoreOf(draw, 60)).toBeLessThanOrEqual(scoreOf(draw, 0));
      }),
    );
  });
});
