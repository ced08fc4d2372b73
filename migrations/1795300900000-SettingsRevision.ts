import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['halls', 'window_categories', 'windows', 'window_served_categories', 'device_tokens'];

/**
 * One counter that every change to the cached settings tables moves, in the writing transaction,
 * so that each instance can tell within a second that its caches are stale (SettingsRevision).
 */
export class SettingsRevision1795300900000 implements MigrationInterface {
  name = 'SettingsRevision1795300900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table settings_revision (
        id boolean constraint pk_settings_revision primary key default true constraint ck_settings_revision_single check (id),
        revision bigint not null default 0,
        changed_at timestamptz not null default now()
      )`);
    await q.query(`insert into settings_revision default values`);
    await q.query(`
      create function bump_settings_revision() returns trigger language plpgsql as $$
      begin
        update settings_revision set revision = revision + 1, changed_at = now();
        return null;
      end $$`);
    for (const table of TABLES) {
      await q.query(`create trigger tg_${table}_settings_revision after insert or update or delete or truncate on ${table}
        for each statement execute function bump_settings_revision()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`drop trigger tg_${table}_settings_revision on ${table}`);
    await q.query(`drop function bump_settings_revision()`);
    await q.query(`drop table settings_revision`);
  }
}
