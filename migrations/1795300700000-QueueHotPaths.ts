import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the queue's hot paths, so that their cost follows what they return, not the hall's
 * history or its whole backlog:
 * - a call reads only the first tickets of each lane (category × priority class) in FIFO order,
 *   and those transferred to its window, in the order the queue rule compares them;
 * - the live board reads the active tickets of a hall without touching the finished ones.
 */
export class QueueHotPaths1795300700000 implements MigrationInterface {
  name = 'QueueHotPaths1795300700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index ix_tickets_lane on tickets (hall_id, category_id, priority, enqueued_at, issued_at, seq, id)
                   where status = 'waiting' and target_window_id is null`);
    await q.query(
      `create index ix_tickets_targeted on tickets (target_window_id, enqueued_at, issued_at, seq, id) where status = 'waiting'`,
    );
    await q.query(`create index ix_tickets_active on tickets (hall_id) where status in ('waiting', 'called', 'serving', 'held')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop index ix_tickets_active');
    await q.query('drop index ix_tickets_targeted');
    await q.query('drop index ix_tickets_lane');
  }
}
