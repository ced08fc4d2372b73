import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices to the applicant, written in the same transaction as the change they tell of and sent
 * by the delivery worker (src/notifications). One row per notice and channel; the unique index on
 * (subject, kind, channel, occurrence) makes a retried transaction or a repeated event write it
 * once. The recipient is a reference (the live page's room, or the masked phone): the phone itself
 * stays on the case and is read when the SMS goes out.
 *
 * No foreign key to tickets: "three ahead" rows are written by a move batch after it took the
 * hall's version lock, and the key check's share lock on a ticket that another instance's batch
 * holds for update (waiting for that version lock) deadlocked the two. Tickets are never deleted.
 */
export class NotificationOutbox1795301800000 implements MigrationInterface {
  name = 'NotificationOutbox1795301800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table notification_outbox (
      id uuid not null default gen_random_uuid(),
      hall_id uuid not null,
      kind text not null,
      case_id uuid,
      ticket_id uuid,
      channel text not null,
      recipient text not null,
      template_key text not null,
      params jsonb not null,
      occurrence integer not null,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_attempt_at timestamptz,
      last_error text,
      created_at timestamptz not null,
      sent_at timestamptz,
      constraint pk_notification_outbox primary key (id),
      constraint fk_notification_outbox_hall foreign key (hall_id) references halls (id),
      constraint fk_notification_outbox_case foreign key (case_id) references cases (id),
      constraint ck_notification_outbox_subject check (num_nonnulls(case_id, ticket_id) = 1),
      constraint ck_notification_outbox_channel check (channel in ('page', 'sms')),
      constraint ck_notification_outbox_status check (status in ('pending', 'sent', 'failed', 'dead')),
      constraint ck_notification_outbox_attempts check (attempts >= 0),
      constraint ck_notification_outbox_occurrence check (occurrence >= 1),
      constraint ck_notification_outbox_sent check ((status = 'sent') = (sent_at is not null))
    )`);
    await q.query(`create unique index uq_notification_outbox_occurrence
      on notification_outbox (coalesce(case_id, ticket_id), kind, channel, occurrence)`);
    // The sweep's safety net looks only at rows still to deliver.
    await q.query(`create index ix_notification_outbox_due on notification_outbox (next_attempt_at) where status in ('pending', 'failed')`);
    // The measures: delivered and dead notices of a hall by the time they were settled.
    await q.query(`create index ix_notification_outbox_hall_settled on notification_outbox (hall_id, last_attempt_at)
      include (channel, status) where status in ('sent', 'dead')`);
    await q.query('create index ix_notification_outbox_case on notification_outbox (case_id) where case_id is not null');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table notification_outbox');
  }
}
