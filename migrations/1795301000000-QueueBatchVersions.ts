import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A window's moves take their hall versions in the statement that writes them, as issues and window
 * status changes do, instead of from a deferred trigger at COMMIT (QueueCommitTimeVersions).
 *
 * That trigger was for moves that each ran in a transaction of their own: fifty windows held the
 * version row from their event insert to their COMMIT, one behind the other. Moves now go in batches
 * per hall, one batch at a time on an instance, so the row is held by one batch for its last two
 * statements and its COMMIT. The trigger cost a move ~0.1 ms of PostgreSQL's time at COMMIT (an
 * upsert of the version row and an update of the event per row, and with that update a second check
 * of the event's foreign key), about a sixth of PostgreSQL's share of a move (bench/README.md).
 * Every event has its version again when it is written, so the column is NOT NULL again and the
 * history is append-only without the one exception the trigger needed.
 */
export class QueueBatchVersions1795301000000 implements MigrationInterface {
  name = 'QueueBatchVersions1795301000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger tg_ticket_events_version on ticket_events`);
    await q.query(`drop function assign_ticket_event_version()`);
    await q.query(`drop trigger tg_ticket_events_version_only on ticket_events`);
    await q.query(`drop trigger tg_ticket_events_append_only on ticket_events`);
    await q.query(`create trigger tg_ticket_events_append_only before update or delete on ticket_events
      for each row execute function forbid_queue_history_change()`);
    await q.query(`alter table ticket_events alter column hall_version set not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table ticket_events alter column hall_version drop not null`);
    await q.query(`
      create function assign_ticket_event_version() returns trigger language plpgsql as $$
      declare
        v bigint;
      begin
        insert into queue_hall_versions as hv (hall_id, version) values (new.hall_id, 1)
          on conflict (hall_id) do update set version = hv.version + 1
          returning version into v;
        update ticket_events set hall_version = v where id = new.id;
        return null;
      end $$`);
    await q.query(`drop trigger tg_ticket_events_append_only on ticket_events`);
    await q.query(`create trigger tg_ticket_events_append_only before delete on ticket_events
      for each row execute function forbid_queue_history_change()`);
    await q.query(`create trigger tg_ticket_events_version_only before update on ticket_events
      for each row when (not (old.hall_version is null and new.hall_version is not null
        and (to_jsonb(old) - 'hall_version') = (to_jsonb(new) - 'hall_version')))
      execute function forbid_queue_history_change()`);
    await q.query(`create constraint trigger tg_ticket_events_version after insert on ticket_events
      deferrable initially deferred for each row when (new.hall_version is null)
      execute function assign_ticket_event_version()`);
  }
}
