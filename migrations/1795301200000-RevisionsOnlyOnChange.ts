import { MigrationInterface, QueryRunner } from 'typeorm';

/** The statement triggers that move calendar_revision and settings_revision, by table. */
const CALENDAR_TABLES = ['calendar_years', 'calendar_days', 'hall_calendar_overrides'];
const SETTINGS_TABLES = ['halls', 'window_categories', 'windows', 'window_served_categories', 'device_tokens', 'users', 'user_halls'];

function ifChanged(fn: string, revisionTable: string): string {
  // A row trigger (the halls clock's) fires for a changed row by definition; a statement trigger
  // looks into its transition table, which a TRUNCATE has none of.
  return `
    create function ${fn}() returns trigger language plpgsql as $$
    begin
      if tg_level = 'ROW' or tg_op = 'TRUNCATE' then
        update ${revisionTable} set revision = revision + 1, changed_at = now();
      elsif exists (select 1 from changed_rows) then
        update ${revisionTable} set revision = revision + 1, changed_at = now();
      end if;
      return null;
    end $$`;
}

/** One trigger per event: PostgreSQL gives transition tables only to a trigger of one event. */
async function perEvent(
  q: QueryRunner,
  table: string,
  name: string,
  fn: string,
  events = ['insert', 'update', 'delete', 'truncate'],
): Promise<void> {
  for (const event of events) {
    const referencing =
      event === 'insert' || event === 'update'
        ? 'referencing new table as changed_rows'
        : event === 'delete'
          ? 'referencing old table as changed_rows'
          : '';
    await q.query(`create trigger ${name}_${event} after ${event} on ${table} ${referencing} for each statement execute function ${fn}()`);
  }
}

/**
 * The revision counters moved on every statement, also one that changed no row: a refused request
 * (a DELETE of an override that is not there, answered 404) wrote calendar_revision and made every
 * instance drop its caches. Now they move only when a row changed. The old functions stay for
 * triggers added beside these.
 */
export class RevisionsOnlyOnChange1795301200000 implements MigrationInterface {
  name = 'RevisionsOnlyOnChange1795301200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(ifChanged('calendar_bump_revision_if_changed', 'calendar_revision'));
    await q.query(ifChanged('bump_settings_revision_if_changed', 'settings_revision'));
    for (const table of CALENDAR_TABLES) {
      await q.query(`drop trigger tg_${table}_revision on ${table}`);
      await perEvent(q, table, `tg_${table}_revision`, 'calendar_bump_revision_if_changed');
    }
    await q.query(`drop trigger tg_halls_delete_revision on halls`);
    await perEvent(q, 'halls', 'tg_halls_delete_revision', 'calendar_bump_revision_if_changed', ['delete']);
    await q.query(`drop trigger tg_halls_clock_revision on halls`);
    await q.query(`
      create trigger tg_halls_clock_revision after update on halls for each row
        when (old.timezone is distinct from new.timezone
          or old.working_hours is distinct from new.working_hours
          or old.clock_starts_same_day is distinct from new.clock_starts_same_day
          or old.warning_yellow_ratio is distinct from new.warning_yellow_ratio
          or old.warning_yellow_min_working_days is distinct from new.warning_yellow_min_working_days)
        execute function calendar_bump_revision_if_changed()`);
    for (const table of SETTINGS_TABLES) {
      await q.query(`drop trigger tg_${table}_settings_revision on ${table}`);
      await perEvent(q, table, `tg_${table}_settings_revision`, 'bump_settings_revision_if_changed');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of SETTINGS_TABLES) {
      for (const event of ['insert', 'update', 'delete', 'truncate'])
        await q.query(`drop trigger tg_${table}_settings_revision_${event} on ${table}`);
      await q.query(`create trigger tg_${table}_settings_revision after insert or update or delete or truncate on ${table}
        for each statement execute function bump_settings_revision()`);
    }
    await q.query(`drop trigger tg_halls_clock_revision on halls`);
    await q.query(`
      create trigger tg_halls_clock_revision after update on halls for each row
        when (old.timezone is distinct from new.timezone
          or old.working_hours is distinct from new.working_hours
          or old.clock_starts_same_day is distinct from new.clock_starts_same_day
          or old.warning_yellow_ratio is distinct from new.warning_yellow_ratio
          or old.warning_yellow_min_working_days is distinct from new.warning_yellow_min_working_days)
        execute function calendar_bump_revision()`);
    await q.query(`drop trigger tg_halls_delete_revision_delete on halls`);
    await q.query(
      `create trigger tg_halls_delete_revision after delete on halls for each statement execute function calendar_bump_revision()`,
    );
    for (const table of CALENDAR_TABLES) {
      for (const event of ['insert', 'update', 'delete', 'truncate'])
        await q.query(`drop trigger tg_${table}_revision_${event} on ${table}`);
      await q.query(`create trigger tg_${table}_revision after insert or update or delete or truncate on ${table}
        for each statement execute function calendar_bump_revision()`);
    }
    await q.query(`drop function bump_settings_revision_if_changed()`);
    await q.query(`drop function calendar_bump_revision_if_changed()`);
  }
}
