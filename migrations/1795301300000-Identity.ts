import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity controls: login attempts reserved per (username, source address) and per username in
 * one statement each; staff sessions that a logout or the idle timeout ends on every instance;
 * password change on first use and its age; TOTP second factor with single-use recovery codes and
 * short-lived login challenges.
 */
export class Identity1795301300000 implements MigrationInterface {
  name = 'Identity1795301300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop table login_throttle`);
    await q.query(`
      create table login_attempts (
        username text not null,
        source text not null,
        attempts integer not null default 0 constraint ck_login_attempts_attempts check (attempts >= 0),
        blocked_until timestamptz,
        last_attempt_at timestamptz not null default now(),
        last_success_at timestamptz,
        constraint pk_login_attempts primary key (username, source)
      )`);
    await q.query(`comment on column login_attempts.source is 'client address, or * for the row that counts every source of the username'`);

    await q.query(`alter table users
      add column must_change_password boolean not null default false,
      add column password_changed_at timestamptz not null default now()`);

    await q.query(`
      create table staff_sessions (
        id uuid constraint pk_staff_sessions primary key default gen_random_uuid(),
        user_id uuid not null constraint fk_staff_sessions_user references users(id) on delete cascade,
        source text,
        restriction text constraint ck_staff_sessions_restriction check (restriction in ('password-change', 'totp-enrol')),
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        ended_at timestamptz,
        end_reason text constraint ck_staff_sessions_end_reason check (end_reason in ('logout', 'idle', 'password-changed', 'account-changed', 'step-done')),
        constraint ck_staff_sessions_ended check ((ended_at is null) = (end_reason is null))
      )`);
    await q.query(`create index ix_staff_sessions_user_open on staff_sessions (user_id) where ended_at is null`);
    // Ending a session is rare and must reach every instance's session cache and sockets within the
    // settings check interval; the frequent last-seen updates do not name ended_at and bump nothing.
    await q.query(`create trigger tg_staff_sessions_ended after update of ended_at on staff_sessions
      for each statement execute function bump_settings_revision()`);

    await q.query(`
      create table login_challenges (
        token_hash text constraint pk_login_challenges primary key,
        user_id uuid not null constraint fk_login_challenges_user references users(id) on delete cascade,
        source text,
        attempts integer not null default 0,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz
      )`);
    await q.query(`create index ix_login_challenges_expires on login_challenges (expires_at)`);

    await q.query(`
      create table staff_totp (
        user_id uuid constraint pk_staff_totp primary key constraint fk_staff_totp_user references users(id) on delete cascade,
        secret_enc text not null,
        enabled_at timestamptz,
        last_step bigint,
        created_at timestamptz not null default now()
      )`);
    await q.query(`
      create table totp_recovery_codes (
        id uuid constraint pk_totp_recovery_codes primary key default gen_random_uuid(),
        user_id uuid not null constraint fk_totp_recovery_codes_user references users(id) on delete cascade,
        code_hash text not null,
        created_at timestamptz not null default now(),
        used_at timestamptz
      )`);
    await q.query(`create index ix_totp_recovery_codes_user on totp_recovery_codes (user_id) where used_at is null`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['totp_recovery_codes', 'staff_totp', 'login_challenges', 'staff_sessions', 'login_attempts'])
      await q.query(`drop table ${table}`);
    await q.query(`alter table users drop column must_change_password, drop column password_changed_at`);
    await q.query(`
      create table login_throttle (
        username text constraint pk_login_throttle primary key,
        failures integer not null default 0,
        last_failure_at timestamptz not null default now(),
        blocked_until timestamptz
      )`);
  }
}
