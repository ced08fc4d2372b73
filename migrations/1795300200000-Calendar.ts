import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar: the national holiday schedule by year, per-hall overrides, and one
 * revision counter that every change to them (or to a hall's clock settings) bumps in the same
 * transaction, so that each server instance can tell cheaply whether its cached calendars are stale.
 */
export class Calendar1795300200000 implements MigrationInterface {
  name = 'Calendar1795300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table calendar_years (
        year integer constraint pk_calendar_years primary key
          constraint ck_calendar_years_year check (year between 2000 and 2100),
        source text not null constraint ck_calendar_years_source check (length(source) between 1 and 100),
        loaded_at timestamptz not null default now(),
        loaded_by uuid constraint fk_calendar_years_loaded_by references users(id) on delete set null
      )`);

    // The year column ties every day to a loaded year: a day cannot exist without its schedule,
    // and replacing a year can never leave days of the old schedule behind.
    await q.query(`
      create table calendar_days (
        date date constraint pk_calendar_days primary key,
        year integer generated always as (extract(year from date)::integer) stored not null
          constraint fk_calendar_days_year references calendar_years(year) on delete cascade,
        kind text not null constraint ck_calendar_days_kind check (kind in ('holiday', 'makeup_workday')),
        name text not null constraint ck_calendar_days_name check (length(name) between 1 and 50),
        constraint ck_calendar_days_makeup_weekend check (kind <> 'makeup_workday' or extract(isodow from date) in (6, 7))
      )`);
    await q.query(`create index ix_calendar_days_year on calendar_days (year)`);

    await q.query(`
      create table hall_calendar_overrides (
        id uuid constraint pk_hall_calendar_overrides primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_hall_calendar_overrides_hall references halls(id) on delete cascade,
        date date not null constraint ck_hall_calendar_overrides_date check (extract(year from date) between 2000 and 2100),
        kind text not null constraint ck_hall_calendar_overrides_kind check (kind in ('closed', 'open')),
        name text constraint ck_hall_calendar_overrides_name check (name is null or length(name) between 1 and 50),
        hours jsonb,
        created_at timestamptz not null default now(),
        created_by uuid constraint fk_hall_calendar_overrides_created_by references users(id) on delete set null,
        constraint uq_hall_calendar_overrides_hall_date unique (hall_id, date),
        constraint ck_hall_calendar_overrides_hours check (
          hours is null or (kind = 'open' and jsonb_typeof(hours) = 'array' and jsonb_array_length(hours) > 0))
      )`);

    await q.query(`
      create table calendar_revision (
        id boolean constraint pk_calendar_revision primary key default true constraint ck_calendar_revision_single check (id),
        revision bigint not null default 0,
        changed_at timestamptz not null default now()
      )`);
    await q.query(`insert into calendar_revision default values`);

    // Triggers rather than calls in the services: no writer (the halls service, a script, psql)
    // can change what a deadline depends on without the caches of every instance noticing.
    await q.query(`
      create function calendar_bump_revision() returns trigger language plpgsql as $$
      begin
        update calendar_revision set revision = revision + 1, changed_at = now();
        return null;
      end $$`);
    for (const table of ['calendar_years', 'calendar_days', 'hall_calendar_overrides']) {
      await q.query(`create trigger tg_${table}_revision after insert or update or delete or truncate on ${table}
        for each statement execute function calendar_bump_revision()`);
    }
    await q.query(`
      create trigger tg_halls_clock_revision after update on halls for each row
        when (old.timezone is distinct from new.timezone
          or old.working_hours is distinct from new.working_hours
          or old.clock_starts_same_day is distinct from new.clock_starts_same_day
          or old.warning_yellow_ratio is distinct from new.warning_yellow_ratio
          or old.warning_yellow_min_working_days is distinct from new.warning_yellow_min_working_days)
        execute function calendar_bump_revision()`);
    await q.query(`create trigger tg_halls_delete_revision after delete on halls
      for each statement execute function calendar_bump_revision()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger if exists tg_halls_delete_revision on halls`);
    await q.query(`drop trigger if exists tg_halls_clock_revision on halls`);
    for (const table of ['calendar_revision', 'hall_calendar_overrides', 'calendar_days', 'calendar_years']) {
      await q.query(`drop table if exists ${table}`);
    }
    await q.query(`drop function if exists calendar_bump_revision()`);
  }
}
