import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 实名取号 against ticket touts (号贩子): a category may require the applicant's resident ID to take
 * a ticket at the kiosk or by phone and to book its items. Tickets and appointments keep only the
 * keyed fingerprint of the number (person_index), never the number: one active ticket per person
 * and category (a unique index backs the check), a daily limit per person.
 */
export class RealNameQueue1795301410000 implements MigrationInterface {
  name = 'RealNameQueue1795301410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table window_categories
        add column real_name boolean not null default false,
        add column person_daily_limit integer not null default 2
          constraint ck_window_categories_person_daily_limit check (person_daily_limit between 1 and 50)`);
    await q.query(`alter table tickets add column person_index text`);
    await q.query(`create unique index uq_tickets_person_active on tickets (issue_category_id, person_index)
      where person_index is not null and status in ('waiting', 'called', 'serving', 'held')`);
    await q.query(
      `create index ix_tickets_person_day on tickets (person_index, issue_category_id, local_date) where person_index is not null`,
    );
    await q.query(`alter table appointments add column person_index text`);
    await q.query(`create index ix_appointments_person_day on appointments (person_index, item_id, local_date)
      where person_index is not null and status <> 'cancelled'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table appointments drop column person_index`);
    await q.query(`alter table tickets drop column person_index`);
    await q.query(`alter table window_categories drop column real_name, drop column person_daily_limit`);
  }
}
