import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 承办 → 审核 → 批准 exist so that different people decide: per item, whether one approver may
 * pass more than one step of a case. On by default, for the items already there too.
 */
export class ItemDistinctApprovers1795301200100 implements MigrationInterface {
  name = 'ItemDistinctApprovers1795301200100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table service_items add column distinct_approvers boolean not null default true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table service_items drop column distinct_approvers`);
  }
}
