import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import type { Limit } from '../calendar/domain/calendar-types';
import type { WarningLevel } from '../calendar/domain/warning-level';
import { clockRunning } from './domain/case-state-machine';
import type { Case } from './entities/case.entity';
import type { CaseSuspension } from './entities/case-suspension.entity';

export interface LevelChange {
  from: WarningLevel | null;
  to: WarningLevel;
}

export function promisedLimitOf(c: Case): Limit {
  return { value: c.promisedLimitValue, unit: c.promisedLimitUnit };
}

export function legalLimitOf(c: Case): Limit | null {
  return c.legalLimitValue !== null && c.legalLimitUnit ? { value: c.legalLimitValue, unit: c.legalLimitUnit } : null;
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
    const next = clock.nextWarningChange(report, atMs);
    c.nextWarningAt = next === null ? null : new Date(next);
    const from = c.warningLevel;
    c.warningLevel = report.level;
    return from === report.level ? null : { from, to: report.level };
  }
}
