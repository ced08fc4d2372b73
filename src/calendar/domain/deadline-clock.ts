import { CalendarIndex } from './calendar-index';
import { ClockError, Limit, SkippedDay, Suspension } from './calendar-types';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface DueOptions {
  /** Day 1 is the acceptance day itself when accepted on a working day before closing. */
  clockStartsSameDay?: boolean;
  /** Also list the rest days the period stepped over (costs a walk over the days). */
  explain?: boolean;
}

export interface DueResult {
  dueMs: number;
  /**
   * From when working time counts: the acceptance instant, or the opening of day 1 when the
   * clock starts on the next working day. Step deadlines split the time from here.
   */
  clockStartMs: number;
  /** Some day the answer depends on lies in a year whose schedule is not loaded yet. */
  provisional: boolean;
  skippedDays?: SkippedDay[];
}

export interface Adjustments {
  suspensions?: readonly Suspension[];
  /** Granted extension (延期), e.g. 10 or, for joint cases, 15. */
  extensionWorkingDays?: number;
  clockStartsSameDay?: boolean;
}

interface AdjustedCommon {
  /** Due after the extension but before suspensions. */
  baseDueMs: number;
  clockStartMs: number;
  provisional: boolean;
  /** Working time the suspensions took off the clock (only the part that moved the due). */
  suspendedWorkingMinutes: number;
}

export type AdjustedDue =
  | (AdjustedCommon & { stillSuspended: false; dueMs: number })
  | (AdjustedCommon & {
      stillSuspended: true;
      /** Unknown until the case resumes: the due is then the resumption plus what was left. */
      dueMs: null;
      suspendedSinceMs: number;
      remainingWorkingMinutes: number;
    });

export interface ClockReading {
  state: 'running' | 'suspended' | 'overdue';
  /** Due as known at the reading; null while suspended. */
  dueMs: number | null;
  totalWorkingMinutes: number;
  elapsedWorkingMinutes: number;
  /** Negative once overdue, so that elapsed + remaining = total always holds. */
  remainingWorkingMinutes: number;
  totalWorkingDays: number;
  elapsedWorkingDays: number;
  remainingWorkingDays: number;
}

export interface StepShare<K extends string = string> {
  step: K;
  /** Any positive weight; shares are normalised by their sum (40/30/30 or 0.4/0.3/0.3). */
  share: number;
}

export interface StepDeadline<K extends string = string> {
  step: K;
  dueMs: number;
}

function checkLimit(limit: Limit): void {
  const knownUnit =
    limit.unit === 'working_days' || limit.unit === 'natural_days' || limit.unit === 'working_hours' || limit.unit === 'minutes';
  if (!knownUnit || !Number.isSafeInteger(limit.value) || limit.value < 0) {
    throw new ClockError('INVALID_LIMIT', 'limit must be a whole number ≥ 0 of a known unit');
  }
}

function checkInstant(ms: number, what: string): void {
  if (!Number.isFinite(ms)) throw new ClockError('INVALID_INSTANT', `${what} is not an instant`);
}

function skippedBetween(index: CalendarIndex, fromDay: number, toDayExclusive: number): SkippedDay[] {
  const out: SkippedDay[] = [];
  for (let d = fromDay; d < toDayExclusive; d++) {
    const rest = index.restDay(d);
    if (rest) out.push({ date: index.dateOf(d), name: rest.name, kind: rest.kind });
  }
  return out;
}

/** The first working day on or after `day`. */
function workingDayFrom(index: CalendarIndex, day: number): number {
  return index.isWorkingDay(day) ? day : index.workingDayAt(index.workingOrdinalAfter(day));
}

export function computeDue(index: CalendarIndex, startMs: number, limit: Limit, opts: DueOptions = {}): DueResult {
  checkLimit(limit);
  checkInstant(startMs, 'start');
  const start = index.dayOf(startMs);
  const n = limit.value;

  if (n === 0) {
    const result: DueResult = { dueMs: startMs, clockStartMs: startMs, provisional: index.hasProvisionalDays(start, start) };
    if (opts.explain) result.skippedDays = [];
    return result;
  }

  let dueMs: number;
  let dueDay: number;
  let clockStartMs = startMs;
  let skippedFrom: number;
  switch (limit.unit) {
    case 'working_days': {
      let first = index.workingOrdinalAfter(start);
      if (opts.clockStartsSameDay && index.isWorkingDay(start) && startMs < index.closingMs(start)) {
        first -= 1;
      } else {
        clockStartMs = index.openingMs(index.workingDayAt(first));
      }
      dueDay = index.workingDayAt(first + n - 1);
      dueMs = index.closingMs(dueDay);
      skippedFrom = start + 1;
      break;
    }
    case 'natural_days': {
      const last = start + n;
      if (last >= index.dayCount) throw new ClockError('OUT_OF_RANGE', 'natural-day period ends outside the calendar index');
      // 民法典 第二百零三条: a period ending on a rest day ends on the next working day.
      dueDay = workingDayFrom(index, last);
      dueMs = index.closingMs(dueDay);
      skippedFrom = last;
      break;
    }
    case 'working_hours':
    case 'minutes': {
      const unitMs = limit.unit === 'minutes' ? MINUTE_MS : HOUR_MS;
      dueMs = index.instantAtWorkingMs(index.workingMsAt(startMs) + n * unitMs);
      // The due is strictly inside or at the end of a period, so one ms earlier is its day.
      dueDay = index.dayOf(dueMs - 1);
      skippedFrom = start;
      break;
    }
  }

  const result: DueResult = { dueMs, clockStartMs, provisional: index.hasProvisionalDays(start, dueDay) };
  if (opts.explain) result.skippedDays = skippedBetween(index, skippedFrom, dueDay);
  return result;
}

/** Due with the extension added, in working time (W), plus the W the clock starts from. */
function extendedDue(
  index: CalendarIndex,
  startMs: number,
  limit: Limit,
  adjustments: Adjustments,
): { base: DueResult; baseDueW: number; clockStartW: number } {
  checkLimit(limit);
  const extension = adjustments.extensionWorkingDays ?? 0;
  if (!Number.isSafeInteger(extension) || extension < 0) {
    throw new ClockError('INVALID_EXTENSION', 'extension must be a whole number of working days ≥ 0');
  }
  const opts = { clockStartsSameDay: adjustments.clockStartsSameDay };
  let base: DueResult;
  if (limit.unit === 'working_days') {
    base = computeDue(index, startMs, { value: limit.value + extension, unit: 'working_days' }, opts);
  } else if (extension === 0) {
    base = computeDue(index, startMs, limit, opts);
  } else if (limit.unit === 'natural_days') {
    // The period ends at a working day's close; the extension counts on from that day.
    const unextended = computeDue(index, startMs, limit, opts);
    const day = index.dayOf(unextended.dueMs - (limit.value > 0 ? 1 : 0));
    const dueDay = index.workingDayAt(index.workingOrdinalAfter(day) + extension - 1);
    base = { ...unextended, dueMs: index.closingMs(dueDay), provisional: index.hasProvisionalDays(index.dayOf(startMs), dueDay) };
  } else {
    // Hour limits have no day to count from: a working day is the hall's usual day.
    const unextended = computeDue(index, startMs, limit, opts);
    const dueMs = index.instantAtWorkingMs(index.workingMsAt(unextended.dueMs) + extension * index.standardDayMs);
    base = { ...unextended, dueMs, provisional: index.hasProvisionalDays(index.dayOf(startMs), index.dayOf(dueMs - 1)) };
  }
  return { base, baseDueW: index.workingMsAt(base.dueMs), clockStartW: index.workingMsAt(base.clockStartMs) };
}

interface Interval {
  fromMs: number;
  toMs: number;
}

/** Sorted, overlap-free suspensions, so that time suspended twice is not counted twice. */
function mergeSuspensions(suspensions: readonly Suspension[], cutoffMs: number): Interval[] {
  const intervals: Interval[] = [];
  for (const s of suspensions) {
    checkInstant(s.fromMs, 'suspension start');
    if (s.toMs !== undefined) {
      checkInstant(s.toMs, 'suspension end');
      if (s.toMs < s.fromMs) throw new ClockError('SUSPENSION_ENDS_BEFORE_START', 'suspension ends before it starts');
    }
    if (s.fromMs > cutoffMs) continue;
    intervals.push({ fromMs: s.fromMs, toMs: s.toMs === undefined || s.toMs > cutoffMs ? Infinity : s.toMs });
  }
  intervals.sort((a, b) => a.fromMs - b.fromMs);
  const merged: Interval[] = [];
  for (const iv of intervals) {
    const last = merged[merged.length - 1];
    if (last && iv.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, iv.toMs);
    else merged.push({ ...iv });
  }
  return merged;
}

interface Run {
  base: DueResult;
  clockStartW: number;
  totalW: number;
  /** Due in W after the suspensions that counted. */
  dueW: number;
  suspendedW: number;
  /** Set when a suspension is still open (at the cut-off): where, in ms and W, it began. */
  openSinceMs?: number;
  openSinceW?: number;
}

/**
 * Walks the suspensions in time order, each moving the due by the working time it covered.
 * Only time while the clock ran counts: before the clock start it is clipped, and one that
 * begins once the (moved) due has passed changes nothing — suspending cannot cure lateness.
 */
function run(index: CalendarIndex, startMs: number, limit: Limit, adjustments: Adjustments, cutoffMs: number): Run {
  const { base, baseDueW, clockStartW } = extendedDue(index, startMs, limit, adjustments);
  const result: Run = { base, clockStartW, totalW: baseDueW - clockStartW, dueW: baseDueW, suspendedW: 0 };
  for (const iv of mergeSuspensions(adjustments.suspensions ?? [], cutoffMs)) {
    const fromW = Math.max(index.workingMsAt(iv.fromMs), clockStartW);
    if (fromW >= result.dueW) break;
    if (iv.toMs === Infinity) {
      result.openSinceMs = iv.fromMs;
      result.openSinceW = fromW;
      break;
    }
    const covered = Math.max(0, index.workingMsAt(iv.toMs) - fromW);
    result.dueW += covered;
    result.suspendedW += covered;
  }
  return result;
}

/** Without suspended time the base due stands as computed (a close stays a close). */
function movedDueMs(index: CalendarIndex, r: Run): number {
  return r.suspendedW === 0 ? r.base.dueMs : index.instantAtWorkingMs(r.dueW);
}

export function computeDueWithAdjustments(index: CalendarIndex, startMs: number, limit: Limit, adjustments: Adjustments): AdjustedDue {
  const r = run(index, startMs, limit, adjustments, Infinity);
  const dueMs = movedDueMs(index, r);
  const common = {
    baseDueMs: r.base.dueMs,
    clockStartMs: r.base.clockStartMs,
    suspendedWorkingMinutes: r.suspendedW / MINUTE_MS,
    // Suspended time lies after the start, so the moved due is too and dueMs - 1 is its day.
    provisional: r.base.provisional || (r.suspendedW > 0 && index.hasProvisionalDays(index.dayOf(startMs), index.dayOf(dueMs - 1))),
  };
  if (r.openSinceMs !== undefined && r.openSinceW !== undefined) {
    return {
      ...common,
      stillSuspended: true,
      dueMs: null,
      suspendedSinceMs: r.openSinceMs,
      remainingWorkingMinutes: (r.dueW - r.openSinceW) / MINUTE_MS,
    };
  }
  return { ...common, stillSuspended: false, dueMs };
}

export function elapsedAndRemaining(
  index: CalendarIndex,
  startMs: number,
  limit: Limit,
  adjustments: Adjustments,
  atMs: number,
): ClockReading {
  checkInstant(atMs, 'reading time');
  // Suspensions are read as known at atMs: later ones have not happened, open ones still run.
  const r = run(index, startMs, limit, adjustments, atMs);
  const atW = Math.max(index.workingMsAt(atMs), r.clockStartW);
  const stoppedAtW = r.openSinceW ?? atW;
  const elapsedW = stoppedAtW - r.clockStartW - r.suspendedW;
  const remainingW = r.totalW - elapsedW;

  let dueMs: number | null = null;
  let state: ClockReading['state'] = 'suspended';
  if (r.openSinceW === undefined) {
    dueMs = movedDueMs(index, r);
    state = atMs > dueMs ? 'overdue' : 'running';
  }
  const dayMs = index.standardDayMs;
  return {
    state,
    dueMs,
    totalWorkingMinutes: r.totalW / MINUTE_MS,
    elapsedWorkingMinutes: elapsedW / MINUTE_MS,
    remainingWorkingMinutes: remainingW / MINUTE_MS,
    totalWorkingDays: r.totalW / dayMs,
    elapsedWorkingDays: elapsedW / dayMs,
    remainingWorkingDays: remainingW / dayMs,
  };
}

/**
 * Each approval step's due: the working time from clock start to the case's due is split in
 * proportion to the shares, so steps inherit the same calendar; the last step ends exactly
 * at the case's due.
 */
export function stepDeadlines<K extends string>(
  index: CalendarIndex,
  input: { clockStartMs: number; dueMs: number; steps: readonly StepShare<K>[] },
): StepDeadline<K>[] {
  const { clockStartMs, dueMs, steps } = input;
  checkInstant(clockStartMs, 'clock start');
  checkInstant(dueMs, 'due');
  if (steps.length === 0 || steps.some((s) => !(Number.isFinite(s.share) && s.share > 0))) {
    throw new ClockError('INVALID_STEP_SHARES', 'steps need positive shares');
  }
  const fromW = index.workingMsAt(clockStartMs);
  const totalW = index.workingMsAt(dueMs) - fromW;
  const shareSum = steps.reduce((sum, s) => sum + s.share, 0);
  let shareSoFar = 0;
  return steps.map((s, i) => {
    shareSoFar += s.share;
    if (i === steps.length - 1 || totalW <= 0) return { step: s.step, dueMs };
    // Whole ms, at least 1 so a step never ends before the clock starts; rounding (not ceil)
    // keeps 40% of 5 days at a clean 17:30 despite float noise in the share sums.
    const offsetW = Math.min(totalW, Math.max(1, Math.round((totalW * shareSoFar) / shareSum)));
    return { step: s.step, dueMs: index.instantAtWorkingMs(fromW + offsetW) };
  });
}
