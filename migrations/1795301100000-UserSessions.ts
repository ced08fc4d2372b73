import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['users', 'user_halls'];

/**
 * Staff tokens are checked against the account as it is now. Each instance caches accounts like the
 * other settings, so a change to users or user_halls moves settings_revision; and a token carries
 * the account's session generation, moved when its sessions must end (deactivated, password reset).
 */
export class UserSessions1795301100000 implements MigrationInterface {
  name = 'UserSessions1795301100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table users add column session_generation integer not null default 0
      constraint ck_users_session_generation check (session_generation >= 0)`);
    for (const table of TABLES) {
      await q.query(`create trigger tg_${table}_settings_revision after insert or update or delete or truncate on ${table}
        for each statement execute function bump_settings_revision()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`drop trigger tg_${table}_settings_revision on ${table}`);
    await q.query(`alter table users drop column session_generation`);
  }
}
