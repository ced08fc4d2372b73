/**
 * 电子监察: a case's warning level and the next instant it can change, from its deadline clock.
 * The vocabulary of levels is declared here only; entities, DTOs and events import it.
 */
import type { CalendarIndex } from './calendar-index';

/** Rising while the clock runs: green → yellow → red (past the promised due) → red_card (past the legal one). */
export const WARNING_LEVELS = ['green', 'yellow', 'red', 'red_card'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export interface WarningThresholds {
  /** Yellow when this share of the promised time or less is left. */
  yellowRatio: number;
  /** Yellow when less than this many working days are left. */
  yellowMinWorkingDays: number;
}

export const DEFAULT_WARNING_THRESHOLDS: Readonly<WarningThresholds> = Object.freeze({
  yellowRatio: 1 / 3,
  yellowMinWorkingDays: 1,
});

export interface WarningInput {
  /** null while the case is suspended: the clock stands still, so it cannot run out. */
  promisedDueMs: number | null;
  legalDueMs?: number | null;
  atMs: number;
  totalWorkingMinutes: number;
  remainingWorkingMinutes: number;
  /** Length of the hall's working day, to read "working days left" from minutes. */
  workingDayMinutes: number;
  thresholds?: Partial<WarningThresholds>;
}

export function warningLevel(input: WarningInput): WarningLevel {
  const { yellowRatio, yellowMinWorkingDays } = { ...DEFAULT_WARNING_THRESHOLDS, ...input.thresholds };
  if (input.legalDueMs !== undefined && input.legalDueMs !== null && input.atMs > input.legalDueMs) return 'red_card';
  if (input.promisedDueMs !== null && input.atMs > input.promisedDueMs) return 'red';
  const remaining = input.remainingWorkingMinutes;
  if (remaining <= yellowRatio * input.totalWorkingMinutes || remaining < yellowMinWorkingDays * input.workingDayMinutes) {
    return 'yellow';
  }
  return 'green';
}

export interface WarningChangeInput {
  level: WarningLevel;
  /** null while the case is suspended: nothing changes until it resumes. */
  promisedDueMs: number | null;
  legalDueMs: number | null;
  totalWorkingMinutes: number;
  atMs: number;
  thresholds?: Partial<WarningThresholds>;
}

/** When the next-change instant has already passed (a reading taken late), look again this much later. */
export const WARNING_RECHECK_MS = 60_000;

/**
 * The earliest instant after `atMs` at which the level can differ. Levels only rise while the
 * clock runs (green → yellow → red → red_card), so it is the nearest threshold not yet passed.
 * An estimate a little early costs one extra look by the sweep; it is never late.
 */
export function nextWarningChangeMs(index: CalendarIndex, input: WarningChangeInput): number | null {
  const due = input.promisedDueMs;
  if (due === null) return null;
  const candidates: number[] = [];
  if (input.level === 'green') {
    const { yellowRatio, yellowMinWorkingDays } = { ...DEFAULT_WARNING_THRESHOLDS, ...input.thresholds };
    const thresholdMs = Math.max(yellowRatio * input.totalWorkingMinutes * 60_000, yellowMinWorkingDays * index.standardDayMs);
    const yellowW = Math.max(0, index.workingMsAt(due) - thresholdMs);
    // +1 ms: "less than one working day left" holds only strictly after the threshold.
    candidates.push(index.instantAtWorkingMs(yellowW) + 1);
  }
  if (input.level === 'green' || input.level === 'yellow') candidates.push(due + 1);
  if (input.level !== 'red_card' && input.legalDueMs !== null) candidates.push(input.legalDueMs + 1);
  if (candidates.length === 0) return null;
  const next = Math.min(...candidates);
  return next > input.atMs ? next : input.atMs + WARNING_RECHECK_MS;
}
