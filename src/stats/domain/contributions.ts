import type {
  CaseConcludedEvent,
  CaseClosedEvent,
  RatingRecordedEvent,
  RectificationMovedEvent,
  TicketFacts,
} from '../../events/domain-events';
import { localDateTime } from '../../common/time/local-day';
import { bucketColumn, bucketOf } from './histogram';
import { concludedEarly, concludedOnTime } from './measures';

/**
 * What one ticket or case adds to the roll-ups, as a pure function of its facts. A move changes
 * the roll-ups by (contribution after) − (contribution before), which is how a requeued no-show
 * stops counting as one; the recomputation in rollup-sql.ts states the same rules in SQL, and a
 * test checks that both agree after random moves.
 */

export interface QueueKey {
  hallId: string;
  /** The hall's local day of issue. */
  localDate: string;
  /** The hall's local hour of issue. */
  hour: number;
  categoryId: string;
  windowId: string | null;
  clerkId: string | null;
}

export type Counters = Record<string, number>;

export interface Contribution<K> {
  key: K;
  counters: Counters;
}

const msBetween = (from: Date, to: Date) => Math.max(0, to.getTime() - from.getTime());

/**
 * A ticket counts on its day and hour of issue, under the category it was issued in and the
 * window and clerk that hold it now (for a finished one: who served it). Called: it has been
 * called at least once, waiting from issue to that first call. Served: done, in service from
 * its (last) start to its finish. A no-show or cancellation counts by the ticket's current status.
 */
export function ticketContribution(t: TicketFacts, timezone: string): Contribution<QueueKey> {
  const local = localDateTime(t.issuedAt, timezone);
  const counters: Counters = {};
  if (t.firstCalledAt) {
    const wait = msBetween(t.issuedAt, t.firstCalledAt);
    counters.called = 1;
    counters.wait_ms = wait;
    counters[bucketColumn('wait', bucketOf(wait))] = 1;
  }
  if (t.status === 'done' && t.startedAt && t.finishedAt) {
    const service = msBetween(t.startedAt, t.finishedAt);
    counters.served = 1;
    counters.service_ms = service;
    counters[bucketColumn('service', bucketOf(service))] = 1;
  }
  if (t.status === 'no_show') counters.no_show = 1;
  if (t.status === 'cancelled') counters.cancelled = 1;
  return {
    key: {
      hallId: t.hallId,
      localDate: t.localDate,
      hour: Number(local.time.slice(0, 2)),
      categoryId: t.issueCategoryId,
      windowId: t.windowId,
      clerkId: t.servedBy,
    },
    counters,
  };
}

function keyString(key: object): string {
  return JSON.stringify(key);
}

/** after − before, per key, without the zeros; empty when the move changes nothing counted. */
export function delta<K extends object>(before: Contribution<K>, after: Contribution<K>): Contribution<K>[] {
  const byKey = new Map<string, Contribution<K>>();
  for (const [sign, c] of [
    [-1, before],
    [1, after],
  ] as const) {
    const id = keyString(c.key);
    const entry = byKey.get(id) ?? { key: c.key, counters: {} };
    for (const [column, value] of Object.entries(c.counters)) entry.counters[column] = (entry.counters[column] ?? 0) + sign * value;
    byKey.set(id, entry);
  }
  return [...byKey.values()]
    .map((c) => ({ key: c.key, counters: Object.fromEntries(Object.entries(c.counters).filter(([, v]) => v !== 0)) }))
    .filter((c) => Object.keys(c.counters).length > 0);
}

export interface CaseKey {
  hallId: string;
  localDate: string;
  /** The item's department (实施主体). */
  departmentId: string;
  itemId: string;
  windowId: string | null;
  clerkId: string | null;
}

interface CaseDimensions {
  hallId: string;
  departmentId: string;
  itemId: string;
  windowId: string | null;
  clerkId: string | null;
}

function caseKey(c: CaseDimensions, at: Date, timezone: string): CaseKey {
  return {
    hallId: c.hallId,
    localDate: localDateTime(at, timezone).date,
    departmentId: c.departmentId,
    itemId: c.itemId,
    windowId: c.windowId,
    clerkId: c.clerkId,
  };
}

/** 受理: on the local day of acceptance. */
export function acceptedContribution(c: CaseDimensions & { acceptedAt: Date }, timezone: string): Contribution<CaseKey> {
  return { key: caseKey(c, c.acceptedAt, timezone), counters: { accepted: 1 } };
}

/**
 * 办结, on its local day. On time and early (提前) as measures.ts defines them. Instant: a 即办件
 * item. One visit: at most one visit to the hall up to conclusion.
 */
export function concludedContribution(
  c: Pick<
    CaseConcludedEvent,
    | 'hallId'
    | 'departmentId'
    | 'itemId'
    | 'windowId'
    | 'clerkId'
    | 'caseType'
    | 'outcome'
    | 'concludedAt'
    | 'promisedDueAt'
    | 'extended'
    | 'visits'
  >,
  timezone: string,
): Contribution<CaseKey> {
  const counters: Counters = { concluded: 1 };
  if (concludedOnTime(c.concludedAt, c.promisedDueAt)) counters.on_time = 1;
  if (concludedEarly(localDateTime(c.concludedAt, timezone).date, localDateTime(c.promisedDueAt, timezone).date)) counters.early = 1;
  if (c.caseType === 'instant') counters.instant = 1;
  if (c.visits <= 1) counters.one_visit = 1;
  if (c.extended) counters.extended = 1;
  if (c.outcome === 'reported') counters.reported = 1;
  return { key: caseKey(c, c.concludedAt, timezone), counters };
}

/** Ended without a decision here (撤销, 异常终止, 不予受理, 退件), on the local day it ended. */
export function closedContribution(
  c: Pick<CaseClosedEvent, 'hallId' | 'departmentId' | 'itemId' | 'windowId' | 'clerkId' | 'status' | 'closedAt'>,
  timezone: string,
): Contribution<CaseKey> {
  return { key: caseKey(c, c.closedAt, timezone), counters: { [c.status]: 1 } };
}

/** A 告知承诺 approval revoked, on the local day of the revocation. */
export function revokedContribution(c: CaseDimensions & { revokedAt: Date }, timezone: string): Contribution<CaseKey> {
  return { key: caseKey(c, c.revokedAt, timezone), counters: { revoked: 1 } };
}

type RatingFacts = Omit<RatingRecordedEvent, 'rectification'>;

/** A rating's dimensions, as the event carries them, and the hall's local day of the rating. */
export type RatingKey = Pick<RatingFacts, 'hallId' | 'channel' | 'windowId' | 'clerkId' | 'categoryId' | 'departmentId' | 'itemId'> & {
  localDate: string;
};

function ratingKey(r: RatingFacts, timezone: string): RatingKey {
  return {
    hallId: r.hallId,
    localDate: localDateTime(r.ratedAt, timezone).date,
    channel: r.channel,
    windowId: r.windowId,
    clerkId: r.clerkId,
    categoryId: r.categoryId,
    departmentId: r.departmentId,
    itemId: r.itemId,
  };
}

/** 好差评: one count at its score on the local day it was given, and its rectification task if a 差评 opened one. */
export function ratingContribution(r: RatingRecordedEvent, timezone: string): Contribution<RatingKey> {
  const counters: Counters = { [`s${r.score}`]: 1 };
  if (r.rectification) counters.tasks = 1;
  return { key: ratingKey(r, timezone), counters };
}

/** A task counts as rectified once closed, under its rating's day and dimensions (整改率 is of the period's ratings, as closed by now). */
export function rectificationContribution(m: RectificationMovedEvent, timezone: string): Contribution<RatingKey> | null {
  const closed = Number(m.to === 'closed') - Number(m.from === 'closed');
  return closed === 0 ? null : { key: ratingKey(m, timezone), counters: { closed_tasks: closed } };
}
