import { countWithin } from './histogram';

/**
 * The one definition of the managers' case and queue measures (DOMAIN.md "Measures for
 * managers"): which case or ticket counts in a numerator, and each rate from the counts. The
 * roll-ups count with these predicates move by move (contributions.ts) and restate them in SQL
 * for the recomputation (rollup-sql.ts, with the SQL given here); the reports and the live
 * monitor compute every rate with the functions below. A rate is null when its denominator is 0.
 */

export const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * 按时: concluded at or before the promised due (as moved by suspensions and a granted
 * extension), so a case concluded exactly at its due instant is on time.
 */
export function concludedOnTime(concludedAt: Date, promisedDueAt: Date): boolean {
  return concludedAt.getTime() <= promisedDueAt.getTime();
}

/** concludedOnTime in SQL, over two timestamptz expressions. */
export const concludedOnTimeSql = (concludedAt: string, promisedDueAt: string) => `(${concludedAt} <= ${promisedDueAt})`;

/** 提前: concluded on a local day (the hall's, YYYY-MM-DD) before the due's local day. */
export function concludedEarly(concludedLocalDate: string, promisedDueLocalDate: string): boolean {
  return concludedLocalDate < promisedDueLocalDate;
}

/** concludedEarly in SQL, over two timestamptz expressions and a time zone expression. */
export const concludedEarlySql = (concludedAt: string, promisedDueAt: string, timezone: string) =>
  `((${concludedAt} at time zone ${timezone})::date < (${promisedDueAt} at time zone ${timezone})::date)`;

/** Concluded cases, and of them those on time and early (withdrawn, aborted, not accepted and returned ones are never concluded). */
export interface ConcludedCounts {
  concluded: number;
  onTime: number;
  early: number;
}

/** 按时办结率 = on time ÷ concluded; 提前办结率 = early ÷ concluded; overdue = concluded − on time. */
export function onTimeMeasures(c: ConcludedCounts) {
  return {
    overdue: c.concluded - c.onTime,
    onTimeRate: share(c.onTime, c.concluded),
    earlyRate: share(c.early, c.concluded),
  };
}

/** The on-time measures, and 即办率 = 即办件 concluded ÷ concluded, 一次办结率 = concluded with at most one visit ÷ concluded. */
export function caseMeasures(c: ConcludedCounts & { instant: number; oneVisit: number }) {
  return {
    ...onTimeMeasures(c),
    instantRate: share(c.instant, c.concluded),
    oneVisitRate: share(c.oneVisit, c.concluded),
  };
}

/**
 * 等候达标率 = tickets first called within the hall's target wait ÷ tickets called (the target as
 * the wait histogram resolves it, histogram.ts appliedTargetMinutes); 弃号率 = no-shows ÷ called.
 */
export function queueMeasures(q: { called: number; noShow: number; waitCounts: readonly number[]; targetWaitMinutes: number }) {
  const withinTarget = countWithin(q.waitCounts, q.targetWaitMinutes);
  return {
    withinTarget,
    targetWaitRate: share(withinTarget, q.called),
    noShowRate: share(q.noShow, q.called),
  };
}
