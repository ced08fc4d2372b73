import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored first results of requests sent with an Idempotency-Key, so a replay changes nothing. */
export class IdempotencyKeys1795300300000 implements MigrationInterface {
  name = 'IdempotencyKeys1795300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table idempotency_keys (
        principal_id text not null,
        key text not null,
        request_hash text not null,
        state text not null default 'pending' constraint ck_idempotency_keys_state check (state in ('pending', 'done')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz not null default now(),
        completed_at timestamptz,
        constraint pk_idempotency_keys primary key (principal_id, key)
      )`);
    await q.query(`create index ix_idempotency_keys_created on idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists idempotency_keys`);
  }
}
