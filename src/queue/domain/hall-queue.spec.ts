import fc from 'fast-check';
import { HallTicket, HallWindow, planHallQueue, planNewcomer, windowShare } from './hall-queue';

const NOW = 1_760_000_000_000;
const MIN = 60_000;

const ticket = (id: string, categoryId: string, waitMin: number, extra: Partial<HallTicket> = {}): HallTicket => ({
  id,
  categoryId,
  priorityClass: 'normal',
  enqueuedAt: NOW - waitMin * MIN,
  issuedAt: NOW - waitMin * MIN,
  targetWindowId: null,
  ...extra,
});

const windows: HallWindow[] = [
  {
    id: 'w1',
    open: true,
    categories: [
      { categoryId: 'A', weight: 3 },
      { categoryId: 'E', weight: 1 },
    ],
  },
  { id: 'w2', open: true, categories: [{ categoryId: 'A', weight: 1 }] },
  { id: 'w3', open: false, categories: [{ categoryId: 'A', weight: 1 }] },
];

describe('windowShare', () => {
  it('gives a category the weight share of each open window among its busy categories', () => {
    expect(windowShare('A', windows, new Set(['A', 'E']))).toBeCloseTo(3 / 4 + 1);
    expect(windowShare('A', windows, new Set(['A']))).toBeCloseTo(2);
    expect(windowShare('E', windows, new Set(['A', 'E']))).toBeCloseTo(1 / 4);
  });

  it('is 0 when no open window serves the category', () => {
    expect(windowShare('C', windows, new Set(['C']))).toBe(0);
  });
});

describe('planHallQueue', () => {
  const base = { now: NOW, windows, recentServiceMs: { A: [10 * MIN] }, defaultServiceMs: 5 * MIN };

  it('places each category queue on its own, FIFO, priority first', () => {
    const plan = planHallQueue({
      ...base,
      tickets: [ticket('a1', 'A', 10), ticket('a2', 'A', 5), ticket('p1', 'A', 1, { priorityClass: 'priority' }), ticket('e1', 'E', 3)],
    });
    expect(plan.get('p1')).toEqual({ ahead: 0, estimatedWaitMs: 0 });
    expect(plan.get('a1')!.ahead).toBe(1);
    expect(plan.get('a2')!.ahead).toBe(2);
    expect(plan.get('e1')).toEqual({ ahead: 0, estimatedWaitMs: 0 });
    // Two tickets ahead over 1.75 windows of 10 minutes each.
    expect(plan.get('a2')!.estimatedWaitMs).toBe(Math.round((2 / 1.75) * 10 * MIN));
  });

  it('has no estimate for a category no open window serves', () => {
    const plan = planHallQueue({ ...base, tickets: [ticket('c1', 'C', 1), ticket('c2', 'C', 0)] });
    expect(plan.get('c2')).toEqual({ ahead: 1, estimatedWaitMs: null });
  });

  it('queues tickets transferred to a window apart, served by that window alone', () => {
    const plan = planHallQueue({
      ...base,
      tickets: [ticket('a1', 'A', 10), ticket('t1', 'C', 1, { targetWindowId: 'w2' }), ticket('t2', 'A', 0, { targetWindowId: 'w3' })],
    });
    expect(plan.get('a1')!.ahead).toBe(0);
    expect(plan.get('t1')).toEqual({ ahead: 0, estimatedWaitMs: 0 });
    expect(plan.get('t2')).toEqual({ ahead: 0, estimatedWaitMs: null });
  });
});

describe('planNewcomer', () => {
  const categories = ['A', 'E', 'C'];
  const ticketArb = fc.record({
    categoryId: fc.constantFrom(...categories),
    waitMin: fc.integer({ min: 0, max: 40 }),
    priority: fc.boolean(),
    target: fc.constantFrom(null, null, null, 'w1', 'w3'),
  });
  const inputArb = fc.record({
    rows: fc.array(ticketArb, { maxLength: 25 }),
    newcomer: fc.record({ categoryId: fc.constantFrom(...categories), priority: fc.boolean() }),
    open: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    maxPriorityStreak: fc.integer({ min: 0, max: 3 }),
    recentA: fc.array(fc.integer({ min: 1, max: 30 * MIN }), { maxLength: 5 }),
  });

  it('gives a ticket issued now the place and wait that planning the whole hall with it would give', () => {
    fc.assert(
      fc.property(inputArb, ({ rows, newcomer, open, maxPriorityStreak, recentA }) => {
        const tickets = rows.map((r, i) =>
          ticket(`t${i}`, r.categoryId, r.waitMin, {
            priorityClass: r.priority ? 'priority' : 'normal',
            targetWindowId: r.target,
          }),
        );
        const input = {
          now: NOW,
          windows: windows.map((w, i) => ({ ...w, open: open[i] })),
          recentServiceMs: { A: recentA },
          defaultServiceMs: 5 * MIN,
          targetWaitMs: 20 * MIN,
          maxPriorityStreak,
          tickets,
        };
        const fresh = ticket('new', newcomer.categoryId, 0, { priorityClass: newcomer.priority ? 'priority' : 'normal', seq: 1_000 });
        const { perPlaceMs, ...plan } = planNewcomer(input, fresh);
        expect(plan).toEqual(planHallQueue({ ...input, tickets: [...tickets, fresh] }).get('new'));
        expect(perPlaceMs === null).toBe(plan.estimatedWaitMs === null);
        if (perPlaceMs !== null) expect(Math.round(plan.ahead * perPlaceMs)).toBe(plan.estimatedWaitMs);
      }),
    );
  });
});
