/**
 * The year generator's statements. Times are built in the hall's zone (Asia/Shanghai, as the
 * demo hall it copies) and cut to the millisecond, as the application writes them. Random
 * choices are uniform draws joined to cumulative weight ranges [lo, hi).
 */

export interface Step {
  sql: string;
  params: unknown[];
}

const TZ = `'Asia/Shanghai'`;
const local = (date: string, time: string) => `date_trunc('milliseconds', ((${date}) + ${time}) at time zone ${TZ})`;

/** Working days in order, `ord` counting them, so that "n working days later" is a join. */
export function workingDaysStep(days: string[]): Step[] {
  return [
    { sql: `drop table if exists gen_days`, params: [] },
    {
      sql: `create temp table gen_days as select d::date as d, (row_number() over (order by d))::int as ord from unnest($1::date[]) d`,
      params: [days],
    },
    { sql: `create unique index on gen_days (ord)`, params: [] },
  ];
}

export function cloneHallStep(templateId: string, code: string, name: string): Step {
  return {
    sql: `insert into halls select (jsonb_populate_record(null::halls, to_jsonb(h) || jsonb_build_object(
            'id', gen_random_uuid(), 'code', $2::text, 'name', $3::text, 'created_at', now(), 'updated_at', now()))).*
          from halls h where h.id = $1 returning id`,
    params: [templateId, code, name],
  };
}

/**
 * Departments, categories, windows and what they serve, items with materials and steps, copied
 * with new ids; 36 more comprehensive windows; a clerk per window, an approver per department
 * and a manager (y<h>-clerk<n>, y<h>-approver-<dept>, y<h>-manager, the demo password).
 */
export function cloneConfigurationSteps(templateId: string, hallId: string, h: number): Step[] {
  const copy = (table: string, extra = '') => `
    insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(x) || jsonb_build_object('id', m.new, 'hall_id', $2::uuid${extra}))).*
      from ${table} x join gen_idmap m on m.old = x.id where x.hall_id = $1`;
  const mapped = (column: string) => `(select new from gen_idmap where old = x.${column})`;
  const both = [templateId, hallId];
  return [
    { sql: `create temp table if not exists gen_idmap (old uuid primary key, new uuid not null)`, params: [] },
    { sql: `truncate gen_idmap`, params: [] },
    {
      sql: `insert into gen_idmap select id, gen_random_uuid() from (
              select id from departments where hall_id = $1 union all select id from window_categories where hall_id = $1
              union all select id from windows where hall_id = $1 union all select id from service_items where hall_id = $1) x`,
      params: [templateId],
    },
    { sql: copy('departments'), params: both },
    { sql: copy('window_categories'), params: both },
    { sql: copy('windows', `, 'status', 'closed'`), params: both },
    {
      sql: `insert into window_served_categories (window_id, category_id, hall_id, weight)
            select ${mapped('window_id')}, ${mapped('category_id')}, $2, x.weight from window_served_categories x where x.hall_id = $1`,
      params: both,
    },
    { sql: copy('service_items', `, 'department_id', ${mapped('department_id')}, 'category_id', ${mapped('category_id')}`), params: both },
    {
      sql: `insert into service_item_materials select (jsonb_populate_record(null::service_item_materials, to_jsonb(x)
              || jsonb_build_object('id', gen_random_uuid(), 'item_id', ${mapped('item_id')}))).*
            from service_item_materials x join service_items i on i.id = x.item_id where i.hall_id = $1`,
      params: [templateId],
    },
    {
      sql: `insert into service_item_steps select (jsonb_populate_record(null::service_item_steps, to_jsonb(x)
              || jsonb_build_object('id', gen_random_uuid(), 'item_id', ${mapped('item_id')}, 'department_id', ${mapped('department_id')}))).*
            from service_item_steps x join service_items i on i.id = x.item_id where i.hall_id = $1`,
      params: [templateId],
    },
    {
      sql: `insert into windows (hall_id, number, name, kind) select $1, n, n || '号综合窗口', 'comprehensive' from generate_series(13, 48) n`,
      params: [hallId],
    },
    {
      sql: `insert into window_served_categories (window_id, category_id, hall_id, weight)
            select w.id, c.id, $1, s.weight
              from windows w
              join (values (13, 22, 'A', 3), (13, 22, 'E', 1), (23, 27, 'B', 3), (23, 27, 'E', 1), (28, 37, 'C', 3), (28, 37, 'E', 1),
                           (38, 45, 'D', 3), (38, 45, 'E', 1), (46, 48, 'E', 1)) s(lo, hi, prefix, weight) on w.number between s.lo and s.hi
              join window_categories c on c.hall_id = $1 and c.prefix = s.prefix
             where w.hall_id = $1`,
      params: [hallId],
    },
    {
      sql: `insert into users (username, password_hash, display_name, role, department_id)
            select 'y' || $2::int || '-clerk' || n, p.hash, '第' || $2::int || '大厅' || n || '号窗口', 'clerk', null::uuid
              from generate_series(1, 48) n, (select password_hash as hash from users where username = 'clerk1') p
            union all
            select 'y' || $2::int || '-manager', p.hash, '第' || $2::int || '大厅主任', 'manager', null from (select password_hash as hash from users where username = 'clerk1') p
            union all
            select 'y' || $2::int || '-approver-' || lower(d.code), p.hash, d.name || '审批', 'approver', d.id
              from departments d, (select password_hash as hash from users where username = 'clerk1') p where d.hall_id = $1`,
      params: [hallId, h],
    },
    {
      sql: `insert into user_halls (user_id, hall_id) select id, $1 from users where username ~ ('^y' || $2::int || '-')`,
      params: [hallId, h],
    },
  ];
}

/** Per hall: categories with their share of tickets and mean service time, windows per category, items with their share of cases. */
export function dimensionSteps(hallId: string, h: number): Step[] {
  const normalise = (partition: string, order: string) =>
    `(sum(weight) over (${partition} order by ${order}) - weight)::float8 / sum(weight) over (${partition}) as lo,
     (sum(weight) over (${partition} order by ${order}))::float8 / sum(weight) over (${partition}) as hi`;
  return [
    { sql: `drop table if exists gen_cat, gen_win, gen_items`, params: [] },
    {
      sql: `create temp table gen_cat as
            select category_id, prefix, service_mean, ${normalise('', 'prefix')}
              from (select c.id as category_id, c.prefix, s.weight, s.service_mean
                      from window_categories c
                      join (values ('A', 30, 8.0), ('B', 10, 11.0), ('C', 25, 5.0), ('D', 15, 9.0), ('E', 15, 2.5), ('Z', 5, 1.5))
                           s(prefix, weight, service_mean) on s.prefix = c.prefix
                     where c.hall_id = $1) x`,
      params: [hallId],
    },
    {
      sql: `create temp table gen_win as
            select category_id, window_id, clerk_id, ${normalise('partition by category_id', 'number')}
              from (select sc.category_id, w.id as window_id, w.number, u.id as clerk_id, sc.weight
                      from window_served_categories sc
                      join windows w on w.id = sc.window_id
                      join users u on u.username = 'y' || $2::int || '-clerk' || w.number
                     where sc.hall_id = $1) x`,
      params: [hallId, h],
    },
    {
      sql: `create temp table gen_items as
            select x.*, ${normalise('', 'item_id')}
              from (select i.id as item_id, i.name, i.category_id, i.department_id, i.case_type,
                           i.promised_limit_value, i.promised_limit_unit, i.legal_limit_value, i.legal_limit_unit,
                           case i.promised_limit_unit when 'working_days' then i.promised_limit_value
                                when 'natural_days' then ceil(i.promised_limit_value * 5 / 7.0)::int else 0 end as promised_days,
                           case i.legal_limit_unit when 'working_days' then i.legal_limit_value
                                when 'natural_days' then ceil(i.legal_limit_value * 5 / 7.0)::int end as legal_days,
                           coalesce((select jsonb_agg(jsonb_build_object('name', s.name, 'sharePercent', s.time_share_percent, 'departmentId', s.department_id,
                                                                        'dueAt', null) order by s.position)
                                       from service_item_steps s where s.item_id = i.id), '[]'::jsonb) as steps,
                           (select u.id from users u where u.department_id = i.department_id and u.role = 'approver'
                               and u.username ~ ('^y' || $2::int || '-') limit 1) as approver_id,
                           case i.case_type when 'instant' then 5 when 'reported' then 3 else 4 end as weight
                      from service_items i where i.hall_id = $1) x`,
      params: [hallId, h],
    },
  ];
}

/** Every window of the hall opens in the morning, pauses for lunch, reopens and closes, each working day of the year. */
export function windowEventSteps(hallId: string, year: number): Step[] {
  return [
    {
      sql: `insert into window_events (window_id, hall_id, hall_version, status, clerk_id, actor_id, at)
            select window_id, $1, row_number() over (order by at, window_id), status, case when status = 'closed' then null else clerk_id end, clerk_id, at
              from (select w.window_id, w.clerk_id, e.status,
                           ${local('g.d', `e.t + random() * e.jitter * interval '1 minute'`)} as at
                      from gen_days g
                     cross join (select distinct window_id, clerk_id from gen_win) w
                     cross join (values ('open', time '08:45', 10), ('paused', time '12:00', 5), ('open', time '13:25', 5), ('closed', time '17:35', 10))
                                e(status, t, jitter)
                     where extract(year from g.d) = $2) x`,
      params: [hallId, year],
    },
    {
      sql: `insert into queue_hall_versions (hall_id, version) select $1, coalesce(max(hall_version), 0) from window_events where hall_id = $1
            on conflict (hall_id) do update set version = excluded.version`,
      params: [hallId],
    },
  ];
}

/**
 * `perDay` tickets each working day: issued 08:30–17:00 (more in the morning), called after an
 * exponential wait (mean 13 minutes before 11:30, 8 after), served for 2 minutes plus an
 * exponential time by category; 3% cancelled while waiting, 4.5% no-shows.
 */
export function ticketSteps(hallId: string, h: number, year: number, perDay: number, newId: string): Step[] {
  return [
    { sql: `drop table if exists gen_tickets`, params: [] },
    {
      sql: `create temp table gen_tickets as
            with base as (
              select g.d, n, random() as r_cat, random() as r_win, random() as r_time, random() as r_wait, random() as r_svc, random() as r_out,
                     random() as r_src, random() as r_walk
                from gen_days g, generate_series(1, $2::int) n
               where extract(year from g.d) = $1),
            shaped as (
              select b.d, b.n, c.category_id, c.prefix, w.window_id, w.clerk_id, b.r_out, b.r_src,
                     ${local('b.d', `time '08:30' + power(b.r_time, 1.25) * interval '510 minutes'`)} as issued_at,
                     -ln(1 - b.r_wait) * case when power(b.r_time, 1.25) < 180 / 510.0 then 13 else 8 end as wait_min,
                     2 - ln(1 - b.r_svc) * c.service_mean as service_min, 0.5 + b.r_walk as walk_min
                from base b
                join gen_cat c on b.r_cat >= c.lo and b.r_cat < c.hi
                join gen_win w on w.category_id = c.category_id and b.r_win >= w.lo and b.r_win < w.hi)
            select ${newId}() as id, s.*,
                   case when r_out < 0.03 then 'cancelled' when r_out < 0.075 then 'no_show' else 'done' end as status,
                   date_trunc('milliseconds', issued_at + wait_min * interval '1 minute') as called_at,
                   row_number() over (partition by d, category_id order by issued_at, n) as seq,
                   row_number() over () as rn
              from shaped s`,
      params: [year, perDay],
    },
    {
      sql: `insert into tickets (id, hall_id, issue_category_id, category_id, local_date, seq, number, source, priority, priority_reason, status,
                                 window_id, served_by, access_code, issued_at, enqueued_at, first_called_at, called_at, started_at, finished_at)
            select id, $1, category_id, category_id, d, seq, prefix || case when seq < 1000 then lpad(seq::text, 3, '0') else seq::text end,
                   case when r_src < 0.7 then 'kiosk' when r_src < 0.9 then 'phone' else 'walk_in' end,
                   r_src > 0.97, case when r_src > 0.97 then '老年人' end, status,
                   case when status <> 'cancelled' then window_id end, case when status <> 'cancelled' then clerk_id end,
                   lpad(upper(to_hex(($2::bigint << 36) + rn)), 10, '0'),
                   issued_at, issued_at,
                   case when status <> 'cancelled' then called_at end, case when status <> 'cancelled' then called_at end,
                   case when status = 'done' then date_trunc('milliseconds', called_at + walk_min * interval '1 minute') end,
                   case when status = 'done' then date_trunc('milliseconds', called_at + (walk_min + service_min) * interval '1 minute') end
              from gen_tickets`,
      params: [hallId, h],
    },
  ];
}

/**
 * `perDay` cases each working day, received at a window serving the item's category. Outcomes:
 * 3% not accepted, 2% withdrawn, 0.5% aborted, 0.5% returned (not for 即办件); the rest concluded
 * — 即办件 within minutes, the others after k working days: 7% late (k past the due), the rest by
 * the due, 8% with a suspension of 1–4 working days and 3% with an extension of 5–9, 10% after a
 * second visit. A case whose end would come after `now` (the last working afternoon) is still open.
 */
export function caseSteps(hallId: string, h: number, year: number, perDay: number, now: string, newId: string): Step[] {
  const day = (alias: string) => `(select d from gen_days where ord = ${alias})`;
  return [
    { sql: `drop table if exists gen_cases`, params: [] },
    {
      sql: `create temp table gen_cases as
            with base as (
              select g.d, g.ord, n, random() as r_item, random() as r_win, random() as r_time, random() as r_out, random() as r_k, random() as r_susp,
                     random() as r_ext, random() as r_vis, random() as r_late, random() as r_dec, random() as r_ct, random() as r_app
                from gen_days g, generate_series(1, $2::int) n
               where extract(year from g.d) = $1),
            picked as (
              select b.*, i.item_id, i.name as item_name, i.category_id, i.department_id, i.case_type, i.promised_limit_value, i.promised_limit_unit,
                     i.legal_limit_value, i.legal_limit_unit, i.promised_days, i.legal_days, i.steps, i.approver_id, w.window_id, w.clerk_id,
                     ${local('b.d', `time '09:00' + b.r_time * interval '480 minutes'`)} as accepted_at,
                     case when r_out < 0.03 then 'not_accepted' when r_out < 0.05 then 'withdrawn' when r_out < 0.055 then 'aborted'
                          when r_out < 0.06 and i.case_type <> 'instant' then 'returned' else 'concluded' end as outcome,
                     case when i.case_type <> 'instant' and b.r_susp < 0.08 then 1 + floor(b.r_susp * 50)::int else 0 end as susp_days,
                     case when i.case_type <> 'instant' and b.r_ext < 0.03 then 5 + floor(b.r_ext * 166)::int else 0 end as ext_days,
                     i.case_type <> 'instant' and b.r_vis < 0.1 and b.ord > 3 as second_visit
                from base b
                join gen_items i on b.r_item >= i.lo and b.r_item < i.hi
                join gen_win w on w.category_id = i.category_id and b.r_win >= w.lo and b.r_win < w.hi),
            timed as (
              select p.*, p.promised_days + p.susp_days + p.ext_days as total_days,
                     case when p.case_type = 'instant' then 0
                          when p.r_late < 0.07 then p.promised_days + p.susp_days + p.ext_days + 1 + floor(p.r_k * 3)::int
                          else floor(p.r_k * (p.promised_days + p.susp_days + p.ext_days + 1))::int end as k
                from picked p)
            select ${newId}() as id, t.*,
                   case when t.promised_limit_unit = 'working_hours' then t.accepted_at + t.promised_limit_value * interval '1 hour'
                        else ${local(day('t.ord + t.total_days'), `time '17:30'`)} end as promised_due_at,
                   case when t.legal_days is not null then ${local(day('t.ord + t.legal_days + t.susp_days + t.ext_days'), `time '17:30'`)} end as legal_due_at,
                   case when t.case_type = 'instant' then date_trunc('milliseconds', t.accepted_at + (5 + t.r_ct * 20) * interval '1 minute')
                        when t.k = 0 then date_trunc('milliseconds', t.accepted_at + interval '1 hour')
                        else ${local(day('t.ord + t.k'), `time '09:00' + t.r_ct * interval '510 minutes'`)} end as ends_at,
                   case when t.second_visit then ${local(day('t.ord - 3'), `time '10:00'`)}
                        else date_trunc('milliseconds', t.accepted_at - interval '8 minutes') end as received_at,
                   row_number() over () as rn
              from timed t`,
      params: [year, perDay],
    },
    {
      sql: `alter table gen_cases add column status text, add column open boolean`,
      params: [],
    },
    {
      sql: `update gen_cases set open = outcome <> 'not_accepted' and ends_at > $1::timestamp at time zone ${TZ},
                                 status = case when outcome = 'not_accepted' then 'not_accepted'
                                               when ends_at > $1::timestamp at time zone ${TZ} then case when r_app < 0.1 then 'accepted' else 'in_review' end
                                               when outcome <> 'concluded' then outcome
                                               when case_type = 'reported' then 'reported'
                                               when ends_at + interval '2 days' > $1::timestamp at time zone ${TZ} then 'ready_for_pickup'
                                               else 'picked_up' end`,
      params: [now],
    },
    {
      sql: `insert into cases (id, hall_id, item_id, item_name, item_department_id, department_id, case_type, case_number, query_code, local_date, status,
                               version, extended, extension_working_days, applicant_kind, applicant_name_enc, applicant_name_masked, applicant_id_enc,
                               applicant_id_masked, applicant_id_fingerprint, contact_phone_enc, contact_phone_masked, window_id, clerk_id, materials, missing_materials, refusal_reason, delivery_method,
                               promised_limit_value, promised_limit_unit, legal_limit_value, legal_limit_unit, received_at, accepted_at, clock_start_at,
                               promised_due_at, legal_due_at, decided_at, concluded_at, closed_at, steps, current_step, assignee_id, warning_level,
                               decision, decision_reason, remedies, reported_to, visits, pickup_code, result_ready_at, picked_up_at)
            select c.id, $1, c.item_id, c.item_name, c.department_id, c.department_id, c.case_type,
                   'Y' || $2::int || '-' || to_char(c.received_at at time zone ${TZ}, 'YYYYMMDD') || '-'
                     || lpad((row_number() over (partition by (c.received_at at time zone ${TZ})::date order by c.received_at, c.n))::text, 4, '0'),
                   upper(substr(md5(random()::text), 1, 8)), (c.received_at at time zone ${TZ})::date, c.status,
                   case when c.open then 3 else 7 end, c.ext_days > 0, c.ext_days,
                   case when c.r_dec < 0.7 then 'person' else 'organisation' end,
                   -- Sealed afterwards in JavaScript (sealGeneratedApplicants): SM4 is not available in SQL.
                   'pending', case when c.r_dec < 0.7 then (array['张*', '王*', '李*', '刘*', '陈*', '杨*'])[1 + floor(c.r_dec * 8.5)::int]
                        else '示*******司' end,
                   'pending', case when c.r_dec < 0.7 then '110***********002X' else '913***********0Y43' end, md5(c.r_dec::text),
                   'pending', '138****0000',
                   c.window_id, c.clerk_id, '[]', '{}', case when c.status = 'not_accepted' then '申请事项不属于本机关职权范围' end, 'window',
                   c.promised_limit_value, c.promised_limit_unit, c.legal_limit_value, c.legal_limit_unit,
                   c.received_at, case when c.status <> 'not_accepted' then c.accepted_at end,
                   case when c.status <> 'not_accepted' then ${local(day('c.ord + 1'), `time '09:00'`)} end,
                   case when c.status <> 'not_accepted' then c.promised_due_at end, case when c.status <> 'not_accepted' then c.legal_due_at end,
                   case when not c.open and c.outcome = 'concluded' then c.ends_at end,
                   case when not c.open and c.outcome = 'concluded' then c.ends_at end,
                   case when c.status = 'not_accepted' then c.received_at + interval '15 minutes' when not c.open and c.outcome <> 'concluded' then c.ends_at end,
                   c.steps, case when c.open then 0 else greatest(jsonb_array_length(c.steps) - 1, 0) end,
                   case when c.status in ('in_review', 'reported', 'ready_for_pickup', 'picked_up') and c.case_type <> 'instant' then c.approver_id end,
                   case when not c.open or c.status = 'not_accepted' then null
                        when $3::timestamp at time zone ${TZ} > c.legal_due_at then 'red_card'
                        when $3::timestamp at time zone ${TZ} > c.promised_due_at then 'red'
                        when c.promised_due_at - $3::timestamp at time zone ${TZ} < interval '1 day' then 'yellow' else 'green' end,
                   case when c.open or c.outcome <> 'concluded' or c.case_type = 'reported' then null when c.r_dec > 0.97 then 'denied' else 'approved' end,
                   case when not c.open and c.outcome = 'concluded' and c.case_type <> 'reported' and c.r_dec > 0.97 then '不符合法定条件' end,
                   case when not c.open and c.outcome = 'concluded' and c.case_type <> 'reported' and c.r_dec > 0.97 then array['行政复议', '行政诉讼'] end,
                   case when c.status = 'reported' then '上级主管部门' end,
                   case when c.second_visit then 2 else 1 end,
                   case when c.status in ('ready_for_pickup', 'picked_up') then 'P' || lpad(upper(to_hex(($2::bigint << 24) + c.rn)), 7, '0') end,
                   case when c.status in ('ready_for_pickup', 'picked_up') then c.ends_at end,
                   case when c.status = 'picked_up' then c.ends_at + case when c.case_type = 'instant' then interval '1 minute' else interval '1 day' end end
              from gen_cases c`,
      params: [hallId, h, now],
    },
  ];
}

/** Suspensions and extensions of the cases that had them; receive and accept events of the open ones (the overdue list's trail). */
export function caseHistorySteps(hallId: string): Step[] {
  return [
    {
      sql: `insert into case_suspensions (case_id, kind, reason, expected_working_days, from_at, to_at, started_by, ended_by)
            select c.id, 'correction', '申请人补正材料', c.susp_days,
                   ${local('(select d from gen_days where ord = c.ord + 1)', `time '10:00'`)},
                   ${local('(select d from gen_days where ord = c.ord + 1 + c.susp_days)', `time '10:00'`)},
                   c.approver_id, c.approver_id
              from gen_cases c where c.susp_days > 0 and c.status <> 'not_accepted' and c.approver_id is not null
               and (select d from gen_days where ord = c.ord + 1 + c.susp_days) is not null`,
      params: [],
    },
    {
      sql: `insert into case_extension_requests (case_id, working_days, reason, requested_by, requested_at, status, decided_by, decided_at)
            select c.id, c.ext_days, '需要专家评审', c.approver_id, ${local('(select d from gen_days where ord = c.ord + 1)', `time '11:00'`)}, 'approved',
                   (select id from users where role = 'manager' and username like 'y%' limit 1),
                   ${local('(select d from gen_days where ord = c.ord + 1)', `time '15:00'`)}
              from gen_cases c where c.ext_days > 0 and c.status <> 'not_accepted' and c.approver_id is not null`,
      params: [],
    },
    {
      sql: `insert into case_events (case_id, hall_id, case_version, move, from_status, to_status, actor_id, actor_role, data, at)
            select c.id, $1, v.version, v.move, v.from_status, v.to_status, c.clerk_id, 'clerk', '{}', v.at
              from gen_cases c
             cross join lateral (values (1, 'receive', null, 'received', c.received_at), (2, 'accept', 'received', 'accepted', c.accepted_at))
                   v(version, move, from_status, to_status, at)
             where c.open`,
      params: [hallId],
    },
  ];
}

/** 40% of finished visits rated at the window, 8% of concluded cases online; every 差评 has its rectification task. */
export function ratingSteps(hallId: string, now: string, newId: string): Step[] {
  const score = (r: string) =>
    `case when ${r} < 0.015 then 1 when ${r} < 0.04 then 2 when ${r} < 0.08 then 3 when ${r} < 0.2 then 4 else 5 end`;
  const reasons = (s: string) => `case when ${s} <= 2 then array['等候时间长'] else '{}'::text[] end`;
  return [
    {
      sql: `insert into ratings (id, hall_id, channel, ticket_id, reference, window_id, clerk_id, category_id, score, reasons, rated_at)
            select ${newId}(), $1, 'visit', t.id, t.number, t.window_id, t.served_by, t.issue_category_id, s.score, ${reasons('s.score')}, t.finished_at + interval '2 minutes'
              from (select t.*, random() as r_pick, random() as r_score from tickets t where t.hall_id = $1 and t.status = 'done') t
             cross join lateral (select ${score('t.r_score')} as score) s
             where t.r_pick < 0.4`,
      params: [hallId],
    },
    {
      sql: `insert into ratings (id, hall_id, channel, case_id, reference, category_id, department_id, item_id, score, reasons, rated_at)
            select ${newId}(), $1, 'case', c.id, c.case_number, i.category_id, c.item_department_id, c.item_id, s.score, ${reasons('s.score')},
                   c.concluded_at + interval '1 day'
              from (select c.*, random() as r_pick, random() as r_score from cases c
                     where c.hall_id = $1 and c.concluded_at is not null and c.concluded_at + interval '1 day' < $2::timestamp at time zone ${TZ}) c
              join service_items i on i.id = c.item_id
             cross join lateral (select ${score('c.r_score')} as score) s
             where c.r_pick < 0.08`,
      params: [hallId, now],
    },
    {
      sql: `insert into rectification_tasks (rating_id, hall_id, status, opened_at, contact_due_at, reply_due_at, contacted_at, contact_method, contacted_by,
                                             replied_at, reply_outcome, citizen_satisfied, replied_by, closed_at, closed_by)
            select r.id, r.hall_id, s.status, r.rated_at, r.rated_at + interval '1 day', r.rated_at + interval '7 days',
                   case when s.status <> 'open' then r.rated_at + interval '3 hours' end, case when s.status <> 'open' then 'phone' end,
                   case when s.status <> 'open' then m.id end,
                   case when s.status in ('replied', 'closed') then r.rated_at + interval '2 days' end,
                   case when s.status in ('replied', 'closed') then '已向群众说明情况并整改' end,
                   case when s.status in ('replied', 'closed') then true end,
                   case when s.status in ('replied', 'closed') then m.id end,
                   case when s.status = 'closed' then r.rated_at + interval '3 days' end, case when s.status = 'closed' then m.id end
              from ratings r
             cross join (select u.id from users u join user_halls uh on uh.user_id = u.id where uh.hall_id = $1 and u.role = 'manager' limit 1) m
             cross join lateral (
               select case when r.rated_at > $2::timestamp at time zone ${TZ} - interval '3 days' then 'open'
                           when random() < 0.85 then 'closed' when random() < 0.5 then 'replied' else 'contacted' end as status) s
             where r.hall_id = $1 and r.score <= 2`,
      params: [hallId, now],
    },
  ];
}

/** The generated applicants in full, from the same draw (r_dec) the SQL above masked them from. */
export function generatedApplicant(rDec: number): {
  kind: 'person' | 'organisation';
  name: string;
  idNumber: string;
  contactPhone: string;
} {
  if (rDec >= 0.7) return { kind: 'organisation', name: '示范区某某有限公司', idNumber: '91350100M000100Y43', contactPhone: '13800000000' };
  const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊'];
  return { kind: 'person', name: names[Math.floor(rDec * 8.5)], idNumber: '11010519491231002X', contactPhone: '13800000000' };
}
