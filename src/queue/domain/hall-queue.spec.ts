import { HallTicket, HallWindow, planHallQueue, windowShare } from './hall-queue';

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
  { id: 'w1', open: true, categories: [{ categoryId: 'A', weight: 3 }, { categoryId: 'E', weight: 1 }] },
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
