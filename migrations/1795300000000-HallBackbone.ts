import { MigrationInterface, QueryRunner } from 'typeorm';

/** Halls, departments, window categories, windows, the service catalogue, staff and device tokens. */
export class HallBackbone1795300000000 implements MigrationInterface {
  name = 'HallBackbone1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists pgcrypto`);

    await q.query(`
      create table app_settings (
        key text constraint pk_app_settings primary key,
        value text not null,
        created_at timestamptz not null default now()
      )`);

    await q.query(`
      create table halls (
        id uuid constraint pk_halls primary key default gen_random_uuid(),
        code text not null constraint uq_halls_code unique,
        name text not null,
        address text,
        timezone text not null default 'Asia/Shanghai',
        working_hours jsonb not null default '[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"17:30"}]',
        target_wait_minutes integer not null default 20 constraint ck_halls_target_wait check (target_wait_minutes between 1 and 480),
        warning_yellow_ratio numeric(5,4) not null default 0.3333 constraint ck_halls_yellow_ratio check (warning_yellow_ratio > 0 and warning_yellow_ratio < 1),
        warning_yellow_min_working_days numeric(5,2) not null default 1 constraint ck_halls_yellow_days check (warning_yellow_min_working_days >= 0),
        clock_starts_same_day boolean not null default false,
        max_requeues integer not null default 2 constraint ck_halls_max_requeues check (max_requeues between 0 and 10),
        max_priority_streak integer not null default 3 constraint ck_halls_priority_streak check (max_priority_streak between 1 and 20),
        rectify_contact_working_days integer not null default 1,
        rectify_reply_working_days integer not null default 5,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);

    await q.query(`
      create table departments (
        id uuid constraint pk_departments primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_departments_hall references halls(id) on delete restrict,
        code text not null,
        name text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint uq_departments_hall_code unique (hall_id, code),
        constraint uq_departments_id_hall unique (id, hall_id)
      )`);

    await q.query(`
      create table window_categories (
        id uuid constraint pk_window_categories primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_window_categories_hall references halls(id) on delete restrict,
        prefix char(1) not null constraint ck_window_categories_prefix check (prefix ~ '^[A-Z]$'),
        name text not null,
        description text,
        daily_cap integer constraint ck_window_categories_cap check (daily_cap is null or daily_cap > 0),
        issue_from time,
        issue_until time,
        sort_order integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint uq_window_categories_hall_prefix unique (hall_id, prefix),
        constraint uq_window_categories_id_hall unique (id, hall_id),
        constraint ck_window_categories_hours check (issue_from is null or issue_until is null or issue_from < issue_until)
      )`);

    await q.query(`
      create table windows (
        id uuid constraint pk_windows primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_windows_hall references halls(id) on delete restrict,
        number integer not null constraint ck_windows_number check (number > 0),
        name text not null,
        kind text not null constraint ck_windows_kind check (kind in ('comprehensive', 'pickup', 'consultation')),
        status text not null default 'closed' constraint ck_windows_status check (status in ('open', 'paused', 'closed')),
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint uq_windows_hall_number unique (hall_id, number),
        constraint uq_windows_id_hall unique (id, hall_id)
      )`);

    // hall_id is repeated so that composite foreign keys make a window serving a category of another hall impossible.
    await q.query(`
      create table window_served_categories (
        window_id uuid not null,
        category_id uuid not null,
        hall_id uuid not null,
        weight integer not null default 1 constraint ck_window_served_weight check (weight between 1 and 100),
        constraint pk_window_served_categories primary key (window_id, category_id),
        constraint fk_window_served_window foreign key (window_id, hall_id) references windows(id, hall_id) on delete cascade,
        constraint fk_window_served_category foreign key (category_id, hall_id) references window_categories(id, hall_id) on delete restrict
      )`);
    await q.query(`create index ix_window_served_categories_category on window_served_categories (category_id)`);

    await q.query(`
      create table service_items (
        id uuid constraint pk_service_items primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_service_items_hall references halls(id) on delete restrict,
        department_id uuid not null,
        category_id uuid not null,
        basic_code text not null,
        implementation_code text not null,
        name text not null,
        version integer not null default 1,
        item_type text not null constraint ck_service_items_type check (item_type in ('行政许可','行政给付','行政确认','行政奖励','行政裁决','其他行政权力','公共服务')),
        case_type text not null constraint ck_service_items_case_type check (case_type in ('instant','promised','reported','joint')),
        legal_limit_value integer constraint ck_service_items_legal_value check (legal_limit_value is null or legal_limit_value > 0),
        legal_limit_unit text constraint ck_service_items_legal_unit check (legal_limit_unit is null or legal_limit_unit in ('working_days','natural_days','working_hours','minutes')),
        promised_limit_value integer not null constraint ck_service_items_promised_value check (promised_limit_value >= 0),
        promised_limit_unit text not null constraint ck_service_items_promised_unit check (promised_limit_unit in ('working_days','natural_days','working_hours','minutes')),
        flag_immediate boolean not null default false,
        flag_online boolean not null default false,
        flag_nearby boolean not null default false,
        flag_one_visit boolean not null default false,
        visits_required integer not null default 1 constraint ck_service_items_visits check (visits_required between 0 and 10),
        commitment_allowed boolean not null default false,
        fees jsonb not null default '[]',
        legal_basis text,
        acceptance_conditions text,
        result_name text,
        delivery_options text[] not null default '{window}',
        bookable boolean not null default false,
        slot_minutes integer constraint ck_service_items_slot check (slot_minutes is null or slot_minutes between 5 and 240),
        daily_quota integer constraint ck_service_items_quota check (daily_quota is null or daily_quota > 0),
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint uq_service_items_hall_impl_code unique (hall_id, implementation_code),
        constraint uq_service_items_id_hall unique (id, hall_id),
        constraint fk_service_items_department foreign key (department_id, hall_id) references departments(id, hall_id) on delete restrict,
        constraint fk_service_items_category foreign key (category_id, hall_id) references window_categories(id, hall_id) on delete restrict,
        constraint ck_service_items_legal_pair check ((legal_limit_value is null) = (legal_limit_unit is null)),
        constraint ck_service_items_delivery check (delivery_options <@ array['window','express','electronic']::text[] and cardinality(delivery_options) > 0)
      )`);
    await q.query(`create index ix_service_items_department on service_items (department_id)`);
    await q.query(`create index ix_service_items_category on service_items (category_id)`);

    await q.query(`
      create table service_item_materials (
        id uuid constraint pk_service_item_materials primary key default gen_random_uuid(),
        item_id uuid not null constraint fk_service_item_materials_item references service_items(id) on delete cascade,
        position integer not null,
        name text not null,
        necessity text not null constraint ck_service_item_materials_necessity check (necessity in ('required','optional','deferrable')),
        originals integer not null default 0 constraint ck_service_item_materials_originals check (originals >= 0),
        copies integer not null default 0 constraint ck_service_item_materials_copies check (copies >= 0),
        source text,
        form_url text,
        sample_url text,
        notes text,
        constraint uq_service_item_materials_position unique (item_id, position)
      )`);

    await q.query(`
      create table service_item_steps (
        id uuid constraint pk_service_item_steps primary key default gen_random_uuid(),
        item_id uuid not null constraint fk_service_item_steps_item references service_items(id) on delete cascade,
        position integer not null,
        name text not null,
        time_share_percent integer not null constraint ck_service_item_steps_share check (time_share_percent between 0 and 100),
        department_id uuid constraint fk_service_item_steps_department references departments(id) on delete restrict,
        constraint uq_service_item_steps_position unique (item_id, position)
      )`);

    await q.query(`
      create table users (
        id uuid constraint pk_users primary key default gen_random_uuid(),
        username text not null,
        password_hash text not null,
        display_name text not null,
        role text not null constraint ck_users_role check (role in ('clerk','approver','manager','admin')),
        department_id uuid constraint fk_users_department references departments(id) on delete restrict,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint ck_users_approver_department check (role <> 'approver' or department_id is not null)
      )`);
    await q.query(`create unique index uq_users_username on users (lower(username))`);

    await q.query(`
      create table user_halls (
        user_id uuid not null constraint fk_user_halls_user references users(id) on delete cascade,
        hall_id uuid not null constraint fk_user_halls_hall references halls(id) on delete cascade,
        constraint pk_user_halls primary key (user_id, hall_id)
      )`);
    await q.query(`create index ix_user_halls_hall on user_halls (hall_id)`);

    await q.query(`
      create table login_throttle (
        username text constraint pk_login_throttle primary key,
        failures integer not null default 0,
        last_failure_at timestamptz not null default now(),
        blocked_until timestamptz
      )`);

    await q.query(`
      create table device_tokens (
        id uuid constraint pk_device_tokens primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_device_tokens_hall references halls(id) on delete cascade,
        kind text not null constraint ck_device_tokens_kind check (kind in ('display','kiosk')),
        name text not null,
        token_hash text not null constraint uq_device_tokens_hash unique,
        token_hint text not null,
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`create index ix_device_tokens_hall on device_tokens (hall_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'device_tokens',
      'login_throttle',
      'user_halls',
      'users',
      'service_item_steps',
      'service_item_materials',
      'service_items',
      'window_served_categories',
      'windows',
      'window_categories',
      'departments',
      'halls',
      'app_settings',
    ]) {
      await q.query(`drop table if exists ${table}`);
    }
  }
}
