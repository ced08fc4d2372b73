import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queue (排队叫号): tickets and their append-only events, per-day number counters, per-hall
 * versions for live screens, window desks (who is at a window, its priority streak),
 * appointments, the public rate-limit counters, and the socket.io Postgres adapter's table.
 */
export class Queue1795300100000 implements MigrationInterface {
  name = 'Queue1795300100000';

  async up(q: QueryRunner): Promise<void> {
    // One row per hall: every queue move increments it in its own transaction, so versions are
    // ordered across server instances and a screen can tell a stale event from a fresh one.
    await q.query(`
      create table queue_hall_versions (
        hall_id uuid constraint pk_queue_hall_versions primary key
          constraint fk_queue_hall_versions_hall references halls(id) on delete cascade,
        version bigint not null default 0 constraint ck_queue_hall_versions_version check (version >= 0)
      )`);

    await q.query(`
      create table ticket_counters (
        hall_id uuid not null,
        category_id uuid not null,
        local_date date not null,
        last_seq integer not null constraint ck_ticket_counters_seq check (last_seq >= 0),
        constraint pk_ticket_counters primary key (hall_id, category_id, local_date),
        constraint fk_ticket_counters_category foreign key (category_id, hall_id) references window_categories(id, hall_id) on delete cascade
      )`);

    await q.query(`
      create table appointments (
        id uuid constraint pk_appointments primary key default gen_random_uuid(),
        hall_id uuid not null,
        item_id uuid not null,
        category_id uuid not null,
        local_date date not null,
        slot_start time not null,
        slot_end time not null,
        code text not null constraint uq_appointments_code unique,
        status text not null default 'booked'
          constraint ck_appointments_status check (status in ('booked', 'checked_in', 'no_show', 'cancelled')),
        ticket_id uuid,
        booked_at timestamptz not null,
        checked_in_at timestamptz,
        no_show_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz not null default now(),
        constraint fk_appointments_item foreign key (item_id, hall_id) references service_items(id, hall_id) on delete restrict,
        constraint fk_appointments_category foreign key (category_id, hall_id) references window_categories(id, hall_id) on delete restrict,
        constraint ck_appointments_slot check (slot_start < slot_end),
        constraint ck_appointments_checked_in check ((status = 'checked_in') = (ticket_id is not null))
      )`);
    await q.query(`create index ix_appointments_item_day on appointments (item_id, local_date, slot_start) where status <> 'cancelled'`);
    await q.query(`create index ix_appointments_hall_day on appointments (hall_id, local_date) where status = 'booked'`);

    await q.query(`
      create table tickets (
        id uuid constraint pk_tickets primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_tickets_hall references halls(id) on delete restrict,
        -- The category whose counter gave the number; category_id is the queue it waits in now
        -- (a transfer moves it and keeps the number).
        issue_category_id uuid not null,
        category_id uuid not null,
        local_date date not null,
        seq integer not null constraint ck_tickets_seq check (seq > 0),
        number text not null,
        source text not null constraint ck_tickets_source check (source in ('kiosk', 'phone', 'appointment', 'walk_in')),
        priority boolean not null default false,
        priority_reason text,
        item_id uuid,
        status text not null constraint ck_tickets_status
          check (status in ('waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled')),
        recall_count integer not null default 0 constraint ck_tickets_recalls check (recall_count >= 0),
        requeue_count integer not null default 0 constraint ck_tickets_requeues check (requeue_count >= 0),
        window_id uuid,
        target_window_id uuid,
        served_by uuid constraint fk_tickets_served_by references users(id) on delete set null,
        access_code text not null constraint uq_tickets_access_code unique,
        issued_at timestamptz not null,
        enqueued_at timestamptz not null,
        first_called_at timestamptz,
        called_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz not null default now(),
        constraint uq_tickets_number unique (hall_id, issue_category_id, local_date, seq),
        constraint fk_tickets_issue_category foreign key (issue_category_id, hall_id) references window_categories(id, hall_id) on delete restrict,
        constraint fk_tickets_category foreign key (category_id, hall_id) references window_categories(id, hall_id) on delete restrict,
        constraint fk_tickets_item foreign key (item_id, hall_id) references service_items(id, hall_id) on delete restrict,
        constraint fk_tickets_window foreign key (window_id, hall_id) references windows(id, hall_id) on delete restrict,
        constraint fk_tickets_target_window foreign key (target_window_id, hall_id) references windows(id, hall_id) on delete restrict,
        constraint ck_tickets_priority_reason check (priority or priority_reason is null),
        constraint ck_tickets_at_window check (status not in ('called', 'serving', 'held') or window_id is not null),
        constraint ck_tickets_target check (status = 'waiting' or target_window_id is null)
      )`);
    await q.query(`create index ix_tickets_waiting on tickets (hall_id, category_id, enqueued_at) where status = 'waiting'`);
    await q.query(`create index ix_tickets_at_window on tickets (window_id) where status in ('called', 'serving', 'held')`);
    await q.query(`create index ix_tickets_hall_day on tickets (hall_id, local_date)`);
    await q.query(`create index ix_tickets_finished on tickets (category_id, finished_at desc) where status = 'done'`);
    await q.query(
      `alter table appointments add constraint fk_appointments_ticket foreign key (ticket_id) references tickets(id) on delete restrict`,
    );
    await q.query(`alter table appointments add constraint uq_appointments_ticket unique (ticket_id)`);

    await q.query(`
      create table ticket_events (
        id bigint generated always as identity constraint pk_ticket_events primary key,
        ticket_id uuid not null constraint fk_ticket_events_ticket references tickets(id) on delete restrict,
        hall_id uuid not null constraint fk_ticket_events_hall references halls(id) on delete restrict,
        hall_version bigint not null,
        move text not null constraint ck_ticket_events_move
          check (move in ('issue', 'call', 'recall', 'start', 'finish', 'no_show', 'requeue', 'hold', 'resume', 'transfer', 'cancel')),
        from_status text,
        to_status text not null,
        window_id uuid,
        actor_kind text not null constraint ck_ticket_events_actor check (actor_kind in ('user', 'device', 'citizen')),
        actor_id uuid,
        details jsonb not null default '{}',
        at timestamptz not null,
        constraint uq_ticket_events_hall_version unique (hall_id, hall_version)
      )`);
    await q.query(`create index ix_ticket_events_ticket on ticket_events (ticket_id, id)`);
    await q.query(`create index ix_ticket_events_hall_at on ticket_events (hall_id, at)`);

    await q.query(`
      create table window_desks (
        window_id uuid constraint pk_window_desks primary key,
        hall_id uuid not null,
        clerk_id uuid constraint fk_window_desks_clerk references users(id) on delete set null,
        priority_streak integer not null default 0 constraint ck_window_desks_streak check (priority_streak >= 0),
        updated_at timestamptz not null default now(),
        constraint fk_window_desks_window foreign key (window_id, hall_id) references windows(id, hall_id) on delete cascade
      )`);
    // A clerk sits at one window at a time.
    await q.query(`create unique index uq_window_desks_clerk on window_desks (clerk_id) where clerk_id is not null`);

    await q.query(`
      create table window_events (
        id bigint generated always as identity constraint pk_window_events primary key,
        window_id uuid not null,
        hall_id uuid not null,
        hall_version bigint not null,
        status text not null constraint ck_window_events_status check (status in ('open', 'paused', 'closed')),
        clerk_id uuid,
        actor_id uuid not null,
        at timestamptz not null,
        constraint fk_window_events_window foreign key (window_id, hall_id) references windows(id, hall_id) on delete restrict,
        constraint uq_window_events_hall_version unique (hall_id, hall_version)
      )`);
    await q.query(`create index ix_window_events_window on window_events (window_id, at)`);

    await q.query(`
      create function forbid_queue_history_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
      end $$`);
    for (const table of ['ticket_events', 'window_events']) {
      await q.query(`create trigger tg_${table}_append_only before update or delete on ${table}
        for each row execute function forbid_queue_history_change()`);
    }

    // Fixed one-minute windows per key (e.g. client address); shared by every instance.
    await q.query(`
      create table public_rate_limits (
        key text constraint pk_public_rate_limits primary key,
        window_start timestamptz not null,
        hits integer not null constraint ck_public_rate_limits_hits check (hits > 0)
      )`);

    // Layout required by @socket.io/postgres-adapter for payloads over the NOTIFY size limit.
    await q.query(`
      create table socket_io_attachments (
        id bigint generated by default as identity constraint pk_socket_io_attachments primary key,
        created_at timestamptz default now(),
        payload bytea
      )`);
    await q.query(`create index ix_socket_io_attachments_created on socket_io_attachments (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table if exists appointments drop constraint if exists fk_appointments_ticket`);
    for (const table of [
      'socket_io_attachments',
      'public_rate_limits',
      'window_events',
      'window_desks',
      'ticket_events',
      'tickets',
      'appointments',
      'ticket_counters',
      'queue_hall_versions',
    ]) {
      await q.query(`drop table if exists ${table}`);
    }
    await q.query(`drop function if exists forbid_queue_history_change()`);
  }
}
