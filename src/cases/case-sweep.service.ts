import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { purgeOldAnswers } from '../idempotency/idempotency-answers';
import { CaseLedger, CaseTx, SYSTEM } from './case-ledger';
import { CasePersonalData } from './case-personal-data.service';
import { closed } from './case-outcomes';
import { CaseStatus, WORKLIST_STATUSES } from './domain/case-state-machine';
import { Case } from './entities/case.entity';
import { CaseObligation } from './entities/case-obligation.entity';
import { BackgroundTimer } from '../common/time/background-timer';

const BATCH = 100;
/** Where an obligation can still be owed; a case that ended otherwise just lets it lapse. */
const LAPSABLE: ReadonlySet<CaseStatus> = new Set(WORKLIST_STATUSES);
/** A bound on one sweep, so a backlog is worked off over several runs instead of one endless one. */
const MAX_BATCHES = 50;
/** Retention is counted in days: looking once an hour is plenty. */
const RETENTION_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SweepResult {
  /** Cases whose warning level was re-read. */
  checked: number;
  /** Of those, how many changed level. */
  changed: number;
  /** Cases returned (退件) because a 容缺 obligation lapsed. */
  returned: number;
}

/**
 * The time-driven side of cases: warning levels rise as time passes, and a 容缺 material not
 * brought in time returns its case. Rows are claimed with FOR UPDATE SKIP LOCKED in small
 * batches, so any number of instances can sweep at once without touching the same case twice,
 * and a case is only read when its stored next_warning_at (or an obligation's due) has come.
 * On the same timer, at most hourly, finished cases past PII_RETENTION_DAYS lose their applicant's
 * personal data (CasePersonalData).
 */
@Injectable()
export class CaseSweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CaseSweep');
  private readonly timer = new BackgroundTimer();
  private running: Promise<SweepResult> | null = null;
  private retentionCheckedAt = 0;

  constructor(
    private readonly ledger: CaseLedger,
    private readonly config: AppConfig,
    private readonly personalData: CasePersonalData,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.CASE_SWEEP_INTERVAL_SECONDS;
    if (seconds === 0) return;
    this.timer.start(seconds * 1000, () => {
      this.sweep().catch((err: Error) => this.logger.error({ msg: 'case sweep failed', error: err.message }));
      if (Date.now() - this.retentionCheckedAt >= RETENTION_EVERY_MS) {
        this.retentionCheckedAt = Date.now();
        this.sweepRetention().catch((err: Error) => this.logger.error({ msg: 'retention sweep failed', error: err.message }));
      }
    });
  }

  onApplicationShutdown(): void {
    this.timer.stop();
  }

  /** One sweep now, at the injected clock's time; a call while one runs on this instance joins it. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Removes the personal data of cases finished more than PII_RETENTION_DAYS before the clock's
   * now (0: never), and forgets the stored answers of idempotent requests (which repeat the
   * applicant) a week after; returns how many cases were de-identified.
   */
  async sweepRetention(): Promise<number> {
    const now = this.ledger.now();
    await purgeOldAnswers(this.dataSource, now);
    const days = this.config.PII_RETENTION_DAYS;
    if (days === 0) return 0;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let removed = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const n = await this.personalData.removeFinishedBefore(cutoff, now, BATCH);
      removed += n;
      if (n < BATCH) break;
    }
    if (removed > 0) this.logger.log({ msg: 'personal data of finished cases removed', cases: removed, retentionDays: days });
    return removed;
  }

  private async run(): Promise<SweepResult> {
    const result: SweepResult = { checked: 0, changed: 0, returned: 0 };
    for (let i = 0; i < MAX_BATCHES; i++) {
      const { seen, returned } = await this.returnLapsed();
      result.returned += returned;
      if (seen < BATCH) break;
    }
    for (let i = 0; i < MAX_BATCHES; i++) {
      const { checked, changed } = await this.raiseWarnings();
      result.checked += checked;
      result.changed += changed;
      if (checked < BATCH) break;
    }
    return result;
  }

  /**
   * One transaction for a batch of due cases. Should one case fail (a corrupt row, a deadline past
   * the loaded calendar), the batch fails with it: then each case of the batch goes alone, so that
   * the others still get their warnings and only that one is logged.
   */
  private async raiseWarnings(): Promise<{ checked: number; changed: number }> {
    try {
      return await this.ledger.run(async (tx) => {
        const due = await this.dueCases(tx);
        let changed = 0;
        for (const c of due) if (await this.raiseWarning(tx, c)) changed++;
        return { checked: due.length, changed };
      });
    } catch (err) {
      this.logger.warn({ msg: 'case warnings: a batch failed, sweeping its cases one by one', error: (err as Error).message });
      const ids = await this.ledger.run(async (tx) => (await this.dueCases(tx, false)).map((c) => c.id));
      let changed = 0;
      for (const id of ids) {
        try {
          if (
            await this.ledger.run(async (tx) => {
              const c = await tx.lockIfFree(id);
              return c !== null && c.nextWarningAt !== null && c.nextWarningAt <= tx.now && this.raiseWarning(tx, c);
            })
          )
            changed++;
        } catch (error) {
          this.logger.error({ msg: 'case warnings: a case could not be swept', caseId: id, error: (error as Error).message });
        }
      }
      return { checked: ids.length, changed };
    }
  }

  private dueCases(tx: CaseTx, lock = true): Promise<Case[]> {
    let query = tx.em.getRepository(Case).createQueryBuilder('c');
    if (lock) query = query.setLock('pessimistic_write').setOnLocked('skip_locked');
    return query.where('c.next_warning_at <= :now', { now: tx.now }).orderBy('c.next_warning_at', 'ASC').limit(BATCH).getMany();
  }

  /** Whether the case's warning level changed. */
  private async raiseWarning(tx: CaseTx, c: Case): Promise<boolean> {
    const before = c.warningLevel;
    tx.adopt(c);
    await tx.refreshClock(c);
    if (c.warningLevel === before) return false;
    await tx.note(c, 'warning', SYSTEM, { data: { from: before, to: c.warningLevel } });
    return true;
  }

  /** 退件: each case with an obligation past due, once, with every lapsed material named. */
  private returnLapsed(): Promise<{ seen: number; returned: number }> {
    return this.ledger.run(async (tx) => {
      const lapsed = await tx.em
        .getRepository(CaseObligation)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(`o.status = 'open' and o.due_at < :now`, { now: tx.now })
        .orderBy('o.due_at', 'ASC')
        .limit(BATCH)
        .getMany();
      const byCase = new Map<string, CaseObligation[]>();
      for (const o of lapsed) byCase.set(o.caseId, [...(byCase.get(o.caseId) ?? []), o]);
      let returned = 0;
      for (const [caseId, obligations] of byCase) {
        const c = await tx.lockIfFree(caseId);
        if (!c) continue;
        const materials = obligations.map((o) => o.material);
        await tx.em.update(
          CaseObligation,
          obligations.map((o) => o.id),
          { status: 'lapsed' },
        );
        if (!LAPSABLE.has(c.status)) continue;
        const from = c.status;
        await tx.move(c, 'lapse', SYSTEM, { input: { reason: `容缺材料逾期未补交：${materials.join('、')}` }, data: { materials } });
        await closed(tx, c, from);
        returned++;
      }
      return { seen: lapsed.length, returned };
    });
  }
}
