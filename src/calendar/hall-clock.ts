import { AppException } from '../common/errors/app-exception';
import { ErrorCode } from '../common/errors/error-codes';
import { withDomainErrors } from '../common/errors/with-domain-errors';
import { CalendarIndex } from './domain/calendar-index';
import { ClockError, ClockErrorCode, Limit, Suspension } from './domain/calendar-types';
import {
  AdjustedDue,
  ClockReading,
  computeDue,
  computeDueWithAdjustments,
  DueResult,
  elapsedAndRemaining,
  StepDeadline,
  stepDeadlines,
  StepShare,
} from './domain/deadline-clock';
import { nextWarningChangeMs, warningLevel, WarningLevel, WarningThresholds } from './domain/warning-level';

/** What a case has been through that moves its deadline. */
export interface ClockAdjustments {
  suspensions?: readonly Suspension[];
  extensionWorkingDays?: number;
}

export interface HallClockSettings {
  timezone: string;
  clockStartsSameDay: boolean;
  thresholds: WarningThresholds;
}

export interface WarningQuery extends ClockAdjustments {
  startMs: number;
  atMs: number;
  promised: Limit;
  legal?: Limit | null;
}

export interface WarningReport {
  level: WarningLevel;
  /** The promised (承诺) clock as read at atMs. */
  promised: ClockReading;
  /** Legal (法定) due as known at atMs; null without a legal limit or while suspended. */
  legalDueMs: number | null;
}

// Errors a caller can cause with its input; the rest (bad hours, unknown zone) would mean the
// stored hall configuration is broken, which is a server fault and stays a 500.
const CLIENT_ERRORS: Partial<Record<ClockErrorCode, ErrorCode>> = {
  INVALID_LIMIT: 'CLOCK_INVALID_LIMIT',
  INVALID_INSTANT: 'CLOCK_INVALID_INSTANT',
  INVALID_EXTENSION: 'CLOCK_INVALID_EXTENSION',
  INVALID_STEP_SHARES: 'CLOCK_INVALID_STEP_SHARES',
  SUSPENSION_ENDS_BEFORE_START: 'CLOCK_SUSPENSION_ENDS_BEFORE_START',
  OUT_OF_RANGE: 'CLOCK_OUT_OF_RANGE',
};

const translated = <T>(fn: () => T): T =>
  withDomainErrors(fn, (e) => {
    const code = e instanceof ClockError ? CLIENT_ERRORS[e.code] : undefined;
    return code ? new AppException(code, { reason: (e as ClockError).message }) : undefined;
  });

/**
 * One hall's deadline clock on one calendar revision: the pure clock functions bound to the
 * hall's index and settings. Synchronous, so a caller working through many cases (a work
 * list, the monitor) fetches it once and computes without further awaits.
 */
export class HallClock {
  constructor(
    readonly hallId: string,
    readonly index: CalendarIndex,
    readonly settings: HallClockSettings,
  ) {}

  /** The due of a fresh limit, with the rest days it stepped over. */
  explainDue(startMs: number, limit: Limit): DueResult {
    return translated(() =>
      computeDue(this.index, startMs, limit, { clockStartsSameDay: this.settings.clockStartsSameDay, explain: true }),
    );
  }

  due(startMs: number, limit: Limit, adjustments: ClockAdjustments = {}): AdjustedDue {
    return translated(() => computeDueWithAdjustments(this.index, startMs, limit, this.adjusted(adjustments)));
  }

  reading(startMs: number, limit: Limit, adjustments: ClockAdjustments, atMs: number): ClockReading {
    return translated(() => elapsedAndRemaining(this.index, startMs, limit, this.adjusted(adjustments), atMs));
  }

  /**
   * The 电子监察 level. Suspensions and a granted extension move both deadlines: time
   * suspended for a special procedure does not count against the legal limit either.
   */
  warning(query: WarningQuery): WarningReport {
    const { startMs, atMs, promised, legal, ...adjustments } = query;
    const promisedReading = this.reading(startMs, promised, adjustments, atMs);
    const legalDueMs = legal ? this.reading(startMs, legal, adjustments, atMs).dueMs : null;
    const level = warningLevel({
      promisedDueMs: promisedReading.dueMs,
      legalDueMs,
      atMs,
      totalWorkingMinutes: promisedReading.totalWorkingMinutes,
      remainingWorkingMinutes: promisedReading.remainingWorkingMinutes,
      workingDayMinutes: this.index.standardDayMs / 60_000,
      thresholds: this.settings.thresholds,
    });
    return { level, promised: promisedReading, legalDueMs };
  }

  /** The earliest instant after atMs at which the report's level can differ; null when it cannot. */
  nextWarningChange(report: WarningReport, atMs: number): number | null {
    return nextWarningChangeMs(this.index, {
      level: report.level,
      promisedDueMs: report.promised.dueMs,
      legalDueMs: report.legalDueMs,
      totalWorkingMinutes: report.promised.totalWorkingMinutes,
      atMs,
      thresholds: this.settings.thresholds,
    });
  }

  stepDeadlines<K extends string>(input: { clockStartMs: number; dueMs: number; steps: readonly StepShare<K>[] }): StepDeadline<K>[] {
    return translated(() => stepDeadlines(this.index, input));
  }

  private adjusted(adjustments: ClockAdjustments) {
    return { ...adjustments, clockStartsSameDay: this.settings.clockStartsSameDay };
  }
}
