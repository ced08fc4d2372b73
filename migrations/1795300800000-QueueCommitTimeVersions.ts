import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Takes the hall-wide hot rows out of the body of a window's move (call, start, finish…):
 *
 * - A move's ticket event is inserted without a hall version; a deferred constraint trigger gives
 *   it the hall's next version at COMMIT. The hall's version row is then locked only while the
 *   transaction commits, no longer from the event insert until the app has read its answer and
 *   sent COMMIT: with 50 windows that gap, stretched by the app's event loop, queued every move of
 *   the hall behind the version row. Versions still follow commit order (the row stays locked
 *   until the commit is durable). Issues keep taking their versions in their insert (one batch of
 *   many tickets takes them in one statement).
 * - stats_queue_category_days goes: every call and finish added to its hall × day × category row,
 *   a second hall-wide lock held to commit. The same sums come from stats_queue_days, whose rows
 *   are per window and clerk, which only that window's moves write.
 */
export class QueueCommitTimeVersions1795300800000 implements MigrationInterface {
  name = 'QueueCommitTimeVersions1795300800000';

  async up(q: QueryRunner): Promise<void> {
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
    // The append-only guard lets exactly this through: a missing version filled once.
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

    await q.query(`drop table stats_queue_category_days`);
  }

  async down(q: QueryRunner): Promise<void> {
    const histogram = (prefix: 'w' | 's') =>
      Array.from({ length: 49 }, (_, i) => `${prefix}${String(i).padStart(2, '0')} integer not null default 0`);
    await q.query(`
      create table stats_queue_category_days (
        hall_id uuid not null constraint fk_stats_queue_category_days_hall references halls(id) on delete cascade,
        local_date date not null,
        category_id uuid not null,
        called integer not null default 0, served integer not null default 0, no_show integer not null default 0,
        cancelled integer not null default 0, wait_ms bigint not null default 0, service_ms bigint not null default 0,
        ${[...histogram('w'), ...histogram('s')].join(', ')},
        constraint uq_stats_queue_category_days unique nulls not distinct (hall_id, local_date, category_id)
      )`);
    await q.query(`
      insert into stats_queue_category_days
      select hall_id, local_date, category_id, sum(called), sum(served), sum(no_show), sum(cancelled), sum(wait_ms), sum(service_ms),
             ${[...histogram('w'), ...histogram('s')].map((c) => `sum(${c.split(' ')[0]})`).join(', ')}
        from stats_queue_days group by hall_id, local_date, category_id`);
    await q.query(`drop trigger tg_ticket_events_version on ticket_events`);
    await q.query(`drop trigger tg_ticket_events_version_only on ticket_events`);
    await q.query(`drop trigger tg_ticket_events_append_only on ticket_events`);
    await q.query(`create trigger tg_ticket_events_append_only before update or delete on ticket_events
      for each row execute function forbid_queue_history_change()`);
    await q.query(`drop function assign_ticket_event_version()`);
    await q.query(`alter table ticket_events alter column hall_version set not null`);
  }
}
