import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation (好差评): one rating per finished visit (一次一评) and per concluded case (一事一评),
 * and for every 差评 (1–2) a rectification task with its append-only events. Ratings hold no
 * personal data: the visit or case is known by its id, and window, clerk, category, department
 * and item are copied in at rating time so the measures group by them without reaching into
 * other modules' tables.
 */
export class Evaluation1795300500000 implements MigrationInterface {
  name = 'Evaluation1795300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table ratings (
        id uuid constraint pk_ratings primary key default gen_random_uuid(),
        hall_id uuid not null constraint fk_ratings_hall references halls(id) on delete restrict,
        channel text not null constraint ck_ratings_channel check (channel in ('visit', 'case')),
        ticket_id uuid constraint fk_ratings_ticket references tickets(id) on delete restrict,
        case_id uuid constraint fk_ratings_case references cases(id) on delete restrict,
        -- The ticket or case number as the citizen saw it (A001, DEMO-20260302-0001), for the manager's screen.
        reference text not null constraint ck_ratings_reference check (length(reference) between 1 and 40),
        window_id uuid,
        clerk_id uuid constraint fk_ratings_clerk references users(id) on delete restrict,
        category_id uuid not null,
        department_id uuid,
        item_id uuid,
        score smallint not null constraint ck_ratings_score check (score between 1 and 5),
        comment text constraint ck_ratings_comment check (comment is null or char_length(comment) between 1 and 500),
        reasons text[] not null default '{}',
        rated_at timestamptz not null,
        constraint uq_ratings_ticket unique (ticket_id),
        constraint uq_ratings_case unique (case_id),
        constraint ck_ratings_subject check ((channel = 'visit') = (ticket_id is not null) and (channel = 'case') = (case_id is not null)),
        constraint uq_ratings_id_hall_rated unique (id, hall_id, rated_at),
        constraint fk_ratings_window foreign key (window_id, hall_id) references windows(id, hall_id) on delete restrict,
        constraint fk_ratings_category foreign key (category_id, hall_id) references window_categories(id, hall_id) on delete restrict,
        constraint fk_ratings_department foreign key (department_id, hall_id) references departments(id, hall_id) on delete restrict,
        constraint fk_ratings_item foreign key (item_id, hall_id) references service_items(id, hall_id) on delete restrict,
        constraint ck_ratings_reasons check (
          reasons <@ array['态度不好', '等候时间长', '一次性告知不到位', '办理时间长', '其他']::text[]
          and (score <= 2 or cardinality(reasons) = 0))
      )`);
    // The measures read a hall and a period and group by one of the copied columns: the
    // included columns let that be an index-only scan, which works well here because ratings
    // are never updated (the visibility map stays set).
    await q.query(`create index ix_ratings_hall_rated on ratings (hall_id, rated_at)
      include (id, score, channel, window_id, clerk_id, category_id, department_id, item_id)`);

    await q.query(`
      create table rectification_tasks (
        id uuid constraint pk_rectification_tasks primary key default gen_random_uuid(),
        rating_id uuid not null,
        hall_id uuid not null,
        status text not null constraint ck_rectification_tasks_status check (status in ('open', 'contacted', 'replied', 'closed')),
        opened_at timestamptz not null,
        contact_due_at timestamptz not null,
        reply_due_at timestamptz not null,
        contacted_at timestamptz,
        contact_method text constraint ck_rectification_tasks_contact_method check (contact_method in ('phone', 'sms', 'on_site', 'other')),
        contact_note text constraint ck_rectification_tasks_contact_note check (char_length(contact_note) <= 500),
        contacted_by uuid constraint fk_rectification_tasks_contacted_by references users(id) on delete restrict,
        replied_at timestamptz,
        reply_outcome text constraint ck_rectification_tasks_reply_outcome check (char_length(reply_outcome) between 1 and 1000),
        citizen_satisfied boolean,
        replied_by uuid constraint fk_rectification_tasks_replied_by references users(id) on delete restrict,
        closed_at timestamptz,
        close_note text constraint ck_rectification_tasks_close_note check (char_length(close_note) <= 500),
        closed_by uuid constraint fk_rectification_tasks_closed_by references users(id) on delete restrict,
        constraint uq_rectification_tasks_rating unique (rating_id),
        -- A task opens with its rating, in its hall and at its instant: the measures rely on that
        -- to read only the tasks of the hall and period they count.
        constraint fk_rectification_tasks_rating foreign key (rating_id, hall_id, opened_at)
          references ratings(id, hall_id, rated_at) on delete restrict,
        constraint ck_rectification_tasks_dues check (contact_due_at > opened_at and reply_due_at > opened_at),
        constraint ck_rectification_tasks_contacted check (
          (status = 'open') = (contacted_at is null)
          and (contacted_at is null) = (contact_method is null)
          and (contacted_at is null) = (contacted_by is null)
          and (contacted_at is null or contacted_at >= opened_at)),
        constraint ck_rectification_tasks_replied check (
          (status in ('replied', 'closed')) = (replied_at is not null)
          and (replied_at is null) = (reply_outcome is null)
          and (replied_at is null) = (citizen_satisfied is null)
          and (replied_at is null) = (replied_by is null)
          and (replied_at is null or replied_at >= contacted_at)),
        constraint ck_rectification_tasks_closed check (
          (status = 'closed') = (closed_at is not null)
          and (closed_at is null) = (closed_by is null)
          and (closed_at is null or closed_at >= replied_at))
      )`);
    await q.query(`create index ix_rectification_tasks_hall_opened on rectification_tasks (hall_id, opened_at desc)`);
    // The overdue filter: only tasks with a step still outstanding can be overdue.
    await q.query(`create index ix_rectification_tasks_contact_due on rectification_tasks (hall_id, contact_due_at) where status = 'open'`);
    await q.query(
      `create index ix_rectification_tasks_reply_due on rectification_tasks (hall_id, reply_due_at) where status in ('open', 'contacted')`,
    );

    await q.query(`
      create table rectification_events (
        id bigint generated always as identity constraint pk_rectification_events primary key,
        task_id uuid not null constraint fk_rectification_events_task references rectification_tasks(id) on delete restrict,
        hall_id uuid not null constraint fk_rectification_events_hall references halls(id) on delete restrict,
        move text not null constraint ck_rectification_events_move check (move in ('open', 'contact', 'reply', 'close')),
        from_status text,
        to_status text not null,
        actor_kind text not null constraint ck_rectification_events_actor check (actor_kind in ('citizen', 'user')),
        actor_id uuid,
        details jsonb not null default '{}',
        at timestamptz not null,
        constraint ck_rectification_events_actor_id check ((actor_kind = 'user') = (actor_id is not null))
      )`);
    await q.query(`create index ix_rectification_events_task on rectification_events (task_id, id)`);

    // Ratings are the citizen's alone and the task history is a record: no writer (a service,
    // a script, psql) may change or remove either.
    await q.query(`
      create function forbid_evaluation_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
      end $$`);
    for (const table of ['ratings', 'rectification_events']) {
      await q.query(`create trigger tg_${table}_append_only before update or delete on ${table}
        for each row execute function forbid_evaluation_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rectification_events', 'rectification_tasks', 'ratings']) {
      await q.query(`drop table if exists ${table}`);
    }
    await q.query(`drop function if exists forbid_evaluation_change()`);
  }
}
