import type { TicketFacts } from '../../events/domain-events';
import {
  closedContribution,
  concludedContribution,
  delta,
  ratingContribution,
  rectificationContribution,
  ticketContribution,
} from './contributions';

const TZ = 'Asia/Shanghai';
const at = (wall: string) => new Date(`${wall}+08:00`);

const waiting: TicketFacts = {
  ticketId: 't1',
  hallId: 'h1',
  localDate: '2025-11-03',
  issuedAt: at('2025-11-03T09:10:00'),
  issueCategoryId: 'cA',
  categoryId: 'cA',
  status: 'waiting',
  windowId: null,
  servedBy: null,
  firstCalledAt: null,
  startedAt: null,
  finishedAt: null,
};
const called: TicketFacts = { ...waiting, status: 'called', windowId: 'w1', servedBy: 'u1', firstCalledAt: at('2025-11-03T09:30:00') };
const noShow: TicketFacts = { ...called, status: 'no_show' };
const requeued: TicketFacts = { ...noShow, status: 'waiting', windowId: null, servedBy: null };
const done: TicketFacts = { ...called, status: 'done', startedAt: at('2025-11-03T09:31:00'), finishedAt: at('2025-11-03T09:43:30') };

describe('ticket contributions', () => {
  it('counts a first call with its wait, on the day and hour of issue, under the issue category and the window holding it', () => {
    expect(ticketContribution(called, TZ)).toEqual({
      key: { hallId: 'h1', localDate: '2025-11-03', hour: 9, categoryId: 'cA', windowId: 'w1', clerkId: 'u1' },
      counters: { called: 1, wait_ms: 20 * 60_000, w19: 1 },
    });
    expect(ticketContribution(waiting, TZ).counters).toEqual({});
  });

  it('a move adds after − before: nothing for a start, the service at the finish', () => {
    expect(
      delta(ticketContribution(called, TZ), ticketContribution({ ...called, status: 'serving', startedAt: done.startedAt }, TZ)),
    ).toEqual([]);
    expect(delta(ticketContribution(called, TZ), ticketContribution(done, TZ))).toEqual([
      { key: expect.objectContaining({ windowId: 'w1' }), counters: { served: 1, service_ms: 750_000, s12: 1 } },
    ]);
  });

  it('a requeued no-show stops counting as one and its wait moves off the window until it is called again', () => {
    expect(delta(ticketContribution(called, TZ), ticketContribution(noShow, TZ))).toEqual([
      { key: expect.objectContaining({ windowId: 'w1' }), counters: { no_show: 1 } },
    ]);
    expect(delta(ticketContribution(noShow, TZ), ticketContribution(requeued, TZ))).toEqual([
      {
        key: expect.objectContaining({ windowId: 'w1', clerkId: 'u1' }),
        counters: { called: -1, wait_ms: -20 * 60_000, w19: -1, no_show: -1 },
      },
      { key: expect.objectContaining({ windowId: null, clerkId: null }), counters: { called: 1, wait_ms: 20 * 60_000, w19: 1 } },
    ]);
  });
});

describe('case contributions', () => {
  const dims = { hallId: 'h1', departmentId: 'd1', itemId: 'i1', windowId: 'w1', clerkId: 'u1' };
  const due = at('2025-11-17T17:30:00');

  it('concluded exactly at the due instant is on time but not early; a day before is early; a millisecond after is late', () => {
    const base = { ...dims, caseType: 'promised' as const, outcome: 'approved' as const, promisedDueAt: due, extended: false, visits: 1 };
    expect(concludedContribution({ ...base, concludedAt: due }, TZ).counters).toEqual({ concluded: 1, on_time: 1, one_visit: 1 });
    expect(concludedContribution({ ...base, concludedAt: new Date(due.getTime() + 1) }, TZ).counters).toEqual({
      concluded: 1,
      one_visit: 1,
    });
    expect(concludedContribution({ ...base, concludedAt: at('2025-11-16T23:59:59') }, TZ).counters).toEqual({
      concluded: 1,
      on_time: 1,
      early: 1,
      one_visit: 1,
    });
    expect(concludedContribution({ ...base, concludedAt: at('2025-11-17T00:00:00') }, TZ).key.localDate).toBe('2025-11-17');
  });

  it('counts instant, extended, reported cases and second visits, and a closing under its status', () => {
    const c = concludedContribution(
      {
        ...dims,
        caseType: 'instant',
        outcome: 'reported',
        promisedDueAt: due,
        concludedAt: due,
        extended: true,
        visits: 2,
      },
      TZ,
    );
    expect(c.counters).toEqual({ concluded: 1, on_time: 1, instant: 1, extended: 1, reported: 1 });
    expect(closedContribution({ ...dims, status: 'not_accepted', closedAt: at('2025-11-04T00:30:00') }, TZ)).toEqual({
      key: { ...dims, localDate: '2025-11-04' },
      counters: { not_accepted: 1 },
    });
  });
});

describe('rating contributions', () => {
  const rating = {
    ratingId: 'r1',
    hallId: 'h1',
    channel: 'visit' as const,
    windowId: 'w1',
    clerkId: 'u1',
    categoryId: 'cA',
    departmentId: null,
    itemId: null,
    score: 2,
    ratedAt: at('2025-11-03T23:30:00'),
  };

  it('counts a rating at its score on its local day, with the task a 差评 opened', () => {
    expect(ratingContribution({ ...rating, rectification: true }, TZ)).toEqual({
      key: {
        hallId: 'h1',
        localDate: '2025-11-03',
        channel: 'visit',
        windowId: 'w1',
        clerkId: 'u1',
        categoryId: 'cA',
        departmentId: null,
        itemId: null,
      },
      counters: { s2: 1, tasks: 1 },
    });
  });

  it('counts a task as rectified when it closes, and only then', () => {
    expect(rectificationContribution({ ...rating, taskId: 't1', from: 'replied', to: 'closed' }, TZ)?.counters).toEqual({
      closed_tasks: 1,
    });
    expect(rectificationContribution({ ...rating, taskId: 't1', from: 'open', to: 'contacted' }, TZ)).toBeNull();
  });
});
