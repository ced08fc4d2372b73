import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 网上申办: a case may arrive online (cases.channel), with no clerk until one pre-examines it and
 * no visit yet (visits may be 0: 零跑腿); an item may be 全程网办 (service_items.fully_online);
 * a staged upload belongs either to a clerk or to a citizen's application draft (draft_token).
 */
export class OnlineApplications1795301900000 implements MigrationInterface {
  name = 'OnlineApplications1795301900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table cases
        add column channel text not null default 'window' constraint ck_cases_channel check (channel in ('window', 'online')),
        alter column clerk_id drop not null,
        drop constraint ck_cases_visits,
        add constraint ck_cases_visits check (visits >= 0),
        add constraint ck_cases_clerk check (clerk_id is not null or channel = 'online')`);
    // The applicant's own moves online (补正 resubmitted, files re-uploaded) are recorded as theirs.
    await q.query(`
      alter table case_events drop constraint ck_case_events_role,
        add constraint ck_case_events_role check (actor_role in ('clerk', 'approver', 'manager', 'system', 'applicant')),
        drop constraint ck_case_events_actor,
        add constraint ck_case_events_actor check (actor_role in ('system', 'applicant') or actor_id is not null)`);
    await q.query(`create index ix_cases_online_waiting on cases (hall_id, received_at) where channel = 'online' and status = 'received'`);
    await q.query(`alter table service_items add column fully_online boolean not null default false`);
    await q.query(`
      alter table staged_files
        alter column uploaded_by drop not null,
        add column draft_token uuid,
        add constraint ck_staged_files_owner check (num_nonnulls(uploaded_by, draft_token) = 1)`);
    await q.query(`create index ix_staged_files_draft on staged_files (draft_token) where draft_token is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from staged_files where draft_token is not null`);
    await q.query(`drop index ix_staged_files_draft`);
    await q.query(
      `alter table staged_files drop constraint ck_staged_files_owner, drop column draft_token, alter column uploaded_by set not null`,
    );
    await q.query(`alter table service_items drop column fully_online`);
    await q.query(`drop index ix_cases_online_waiting`);
    // History is immutable (a trigger refuses changes): the applicant's past events stay, unchecked.
    await q.query(`
      alter table case_events drop constraint ck_case_events_role,
        add constraint ck_case_events_role check (actor_role in ('clerk', 'approver', 'manager', 'system')) not valid,
        drop constraint ck_case_events_actor,
        add constraint ck_case_events_actor check (actor_role = 'system' or actor_id is not null) not valid`);
    await q.query(`
      alter table cases
        drop constraint ck_cases_clerk,
        drop constraint ck_cases_visits,
        add constraint ck_cases_visits check (visits > 0),
        drop column channel,
        alter column clerk_id set not null`);
  }
}
