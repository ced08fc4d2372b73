import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { withAdvisoryLock } from '../database/migrate';

/** One job = one delivery attempt of one outbox row. */
export const DELIVER_QUEUE = 'notice-deliver';
/** The safety net: re-enqueues rows whose job was lost (README "Notices to the applicant"). */
export const SWEEP_QUEUE = 'notice-sweep';

/** Serialises the job queue's start-up across instances (see the other 74_590_00x keys). */
const JOB_QUEUE_LOCK_KEY = 74_590_007;

export interface DeliverJob {
  outboxId: string;
}

/**
 * pg-boss in its own schema (`pgboss`) of the application's database, on a small pool of its own.
 * Delivery jobs are inserted through the connection of the transaction that writes the outbox
 * row (pg-boss's `db` option), so a notice and its job commit or roll back together; every
 * instance runs the same queue, and pg-boss hands each job to one worker at a time.
 */
@Injectable()
export class NoticeQueue implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Notices');
  readonly boss: PgBoss;
  /** How long one attempt may hold its row before another worker may take it over. */
  readonly leaseMs: number;

  constructor(
    config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.leaseMs = 2 * config.SMS_GATEWAY_TIMEOUT_MS + 1000;
    this.boss = new PgBoss({
      connectionString: config.DATABASE_URL,
      schema: 'pgboss',
      max: 3,
      application_name: 'onewindow-notices',
      // Finished jobs: the outbox row is the record, pg-boss's copy need not outlive a day.
      deleteAfterDays: 1,
    });
    this.boss.on('error', (err: Error) => this.logger.error({ msg: 'job queue error', error: err.message }));
  }

  async onModuleInit(): Promise<void> {
    // One instance at a time: two instances starting on a new database created the same queues at once, and
    // PostgreSQL ended one start with "deadlock detected" (seen in CI with two instances behind nginx).
    await withAdvisoryLock(this.dataSource, JOB_QUEUE_LOCK_KEY, async () => {
      await this.boss.start();
      // A job whose worker died (lease over) is retried by pg-boss; the row's own attempts decide when it is dead.
      const expireInSeconds = Math.ceil(this.leaseMs / 1000);
      await this.boss.createQueue(DELIVER_QUEUE, { name: DELIVER_QUEUE, retryLimit: 5, retryDelay: expireInSeconds, expireInSeconds });
      await this.boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, retryLimit: 0, expireInSeconds: 60 });
    });
  }

  async onModuleDestroy(): Promise<void> {
    // Waits for the attempts under way, so none is cut between the send and its record.
    await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  /** In the caller's transaction: the jobs exist exactly when its outbox rows do. */
  async enqueue(em: EntityManager, jobs: { outboxId: string; startAfter?: Date }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((j) => ({ name: DELIVER_QUEUE, data: { outboxId: j.outboxId }, ...(j.startAfter ? { startAfter: j.startAfter } : {}) })),
      { db: transactionDb(em) },
    );
  }
}

/** pg-boss's database interface on a TypeORM transaction's connection. */
function transactionDb(em: EntityManager): PgBoss.Db {
  const runner = em.queryRunner;
  if (!runner || !runner.isTransactionActive) throw new Error('notices are enqueued inside the transaction that writes them');
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }),
  };
}
