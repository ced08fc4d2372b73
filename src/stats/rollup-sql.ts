import { caseHistorySql } from '../cases/case-history-sql';
import { ratingHistorySql } from '../evaluation/rating-history-sql';
import { hallTimezonesSql } from '../halls/hall-sql';
import { ticketHistorySql, windowEventHistorySql } from '../queue/queue-history-sql';
import { bucketColumns, bucketSql } from './domain/histogram';
import { concludedEarlySql, concludedOnTimeSql } from './domain/measures';

/**
 * The roll-up tables as the SQL builders see them, the upsert that adds a delta, and the
 * recomputation of every roll-up from the histories of the cases, queue and evaluation modules.
 * The recomputation reads those through the SQL each owning module exports (case-history-sql,
 * queue-history-sql, rating-history-sql, hall-sql), never their tables: it restates, over all
 * rows at once, the rules that domain/contributions.ts applies to one move.
 */

type ColumnType = 'uuid' | 'date' | 'smallint' | 'integer' | 'bigint' | 'text';

export interface RollupTable {
  name: string;
  keys: readonly string[];
  counters: readonly string[];
}

/**
 * One roll-up of a family: its grain (local day, or month keyed by its first day), whether it is
 * split by hour, and the dimensions it keeps. Each family has one finest cube, which the
 * recomputation computes from the base tables, and coarser ones holding the same sums in fewer
 * rows; every move adds its contribution to all of them, so that a report reads the fewest rows
 * that still carry its filters and grouping.
 */
export interface Cube extends RollupTable {
  grain: 'day' | 'month';
  hour: boolean;
  dims: readonly string[];
}

const KEY_TYPES: Readonly<Record<string, ColumnType>> = {
  hall_id: 'uuid',
  local_date: 'date',
  month: 'date',
  hour: 'smallint',
  department_id: 'uuid',
  item_id: 'uuid',
  category_id: 'uuid',
  window_id: 'uuid',
  clerk_id: 'uuid',
  channel: 'text',
};

export const CASE_COUNTERS = [
  'accepted',
  'concluded',
  'on_time',
  'early',
  'instant',
  'one_visit',
  'extended',
  'reported',
  'revoked',
  'withdrawn',
  'aborted',
  'not_accepted',
  'returned',
] as const;

const BIGINT_COUNTERS: ReadonlySet<string> = new Set(['wait_ms', 'service_ms', 'open_ms']);

export const QUEUE_COUNTERS = [
  'called',
  'served',
  'no_show',
  'cancelled',
  'wait_ms',
  'service_ms',
  ...bucketColumns('wait'),
  ...bucketColumns('service'),
] as const;

function cube(name: string, grain: Cube['grain'], hour: boolean, dims: readonly string[], counters: readonly string[]): Cube {
  return {
    name,
    grain,
    hour,
    dims,
    counters,
    keys: ['hall_id', grain === 'day' ? 'local_date' : 'month', ...(hour ? ['hour'] : []), ...dims],
  };
}

export const RATING_COUNTERS = ['s1', 's2', 's3', 's4', 's5', 'tasks', 'closed_tasks'] as const;

const CASE_DIMS = ['department_id', 'item_id', 'window_id', 'clerk_id'];
const RATING_DIMS = ['channel', 'window_id', 'clerk_id', 'category_id', 'department_id', 'item_id'];
const QUEUE_DIMS = ['category_id', 'window_id', 'clerk_id'];

/** From the fewest rows (for a year) to the most, so that a report takes the first that serves it; the finest last. */
export const CASE_CUBES: readonly Cube[] = [
  cube('stats_case_item_days', 'day', false, ['department_id', 'item_id'], CASE_COUNTERS),
  cube('stats_case_months', 'month', false, CASE_DIMS, CASE_COUNTERS),
  cube('stats_case_days', 'day', false, CASE_DIMS, CASE_COUNTERS),
];
// No cube without the window: a hall-wide row would be written by every window's calls and
// finishes, and held locked by each until it commits (migration QueueCommitTimeVersions).
export const QUEUE_CUBES: readonly Cube[] = [
  cube('stats_queue_months', 'month', false, QUEUE_DIMS, QUEUE_COUNTERS),
  cube('stats_queue_hour_months', 'month', true, QUEUE_DIMS, QUEUE_COUNTERS),
  cube('stats_queue_days', 'day', false, QUEUE_DIMS, QUEUE_COUNTERS),
  cube('stats_queue_hours', 'day', true, QUEUE_DIMS, QUEUE_COUNTERS),
];

/** Whether `source` holds everything `target` sums: as fine a grain, the hour if needed, every dimension. */
export function derivable(target: Cube, source: Cube): boolean {
  return (
    (source.grain === 'day' || target.grain === 'month') &&
    (source.hour || !target.hour) &&
    target.dims.every((d) => source.dims.includes(d))
  );
}

export const RATING_CUBES: readonly Cube[] = [
  cube('stats_rating_channel_days', 'day', false, ['channel'], RATING_COUNTERS),
  cube('stats_rating_months', 'month', false, RATING_DIMS, RATING_COUNTERS),
  cube('stats_rating_days', 'day', false, RATING_DIMS, RATING_COUNTERS),
];

export const WINDOW_DAYS: RollupTable = {
  name: 'stats_window_days',
  keys: ['hall_id', 'local_date', 'window_id', 'clerk_id'],
  counters: ['open_ms'],
};

interface RollupRow {
  /** Values in the order of the table's keys. */
  key: readonly unknown[];
  /** Column → amount to add. */
  counters: Readonly<Record<string, number>>;
}

/** A contribution at the finest grain: the values of its keys by column name, and what it adds. */
export interface FinestRow {
  key: Readonly<Record<string, string | number | null>>;
  counters: Readonly<Record<string, number>>;
}

/** The finest rows as rows of a coarser cube: keys it does not keep are summed away, zero sums dropped. */
function rowsOf(target: Cube, rows: readonly FinestRow[]): RollupRow[] {
  const merged = new Map<string, { key: unknown[]; counters: Record<string, number> }>();
  for (const row of rows) {
    const key = target.keys.map((k) => (k === 'month' ? `${String(row.key.local_date).slice(0, 7)}-01` : row.key[k]));
    const id = JSON.stringify(key);
    const entry = merged.get(id) ?? { key, counters: {} };
    for (const [column, value] of Object.entries(row.counters)) entry.counters[column] = (entry.counters[column] ?? 0) + value;
    merged.set(id, entry);
  }
  return [...merged.values()]
    .map((r) => ({ key: r.key, counters: Object.fromEntries(Object.entries(r.counters).filter(([, v]) => v !== 0)) }))
    .filter((r) => Object.keys(r.counters).length > 0);
}

/**
 * One INSERT … ON CONFLICT that adds each row's counters to its key's row (creating it), for
 * the columns any of the rows touch. Rows must have distinct keys. Appends its values to params.
 */
function upsertSql(table: RollupTable, rows: readonly RollupRow[], params: unknown[]): string {
  const columns = table.counters.filter((c) => rows.some((r) => r.counters[c] !== undefined));
  const values = rows.map((r) => {
    const keys = table.keys.map((k, i) => `$${params.push(r.key[i])}::${KEY_TYPES[k]}`);
    const counters = columns.map((c) => `$${params.push(r.counters[c] ?? 0)}::${BIGINT_COUNTERS.has(c) ? 'bigint' : 'integer'}`);
    return `(${[...keys, ...counters].join(', ')})`;
  });
  return `insert into ${table.name} as t (${[...table.keys, ...columns].join(', ')}) values ${values.join(', ')}
    on conflict (${table.keys.join(', ')}) do update set ${columns.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')}`;
}

/** The upserts of finest rows into every cube of a family, as one statement. */
export function addToCubesSql(cubes: readonly Cube[], rows: readonly FinestRow[], params: unknown[]): string | null {
  const statements = cubes
    .map((c) => ({ c, rows: rowsOf(c, rows) }))
    .filter((x) => x.rows.length > 0)
    .map((x) => upsertSql(x.c, x.rows, params));
  return statements.length ? combinedSql(statements) : null;
}

/** Several statements as one round trip: data-modifying CTEs run whether or not the main query reads them. */
function combinedSql(statements: readonly string[]): string {
  const [last, ...rest] = [...statements].reverse();
  return rest.length
    ? `with ${rest
        .reverse()
        .map((s, i) => `w${i} as (${s})`)
        .join(', ')} ${last}`
    : last;
}

const ms = (interval: string) => `floor(extract(epoch from (${interval})) * 1000)::bigint`;

/** Every ticket's contribution by day and hour (domain/contributions.ts ticketContribution), summed per key. */
export function recomputeQueueHoursSql(hallParam: string | null): string {
  const sums = [
    'sum(called)::integer as called',
    'sum(served)::integer as served',
    'sum(no_show)::integer as no_show',
    'sum(cancelled)::integer as cancelled',
    'coalesce(sum(wait_ms), 0)::bigint as wait_ms',
    'coalesce(sum(service_ms), 0)::bigint as service_ms',
    ...bucketColumns('wait').map((c, k) => `count(*) filter (where wb = ${k})::integer as ${c}`),
    ...bucketColumns('service').map((c, k) => `count(*) filter (where sb = ${k})::integer as ${c}`),
  ];
  return `
    select hall_id, local_date, hour, category_id, window_id, clerk_id, ${sums.join(', ')}
      from (
        select t.hall_id, t.local_date, extract(hour from t.issued_at at time zone h.timezone)::smallint as hour,
               t.issue_category_id as category_id, t.window_id, t.served_by as clerk_id,
               (x.wait_ms is not null)::int as called, (x.service_ms is not null)::int as served,
               (t.status = 'no_show')::int as no_show, (t.status = 'cancelled')::int as cancelled,
               x.wait_ms, x.service_ms,
               case when x.wait_ms is not null then ${bucketSql('x.wait_ms')} end as wb,
               case when x.service_ms is not null then ${bucketSql('x.service_ms')} end as sb
          from (${ticketHistorySql(hallParam)}) t
          join (${hallTimezonesSql()}) h on h.hall_id = t.hall_id
          cross join lateral (
            select case when t.first_called_at is not null then greatest(0, ${ms('t.first_called_at - t.issued_at')}) end as wait_ms,
                   case when t.status = 'done' and t.started_at is not null and t.finished_at is not null
                        then greatest(0, ${ms('t.finished_at - t.started_at')}) end as service_ms) x
         where t.first_called_at is not null or t.status in ('no_show', 'cancelled')
        -- A fence: the buckets are computed once per ticket, not once in each of the 98 filtered counts below.
        offset 0
      ) c
     group by hall_id, local_date, hour, category_id, window_id, clerk_id`;
}

/** A coarser cube summed from the rows of a finer one (`source` names a table with `sourceCube`'s columns). */
export function sumCubeSql(source: string, sourceCube: Cube, target: Cube): string {
  const toMonth = sourceCube.grain === 'day' && target.grain === 'month';
  const select = target.keys.map((k) => (k === 'month' && toMonth ? `date_trunc('month', local_date)::date as month` : k));
  const group = target.keys.map((k) => (k === 'month' && toMonth ? `date_trunc('month', local_date)::date` : k));
  const sums = target.counters.map((c) => `sum(${c})::${BIGINT_COUNTERS.has(c) ? 'bigint' : 'integer'} as ${c}`);
  return `select ${[...select, ...sums].join(', ')} from ${source} group by ${group.join(', ')}`;
}

/** Every case's acceptance, conclusion, closing and revocation (domain/contributions.ts), summed per key. */
export function recomputeCaseDaysSql(hallParam: string | null): string {
  const zero = Object.fromEntries(CASE_COUNTERS.map((c) => [c, '0']));
  const part = (at: string, counters: Record<string, string>, where: string) => `
        select c.hall_id, (${at} at time zone h.timezone)::date as local_date, c.item_department_id as department_id, c.item_id, c.window_id,
               c.clerk_id, ${CASE_COUNTERS.map((k) => `${{ ...zero, ...counters }[k]} as ${k}`).join(', ')}
          from (${caseHistorySql(hallParam)}) c join (${hallTimezonesSql()}) h on h.hall_id = c.hall_id
         where ${where}`;
  const closed = ['withdrawn', 'aborted', 'not_accepted', 'returned'];
  return `
    select hall_id, local_date, department_id, item_id, window_id, clerk_id, ${CASE_COUNTERS.map((k) => `sum(${k})::integer as ${k}`).join(', ')}
      from (${[
        part('c.accepted_at', { accepted: '1' }, 'c.accepted_at is not null'),
        part(
          'c.concluded_at',
          {
            concluded: '1',
            on_time: `${concludedOnTimeSql('c.concluded_at', 'c.promised_due_at')}::int`,
            early: `${concludedEarlySql('c.concluded_at', 'c.promised_due_at', 'h.timezone')}::int`,
            instant: `(c.case_type = 'instant')::int`,
            one_visit: '(c.visits <= 1)::int',
            extended: 'c.extended::int',
            reported: '(c.reported_to is not null)::int',
          },
          'c.concluded_at is not null',
        ),
        ...closed.map((status) => part('c.closed_at', { [status]: '1' }, `c.closed_at is not null and c.status = '${status}'`)),
        part('c.revoked_at', { revoked: '1' }, 'c.revoked_at is not null'),
      ].join(' union all ')}) x
     group by hall_id, local_date, department_id, item_id, window_id, clerk_id`;
}

/** Every rating by the local day it was given (domain/contributions.ts ratingContribution), with its task, summed per key. */
export function recomputeRatingDaysSql(hallParam: string | null): string {
  return `
    select r.hall_id, (r.rated_at at time zone h.timezone)::date as local_date, r.channel, r.window_id, r.clerk_id, r.category_id, r.department_id,
           r.item_id, ${[1, 2, 3, 4, 5].map((s) => `count(*) filter (where r.score = ${s})::integer as s${s}`).join(', ')},
           count(r.task_id)::integer as tasks, count(r.task_id) filter (where r.task_status = 'closed')::integer as closed_tasks
      from (${ratingHistorySql(hallParam)}) r
      join (${hallTimezonesSql()}) h on h.hall_id = r.hall_id
     group by 1, 2, 3, 4, 5, 6, 7, 8`;
}

/**
 * Open spans of windows — `spans` has hall_id, tz, window_id, clerk_id, from_at, to_at — cut at
 * the hall's local midnights, in ms per local day.
 */
export function splitSpansSql(spans: string): string {
  return `
    select s.hall_id, d::date as local_date, s.window_id, s.clerk_id,
           ${ms(`least(s.to_at, (d + interval '1 day') at time zone s.tz) - greatest(s.from_at, d at time zone s.tz)`)} as open_ms
      from ${spans} s
     cross join generate_series((s.from_at at time zone s.tz)::date::timestamp, ((s.to_at - interval '1 millisecond') at time zone s.tz)::date::timestamp,
                                interval '1 day') d
     where s.to_at > s.from_at`;
}

/** Window open time per day from the window events: each 'open' event to the window's next event. */
export function recomputeWindowDaysSql(hallParam: string | null): string {
  return `
    with ev as (
      select e.hall_id, h.timezone as tz, e.window_id, e.clerk_id, e.status, e.at as from_at,
             lead(e.at) over (partition by e.window_id order by e.id) as to_at
        from (${windowEventHistorySql(hallParam)}) e join (${hallTimezonesSql()}) h on h.hall_id = e.hall_id
    )
    select hall_id, local_date, window_id, clerk_id, sum(open_ms)::bigint as open_ms
      from (${splitSpansSql(`(select * from ev where status = 'open' and to_at is not null)`)}) x
     group by hall_id, local_date, window_id, clerk_id`;
}

/** Where each window stands: its last event. */
export function recomputeWindowStateSql(hallParam: string | null): string {
  return `
    select distinct on (e.window_id) e.window_id, e.hall_id, e.status, e.clerk_id, e.at as since
      from (${windowEventHistorySql(hallParam)}) e
     order by e.window_id, e.id desc`;
}
