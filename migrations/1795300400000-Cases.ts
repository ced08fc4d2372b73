import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `'received', 'correction_requested', 'accepted', 'in_review', 'suspended'`;
const STATUSES = `${OPEN}, 'not_accepted', 'reported', 'approved', 'denied', 'concluded', 'ready_for_pickup', 'picked_up', 'mailed',
  'delivered', 'withdrawn', 'aborted', 'returned'`;
const LIMIT_UNITS = `'working_days', 'natural_days', 'working_hours', 'minutes'`;

/**
 * Cases (办件): bundles (一件事) of cases, one case per item, with their append-only events,
 * 容缺 obligations, suspensions, extension requests, the per-hall daily case-number counters
 * and the 失信 list keyed by ID fingerprint.
 */
export class Cases1795300400000 implements MigrationInterface {
  name = 'Cases1795300400000';

  async up(q: QueryRunner): Promise<void> {
    // One row per hall and local day: the upsert that numbers a case locks it until commit, so
    // concurrent acceptances queue on it and a number is never issued twice.
    await q.query(`
      create table case_counters (
        hall_id uuid not null constraint fk_case_counters_hall references halls(id) on delete cascade,
        local_date date not null,
        last_seq integer not null constraint ck_case_counters_seq check (last_seq > 0),
        constraint pk_case_counters primary key (hall_id, local_date)
      )`);

    await q.query(`
      create table case_bundles (
        id uuid constraint pk_case_bundles primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_case_bundles_hall references halls(id) on delete restrict,
        name text not null constraint ck_case_bundles_name check (btrim(name) <> ''),
        ticket_id uuid constraint fk_case_bundles_ticket references tickets(id) on delete restrict,
        created_by uuid not null constraint fk_case_bundles_created_by references users(id) on delete restrict,
        created_at timestamptz not null,
        concluded_at timestamptz,
        constraint uq_case_bundles_id_hall unique (id, hall_id)
      )`);

    await q.query(`
      create table cases (
        id uuid constraint pk_cases primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_cases_hall references halls(id) on delete restrict,
        bundle_id uuid,
        item_id uuid not null,
        item_name text not null,
        -- The item's own department (实施主体) and the one whose work list holds the case now:
        -- they differ at the steps of a 联办件 that another department handles.
        item_department_id uuid not null,
        department_id uuid not null,
        case_type text not null constraint ck_cases_case_type check (case_type in ('instant', 'promised', 'reported', 'joint')),
        case_number text not null constraint uq_cases_number unique,
        query_code text not null,
        local_date date not null,
        status text not null constraint ck_cases_status check (status in (${STATUSES})),
        version integer not null default 1 constraint ck_cases_version check (version > 0),
        extended boolean not null default false,
        extension_working_days integer not null default 0 constraint ck_cases_extension check (extension_working_days >= 0),
        commitment boolean not null default false,
        revoked_at timestamptz,
        revocation_reason text,
        applicant_kind text not null constraint ck_cases_applicant_kind check (applicant_kind in ('person', 'organisation')),
        applicant_name text not null,
        applicant_id_number text not null,
        applicant_id_fingerprint text not null,
        contact_name text,
        contact_phone text not null,
        ticket_id uuid constraint fk_cases_ticket references tickets(id) on delete restrict,
        window_id uuid,
        clerk_id uuid not null constraint fk_cases_clerk references users(id) on delete restrict,
        materials jsonb not null,
        missing_materials text[] not null default '{}',
        refusal_reason text,
        delivery_method text not null constraint ck_cases_delivery check (delivery_method in ('window', 'express', 'electronic')),
        promised_limit_value integer not null,
        promised_limit_unit text not null constraint ck_cases_promised_unit check (promised_limit_unit in (${LIMIT_UNITS})),
        legal_limit_value integer,
        legal_limit_unit text constraint ck_cases_legal_unit check (legal_limit_unit in (${LIMIT_UNITS})),
        received_at timestamptz not null,
        accepted_at timestamptz,
        clock_start_at timestamptz,
        promised_due_at timestamptz,
        legal_due_at timestamptz,
        decided_at timestamptz,
        concluded_at timestamptz,
        closed_at timestamptz,
        steps jsonb not null,
        current_step integer not null default 0 constraint ck_cases_current_step check (current_step >= 0),
        assignee_id uuid constraint fk_cases_assignee references users(id) on delete restrict,
        warning_level text constraint ck_cases_warning_level check (warning_level in ('green', 'yellow', 'red', 'red_card')),
        -- When the warning level can next change; the sweep only touches rows whose time has come.
        next_warning_at timestamptz,
        decision text constraint ck_cases_decision check (decision in ('approved', 'denied')),
        decision_reason text,
        remedies text[],
        reported_to text,
        visits integer not null default 1 constraint ck_cases_visits check (visits > 0),
        pickup_code text constraint uq_cases_pickup_code unique,
        result_ready_at timestamptz,
        picked_up_at timestamptz,
        carrier text,
        tracking_number text,
        mailed_at timestamptz,
        delivered_at timestamptz,
        certificate_number text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint fk_cases_bundle foreign key (bundle_id, hall_id) references case_bundles(id, hall_id) on delete restrict,
        constraint fk_cases_item foreign key (item_id, hall_id) references service_items(id, hall_id) on delete restrict,
        constraint fk_cases_item_department foreign key (item_department_id, hall_id) references departments(id, hall_id) on delete restrict,
        constraint fk_cases_department foreign key (department_id, hall_id) references departments(id, hall_id) on delete restrict,
        constraint fk_cases_window foreign key (window_id, hall_id) references windows(id, hall_id) on delete restrict,
        constraint ck_cases_legal_limit check ((legal_limit_value is null) = (legal_limit_unit is null)),
        constraint ck_cases_accepted check (status in ('received', 'correction_requested', 'not_accepted', 'withdrawn', 'aborted')
          or (accepted_at is not null and promised_due_at is not null)),
        constraint ck_cases_refusal check (status <> 'not_accepted' or refusal_reason is not null),
        constraint ck_cases_decision_reason check (decision <> 'denied' or (decision_reason is not null and cardinality(remedies) > 0)),
        constraint ck_cases_pickup check (status not in ('ready_for_pickup', 'picked_up') or pickup_code is not null)
      )`);
    await q.query(
      `create index ix_cases_worklist on cases (hall_id, department_id, promised_due_at) where status in ('accepted', 'in_review', 'suspended')`,
    );
    await q.query(`create index ix_cases_next_warning on cases (next_warning_at) where next_warning_at is not null`);
    await q.query(`create index ix_cases_fingerprint on cases (applicant_id_fingerprint)`);
    await q.query(`create index ix_cases_ready on cases (hall_id, result_ready_at) where status = 'ready_for_pickup'`);
    await q.query(`create index ix_cases_bundle on cases (bundle_id) where bundle_id is not null`);
    await q.query(`create index ix_cases_hall_day on cases (hall_id, local_date)`);

    await q.query(`
      create table case_events (
        id bigint generated always as identity constraint pk_case_events primary key,
        case_id uuid not null constraint fk_case_events_case references cases(id) on delete restrict,
        hall_id uuid not null constraint fk_case_events_hall references halls(id) on delete restrict,
        case_version integer not null,
        move text not null,
        from_status text,
        to_status text not null,
        actor_id uuid,
        actor_role text not null constraint ck_case_events_role check (actor_role in ('clerk', 'approver', 'manager', 'system')),
        reason text,
        data jsonb not null default '{}',
        at timestamptz not null,
        constraint uq_case_events_version unique (case_id, case_version),
        constraint ck_case_events_actor check (actor_role = 'system' or actor_id is not null)
      )`);
    await q.query(`create index ix_case_events_hall_at on case_events (hall_id, at)`);

    // The audit trail: the database itself refuses to change or remove a row, whoever asks.
    await q.query(`
      create function forbid_case_history_change() returns trigger language plpgsql as $$
      begin
        raise exception 'case_events is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`);
    await q.query(`create trigger tg_case_events_append_only before update or delete on case_events
      for each row execute function forbid_case_history_change()`);
    await q.query(`create trigger tg_case_events_no_truncate before truncate on case_events
      for each statement execute function forbid_case_history_change()`);
    await q.query(`revoke update, delete, truncate on case_events from public`);

    await q.query(`
      create table case_obligations (
        id uuid constraint pk_case_obligations primary key default gen_random_uuid(),
        case_id uuid not null constraint fk_case_obligations_case references cases(id) on delete restrict,
        material text not null,
        due_at timestamptz not null,
        status text not null default 'open' constraint ck_case_obligations_status check (status in ('open', 'fulfilled', 'lapsed', 'void')),
        fulfilled_at timestamptz,
        fulfilled_by uuid constraint fk_case_obligations_fulfilled_by references users(id) on delete restrict,
        constraint uq_case_obligations_material unique (case_id, material),
        constraint ck_case_obligations_fulfilled check ((status = 'fulfilled') = (fulfilled_at is not null))
      )`);
    await q.query(`create index ix_case_obligations_due on case_obligations (due_at) where status = 'open'`);

    await q.query(`
      create table case_suspensions (
        id uuid constraint pk_case_suspensions primary key default gen_random_uuid(),
        case_id uuid not null constraint fk_case_suspensions_case references cases(id) on delete restrict,
        kind text not null constraint ck_case_suspensions_kind check (kind in ('correction', 'special_procedure')),
        procedure text,
        reason text not null,
        expected_working_days integer not null constraint ck_case_suspensions_expected check (expected_working_days > 0),
        from_at timestamptz not null,
        to_at timestamptz,
        started_by uuid not null constraint fk_case_suspensions_started_by references users(id) on delete restrict,
        ended_by uuid constraint fk_case_suspensions_ended_by references users(id) on delete restrict,
        constraint ck_case_suspensions_procedure check ((kind = 'special_procedure') = (procedure is not null)),
        constraint ck_case_suspensions_order check (to_at is null or to_at >= from_at)
      )`);
    await q.query(`create unique index uq_case_suspensions_open on case_suspensions (case_id) where to_at is null`);
    await q.query(`create index ix_case_suspensions_case on case_suspensions (case_id, from_at)`);

    await q.query(`
      create table case_extension_requests (
        id uuid constraint pk_case_extension_requests primary key default gen_random_uuid(),
        case_id uuid not null constraint fk_case_extension_requests_case references cases(id) on delete restrict,
        working_days integer not null constraint ck_case_extension_requests_days check (working_days > 0),
        reason text not null,
        requested_by uuid not null constraint fk_case_extension_requests_by references users(id) on delete restrict,
        requested_at timestamptz not null,
        status text not null default 'pending' constraint ck_case_extension_requests_status check (status in ('pending', 'approved', 'rejected')),
        decided_by uuid constraint fk_case_extension_requests_decided_by references users(id) on delete restrict,
        decided_at timestamptz,
        decision_reason text
      )`);
    await q.query(`create unique index uq_case_extension_requests_pending on case_extension_requests (case_id) where status = 'pending'`);

    await q.query(`
      create table dishonest_applicants (
        id_fingerprint text constraint pk_dishonest_applicants primary key,
        case_id uuid not null constraint fk_dishonest_applicants_case references cases(id) on delete restrict,
        reason text not null,
        recorded_by uuid not null constraint fk_dishonest_applicants_by references users(id) on delete restrict,
        recorded_at timestamptz not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'dishonest_applicants',
      'case_extension_requests',
      'case_suspensions',
      'case_obligations',
      'case_events',
      'cases',
      'case_bundles',
      'case_counters',
    ]) {
      await q.query(`drop table if exists ${table}`);
    }
    await q.query(`drop function if exists forbid_case_history_change()`);
  }
}
