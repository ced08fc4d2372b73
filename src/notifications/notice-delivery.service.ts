import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DeliveryError, NoticeSender, OutgoingNotice } from './channels/notice-channel';
import { PageChannel } from './channels/page-channel';
import { SmsChannel } from './channels/sms-channel';
import { NoticeChannel, NoticeKind, NoticeParams } from './domain/notice-kinds';
import { afterFailure, RetryPolicy } from './domain/retry-schedule';
import { DELIVER_QUEUE, DeliverJob, NoticeQueue, SWEEP_QUEUE } from './notice-queue';
import { NoticeTemplates } from './notice-templates';

interface ClaimedRow {
  id: string;
  kind: NoticeKind;
  channel: NoticeChannel;
  recipient: string;
  case_id: string | null;
  ticket_id: string | null;
  params: NoticeParams;
  attempts: number;
  created_at: Date;
}

export type AttemptResult = 'sent' | 'failed' | 'dead' | 'skipped';

/** Rows still to deliver whose job should have run this long ago are re-enqueued by the sweep. */
const SWEEP_GRACE_MS = 60_000;

/**
 * The delivery worker: pg-boss hands it one job per attempt. An attempt claims its row (attempts
 * + 1 and a lease, in one statement that only succeeds while the row is due), sends, and records
 * the outcome; a failure schedules the next attempt's job in the same transaction as the row's
 * new state. A worker that dies after the claim leaves the row to be claimed again when the lease
 * is over (pg-boss retries the expired job, the sweep is the net under it), so a notice is never
 * lost and at worst sent twice with the same idempotency key.
 */
@Injectable()
export class NoticeDelivery implements OnApplicationBootstrap {
  private readonly logger = new Logger('Notices');
  private readonly senders: Map<NoticeChannel, NoticeSender>;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: NoticeQueue,
    private readonly templates: NoticeTemplates,
    private readonly config: AppConfig,
    page: PageChannel,
    sms: SmsChannel,
  ) {
    this.senders = new Map<NoticeChannel, NoticeSender>([
      [page.channel, page],
      [sms.channel, sms],
    ]);
    this.policy = { maxAttempts: config.NOTICE_MAX_ATTEMPTS, baseMs: config.NOTICE_RETRY_BASE_MS, maxMs: config.NOTICE_RETRY_MAX_MS };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NOTICE_WORKER === 'off') return;
    const pollingIntervalSeconds = this.config.NOTICE_POLL_INTERVAL_SECONDS;
    await this.queue.boss.work<DeliverJob>(DELIVER_QUEUE, { batchSize: 10, pollingIntervalSeconds }, async (jobs) => {
      await Promise.all(jobs.map((job) => this.attempt(job.data.outboxId)));
    });
    await this.queue.boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
      await this.sweep();
    });
    // pg-boss's cron: one sweep a minute for all instances together.
    await this.queue.boss.schedule(SWEEP_QUEUE, '* * * * *');
  }

  /** One attempt at one outbox row; 'skipped' when it is not due (sent, dead, leased to another worker, or a stale job). */
  async attempt(outboxId: string): Promise<AttemptResult> {
    const row = await this.claim(outboxId);
    if (!row) return 'skipped';
    return this.sendClaimed(row);
  }

  /** The first half of an attempt, on its own: what a worker that dies before sending has done. */
  async claim(outboxId: string): Promise<ClaimedRow | null> {
    const [rows] = await this.dataSource.query(
      `update notification_outbox set attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
       where id = $1 and status in ('pending', 'failed') and next_attempt_at <= now() and attempts < $3
       returning id, kind, channel, recipient, case_id, ticket_id, params, attempts, created_at`,
      [outboxId, this.queue.leaseMs, this.policy.maxAttempts],
    );
    return (rows as ClaimedRow[])[0] ?? null;
  }

  async sendClaimed(row: ClaimedRow): Promise<AttemptResult> {
    const notice: OutgoingNotice = {
      id: row.id,
      kind: row.kind,
      caseId: row.case_id,
      ticketId: row.ticket_id,
      params: row.params,
      text: this.templates.render(row.kind, row.params),
      createdAt: row.created_at,
    };
    try {
      await this.senders.get(row.channel)!.send(notice);
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message);
      return this.failed(row, e);
    }
    await this.dataSource.query(
      `update notification_outbox set status = 'sent', sent_at = now(), last_attempt_at = now(), last_error = null
       where id = $1 and attempts = $2`,
      [row.id, row.attempts],
    );
    return 'sent';
  }

  /** The row's new state and, unless it is dead, the next attempt's job: one transaction. */
  private async failed(row: ClaimedRow, error: DeliveryError): Promise<AttemptResult> {
    const next = afterFailure(row.attempts, error.permanent, this.policy);
    const message = error.message.slice(0, 500);
    this.logger.warn({
      msg: 'notice not delivered',
      outboxId: row.id,
      kind: row.kind,
      channel: row.channel,
      recipient: row.recipient,
      attempt: row.attempts,
      error: message,
      next: next.status,
    });
    await this.dataSource.transaction(async (em) => {
      const [rows] = await em.query(
        `update notification_outbox set status = $3, last_attempt_at = now(), last_error = $4,
           next_attempt_at = now() + $5 * interval '1 millisecond'
         where id = $1 and attempts = $2 returning next_attempt_at`,
        [row.id, row.attempts, next.status, message, next.status === 'failed' ? next.delayMs : 0],
      );
      const updated = (rows as { next_attempt_at: Date }[])[0];
      if (updated && next.status === 'failed') await this.queue.enqueue(em, [{ outboxId: row.id, startAfter: updated.next_attempt_at }]);
    });
    return next.status;
  }

  /**
   * The safety net under the jobs: rows still to deliver that are long past due (their job lost,
   * or its retries spent while its worker kept dying) get a new job. Claimed with SKIP LOCKED so
   * that instances sweeping at once share the rows; a duplicate job finds its row not due.
   */
  async sweep(graceMs = SWEEP_GRACE_MS): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      // Its last attempt's worker died after the claim: no attempt is left to it.
      await em.query(
        `update notification_outbox set status = 'dead', last_attempt_at = now(), last_error = coalesce(last_error, 'worker lost during the last attempt')
         where status in ('pending', 'failed') and attempts >= $1 and next_attempt_at < now()`,
        [this.policy.maxAttempts],
      );
      const rows: { id: string }[] = await em.query(
        `select id from notification_outbox
         where status in ('pending', 'failed') and next_attempt_at < now() - $1 * interval '1 millisecond'
         order by next_attempt_at limit 500 for update skip locked`,
        [graceMs],
      );
      if (rows.length === 0) return 0;
      await em.query('update notification_outbox set next_attempt_at = now() where id = any($1)', [rows.map((r) => r.id)]);
      await this.queue.enqueue(
        em,
        rows.map((r) => ({ outboxId: r.id })),
      );
      return rows.length;
    });
  }
}
