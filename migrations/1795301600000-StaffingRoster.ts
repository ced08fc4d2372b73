import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staffing planner's roster: the windows a manager plans to open per hall, local date, hour
 * and category. A missing row means the default (the hall's active windows serving the category).
 */
export class StaffingRoster1795301600000 implements MigrationInterface {
  name = 'StaffingRoster1795301600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table staffing_roster (
        hall_id uuid not null constraint fk_staffing_roster_hall references halls(id) on delete cascade,
        local_date date not null,
        hour smallint not null constraint ck_staffing_roster_hour check (hour between 0 and 23),
        category_id uuid not null constraint fk_staffing_roster_category references window_categories(id) on delete cascade,
        windows smallint not null constraint ck_staffing_roster_windows check (windows >= 0),
        updated_by uuid constraint fk_staffing_roster_updated_by references users(id) on delete set null,
        updated_at timestamptz not null default now(),
        constraint pk_staffing_roster primary key (hall_id, local_date, hour, category_id)
      )`);
    await q.query(`create index ix_staffing_roster_category on staffing_roster (category_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table staffing_roster`);
  }
}
