import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marks the halls that exist to be shown rather than run: only such a hall may be driven by the
 * simulator, and a server whose clock is the demo clock serves no other (see src/simulation).
 */
export class DemoHallMark1795301700000 implements MigrationInterface {
  name = 'DemoHallMark1795301700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table halls add column is_demo boolean not null default false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table halls drop column is_demo`);
  }
}
