import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 三员分立 and the audit trail of staff actions. Two more staff roles: the security administrator
 * (accounts and roles) and the audit administrator (reads this trail). `audit_log` is append-only in
 * the database and each record carries SM3(previous hash ‖ record); `audit_chain_head` is the one
 * row every writer locks to append, so that writers on several instances make one unbroken chain.
 */
export class AuditTrail1795301350000 implements MigrationInterface {
  name = 'AuditTrail1795301350000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table users drop constraint ck_users_role`);
    await q.query(`alter table users add constraint ck_users_role
      check (role in ('clerk', 'approver', 'manager', 'admin', 'security_admin', 'audit_admin'))`);

    await q.query(`
      create table audit_log (
        id bigint constraint pk_audit_log primary key,
        at timestamptz not null,
        actor_kind text not null constraint ck_audit_log_actor_kind check (actor_kind in ('user', 'device', 'anonymous', 'system')),
        actor_id uuid,
        actor_username text,
        actor_role text,
        client_address text,
        request_id text,
        action text not null,
        target_type text,
        target_id text,
        detail jsonb not null default '{}',
        result text not null constraint ck_audit_log_result check (result in ('success', 'denied', 'failed')),
        prev_hash text not null,
        hash text not null,
        constraint ck_audit_log_id check (id > 0)
      )`);
    await q.query(`create index ix_audit_log_at on audit_log (at)`);
    await q.query(`create index ix_audit_log_actor on audit_log (actor_username, at)`);
    await q.query(`create index ix_audit_log_action on audit_log (action, at)`);

    await q.query(`
      create table audit_chain_head (
        singleton boolean constraint pk_audit_chain_head primary key default true constraint ck_audit_chain_head_singleton check (singleton),
        last_id bigint not null,
        last_hash text not null
      )`);
    await q.query(`insert into audit_chain_head (last_id, last_hash) values (0, repeat('0', 64))`);

    // As case_events: the database itself refuses to change or remove a record, whoever asks.
    await q.query(`
      create function forbid_audit_log_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`);
    await q.query(`create trigger tg_audit_log_append_only before update or delete on audit_log
      for each row execute function forbid_audit_log_change()`);
    await q.query(`create trigger tg_audit_log_no_truncate before truncate on audit_log
      for each statement execute function forbid_audit_log_change()`);
    await q.query(`revoke update, delete, truncate on audit_log from public`);
    // The head only moves forward: one more record, never back or sideways.
    await q.query(`
      create function forbid_audit_head_rewind() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          if new.last_id = old.last_id + 1 then
            return new;
          end if;
        end if;
        raise exception 'audit_chain_head only moves one record forward: % refused', tg_op using errcode = 'restrict_violation';
      end $$`);
    await q.query(`create trigger tg_audit_chain_head_forward before update or delete on audit_chain_head
      for each row execute function forbid_audit_head_rewind()`);
    await q.query(`create trigger tg_audit_chain_head_no_truncate before truncate on audit_chain_head
      for each statement execute function forbid_audit_head_rewind()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table audit_chain_head`);
    await q.query(`drop function forbid_audit_head_rewind()`);
    await q.query(`drop table audit_log`);
    await q.query(`drop function forbid_audit_log_change()`);
    // The old check knows neither role: such accounts become switched-off clerks, the least they could be.
    await q.query(`update users set role = 'clerk', active = false where role in ('security_admin', 'audit_admin')`);
    await q.query(`alter table users drop constraint ck_users_role`);
    await q.query(`alter table users add constraint ck_users_role check (role in ('clerk','approver','manager','admin'))`);
  }
}
