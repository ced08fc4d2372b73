import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import type { Limit } from '../calendar/domain/calendar-types';
import type { HallClock, WarningReport } from '../calendar/hall-clock';
import { clockRunning } from './domain/case-state-machine';
import type { Case, WarningLevel } from './entities/case.entity';
import type { CaseSuspension } from './entities/case-suspension.entity';

export interface LevelChange {
  from: WarningLevel | null;
  to: WarningLevel;
}

const RECHECK_MS = 60_000;

export function promisedLimitOf(c: Case): Limit {
  return { value: c.promisedLimitValue, unit: c.promisedLimitUnit };
}

export function legalLimitOf(c: Case): Limit | null {
  return c.legalLimitValue !== null && c.legalLimitUnit ? { value: c.legalLimitValue, unit: c.legalLimitUnit } : null;
}

/**
 * The earliest instant after `atMs` at which the level can differ. Levels only rise while the
 * clock runs (green → yellow → red → red_card), so it is the nearest threshold not yet passed.
 * An estimate a little early costs one extra look by the sweep; it is never late.
 */
function nextChangeMs(clock: HallClock, report: WarningReport, atMs: number): number | null {
  const due = report.promised.dueMs;
  if (due === null) return null;
  const candidates: number[] = [];
  if (report.level === 'green') {
    const { yellowRatio, yellowMinWorkingDays } = clock.settings.thresholds;
    const thresholdMs = Math.max(
      yellowRatio * report.promised.totalWorkingMinutes * 60_000,
      yellowMinWorkingDays * clock.index.standardDayMs,
    );
    const yellowW = Math.max(0, clock.index.workingMsAt(due) - thresholdMs);
    // +1 ms: "less than one working day left" holds only strictly after the threshold.
    candidates.push(clock.index.instantAtWorkingMs(yellowW) + 1);
  }
  if (report.level === 'green' || report.level === 'yellow') candidates.push(due + 1);
  if (report.level !== 'red_card' && report.legalDueMs !== null) candidates.push(report.legalDueMs + 1);
  if (candidates.length === 0) return null;
  const next = Math.min(...candidates);
  return next > atMs ? next : atMs + RECHECK_MS;
}

/**
 * Every due instant of a case from the hall's calendar: promised and legal due (moved by
 * suspensions and a granted extension), each step's due, and the 电子监察 level with the next
 * instant it can change. Writes onto the case; the caller persists it.
 */
@Injectable()
export class CaseClock {
  constructor(private readonly calendar: CalendarService) {}

  /** `em`: the transaction the case is written in, which a cold calendar cache is filled through. */
  async refresh(c: Case, suspensions: readonly CaseSuspension[], now: Date, em?: EntityManager): Promise<LevelChange | null> {
    if (!c.acceptedAt) return null;
    const clock = await this.calendar.clockFor(c.hallId, em);
    const startMs = c.acceptedAt.getTime();
    const adjustments = {
      suspensions: suspensions.map((s) => ({ fromMs: s.fromAt.getTime(), toMs: s.toAt?.getTime() })),
      extensionWorkingDays: c.extensionWorkingDays,
    };
    const promised = promisedLimitOf(c);
    const legal = legalLimitOf(c);
    const promisedDue = clock.due(startMs, promised, adjustments);
    c.clockStartAt = new Date(promisedDue.clockStartMs);
    // While suspended the due is unknown until the case resumes; the last known one stays shown.
    if (promisedDue.dueMs !== null) {
      c.promisedDueAt = new Date(promisedDue.dueMs);
      const stepDues = clock.stepDeadlines({
        clockStartMs: promisedDue.clockStartMs,
        dueMs: promisedDue.dueMs,
        steps: c.steps.map((s, i) => ({ step: String(i), share: s.sharePercent })),
      });
      c.steps = c.steps.map((s, i) => ({ ...s, dueAt: new Date(stepDues[i].dueMs).toISOString() }));
    }
    if (legal) {
      const legalDue = clock.due(startMs, legal, adjustments);
      if (legalDue.dueMs !== null) c.legalDueAt = new Date(legalDue.dueMs);
    }

    if (!clockRunning(c.status)) {
      c.nextWarningAt = null;
      return null;
    }
    const atMs = now.getTime();
    const report = clock.warning({ startMs, atMs, promised, legal, ...adjustments });
    const next = nextChangeMs(clock, report, atMs);
    c.nextWarningAt = next === null ? null : new Date(next);
    const from = c.warningLevel;
    c.warningLevel = report.level;
    return from === report.level ? null : { from, to: report.level };
  }
}
