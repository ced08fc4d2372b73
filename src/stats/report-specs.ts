import { ratingMeasures } from '../evaluation/domain/rating-measures';
import type { Score } from '../evaluation/domain/rating-rules';
import { bucketColumns, percentileMs } from './domain/histogram';
import { caseMeasures, onTimeMeasures, queueMeasures, share } from './domain/measures';
import type { CaseGroupDto, OnTimeGroupDto, QueueGroupDto, RatingGroupDto, WindowLoadGroupDto } from './dto/stats-report.dto';
import { CASE_COUNTERS, RATING_COUNTERS } from './rollup-sql';

/**
 * From roll-up sums to the figures of one group. A report's SQL returns one row of sums per
 * group; the total of a report is the same function applied to the sums of all its rows, so
 * JSON answers and streamed exports compute every figure the same way.
 */

export type RawRow = Record<string, string | number | null>;

export const num = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

/** Adds a row's sums into an accumulator (the key is not a sum). */
export function accumulate(total: RawRow, row: RawRow): void {
  for (const [column, value] of Object.entries(row)) {
    if (column !== 'key') total[column] = num(total[column]) + num(value);
  }
}

export const CASE_SUMS = CASE_COUNTERS.map((c) => `coalesce(sum(${c}), 0)::integer as ${c}`);

export function onTimeGroup(row: RawRow, key: string | null, label: string): OnTimeGroupDto {
  const concluded = num(row.concluded);
  const onTime = num(row.on_time);
  const early = num(row.early);
  return { key, label, concluded, onTime, early, ...onTimeMeasures({ concluded, onTime, early }) };
}

export function caseGroup(row: RawRow, key: string | null, label: string): CaseGroupDto {
  const base = onTimeGroup(row, key, label);
  const instant = num(row.instant);
  const oneVisit = num(row.one_visit);
  const { instantRate, oneVisitRate } = caseMeasures({ ...base, instant, oneVisit });
  return {
    ...base,
    accepted: num(row.accepted),
    instant,
    oneVisit,
    extended: num(row.extended),
    reported: num(row.reported),
    revoked: num(row.revoked),
    withdrawn: num(row.withdrawn),
    aborted: num(row.aborted),
    notAccepted: num(row.not_accepted),
    returned: num(row.returned),
    instantRate,
    oneVisitRate,
  };
}

const WAIT_BUCKETS = bucketColumns('wait');
const SERVICE_BUCKETS = bucketColumns('service');

export const QUEUE_SUMS = [
  ...['called', 'served', 'no_show', 'cancelled'].map((c) => `coalesce(sum(${c}), 0)::integer as ${c}`),
  ...['wait_ms', 'service_ms'].map((c) => `coalesce(sum(${c}), 0)::bigint as ${c}`),
  ...[...WAIT_BUCKETS, ...SERVICE_BUCKETS].map((c) => `coalesce(sum(${c}), 0)::integer as ${c}`),
];

export function queueGroup(row: RawRow, key: string | null, label: string, targetWaitMinutes: number): QueueGroupDto {
  const waits = WAIT_BUCKETS.map((c) => num(row[c]));
  const services = SERVICE_BUCKETS.map((c) => num(row[c]));
  const called = num(row.called);
  const served = num(row.served);
  const noShow = num(row.no_show);
  const { withinTarget, targetWaitRate, noShowRate } = queueMeasures({ called, noShow, waitCounts: waits, targetWaitMinutes });
  return {
    key,
    label,
    called,
    withinTarget,
    targetWaitRate,
    noShow,
    noShowRate,
    cancelled: num(row.cancelled),
    served,
    waitAvgMs: called === 0 ? null : Math.round(num(row.wait_ms) / called),
    waitP90Ms: percentileMs(waits, 0.9),
    serviceAvgMs: served === 0 ? null : Math.round(num(row.service_ms) / served),
    serviceP90Ms: percentileMs(services, 0.9),
  };
}

export function windowLoadGroup(row: RawRow, key: string | null, label: string): WindowLoadGroupDto {
  const openMs = num(row.open_ms);
  const busyMs = num(row.busy_ms);
  return { key, label, openMs, busyMs, served: num(row.served), load: share(busyMs, openMs) };
}

export const RATING_SUMS = RATING_COUNTERS.map((c) => `coalesce(sum(${c}), 0)::integer as ${c}`);

/** The 好差评 measures as the evaluation module defines them (evaluation/domain/rating-measures.ts). */
export function ratingGroup(row: RawRow, key: string | null, label: string): RatingGroupDto {
  const count = (score: Score) => num(row[`s${score}`]);
  return {
    key,
    label,
    ...ratingMeasures({
      byScore: { 1: count(1), 2: count(2), 3: count(3), 4: count(4), 5: count(5) },
      tasks: num(row.tasks),
      closedTasks: num(row.closed_tasks),
    }),
  };
}
