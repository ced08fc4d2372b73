import { MigrationInterface, QueryRunner } from 'typeorm';

/** An applicant's phone is kept only when they give one (it is what SMS notices go to). */
export class OptionalContactPhone1795301800001 implements MigrationInterface {
  name = 'OptionalContactPhone1795301800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table cases alter column contact_phone drop not null');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`update cases set contact_phone = '' where contact_phone is null`);
    await q.query('alter table cases alter column contact_phone set not null');
  }
}
