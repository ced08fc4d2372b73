import { MigrationInterface, QueryRunner } from 'typeorm';

/** Histogram buckets per measure; the bucket bounds live in src/stats/domain/histogram.ts. */
const BUCKETS = 49;
const histogram = (prefix: 'w' | 's') =>
  Array.from({ length: BUCKETS }, (_, i) => `${prefix}${String(i).padStart(2, '0')} integer not null default 0`).join(',\n        ');

const QUEUE_MEASURES = `
        called integer not null default 0,
        served integer not null default 0,
        no_show integer not null default 0,
        cancelled integer not null default 0,
        wait_ms bigint not null default 0,
        service_ms bigint not null default 0,
        ${histogram('w')},
        ${histogram('s')}`;

/**
 * Statistics (统计分析): roll-ups owned by the stats module, kept by its domain-event handlers in
 * the transaction of each case, ticket or window move, and recomputable from the base tables.
 * Each measure family has a finest cube and coarser ones (by month, or without the window and
 * clerk) that hold the same sums in fewer rows, so that a report over a year reads thousands of
 * rows rather than hundreds of thousands. Dimension ids are copies (no foreign keys but the
 * hall's), so a roll-up write never waits on another module's rows. Unique keys treat a missing
 * window or clerk as one more value.
 */
export class Stats1795300600000 implements MigrationInterface {
  name = 'Stats1795300600000';

  async up(q: QueryRunner): Promise<void> {
    const caseMeasures = `
        accepted integer not null default 0,
        concluded integer not null default 0,
        on_time integer not null default 0,
        early integer not null default 0,
        instant integer not null default 0,
        one_visit integer not null default 0,
        extended integer not null default 0,
        reported integer not null default 0,
        revoked integer not null default 0,
        withdrawn integer not null default 0,
        aborted integer not null default 0,
        not_accepted integer not null default 0,
        returned integer not null default 0`;
    const period = {
      day: 'local_date date not null',
      month: 'month date not null constraint ck_$_month check (extract(day from month) = 1)',
    };
    // Tickets no window holds, and their clerk, are counted under a null window and clerk; a case's
    // rating has no window or clerk, a visit's no department or item.
    const nullable = new Set(['window_id', 'clerk_id', 'department_id', 'item_id']);
    const types: Record<string, string> = { channel: 'text' };
    // A case always has its department, item and clerk.
    const cube = async (name: string, grain: 'day' | 'month', hour: boolean, dims: string[], measures: string, forCases = false) => {
      const keys = ['hall_id', grain === 'day' ? 'local_date' : 'month', ...(hour ? ['hour'] : []), ...dims];
      await q.query(`
        create table ${name} (
          hall_id uuid not null constraint fk_${name}_hall references halls(id) on delete cascade,
          ${period[grain].replace('$', name)},
          ${hour ? `hour smallint not null constraint ck_${name}_hour check (hour between 0 and 23),` : ''}
          ${dims.map((d) => `${d} ${types[d] ?? 'uuid'}${nullable.has(d) && !(forCases && d !== 'window_id') ? '' : ' not null'}`).join(',\n          ')},${measures},
          constraint uq_${name} unique nulls not distinct (${keys.join(', ')})
        )`);
    };

    // Cases count on the local day of the event (acceptance, conclusion, closing, revocation),
    // by the item's department and the item, and the window and clerk that received them.
    const caseDims = ['department_id', 'item_id', 'window_id', 'clerk_id'];
    await cube('stats_case_days', 'day', false, caseDims, caseMeasures, true);
    await cube('stats_case_months', 'month', false, caseDims, caseMeasures, true);
    await cube('stats_case_item_days', 'day', false, ['department_id', 'item_id'], caseMeasures, true);

    // Tickets count on the local day and hour of issue, by the category issued in and the window
    // and clerk holding them (who served a finished one); w00… and s00… count waits and service
    // times per bucket.
    const queueDims = ['category_id', 'window_id', 'clerk_id'];
    await cube('stats_queue_hours', 'day', true, queueDims, QUEUE_MEASURES);
    await cube('stats_queue_months', 'month', false, queueDims, QUEUE_MEASURES);
    await cube('stats_queue_hour_months', 'month', true, queueDims, QUEUE_MEASURES);
    await cube('stats_queue_category_days', 'day', false, ['category_id'], QUEUE_MEASURES);
    await cube('stats_queue_days', 'day', false, queueDims, QUEUE_MEASURES);

    // Ratings (好差评) count on the local day they were given, by channel and what they rate, with
    // their rectification tasks and how many of those are closed by now.
    const ratingMeasures = `
        s1 integer not null default 0,
        s2 integer not null default 0,
        s3 integer not null default 0,
        s4 integer not null default 0,
        s5 integer not null default 0,
        tasks integer not null default 0,
        closed_tasks integer not null default 0`;
    const ratingDims = ['channel', 'window_id', 'clerk_id', 'category_id', 'department_id', 'item_id'];
    await cube('stats_rating_days', 'day', false, ratingDims, ratingMeasures);
    await cube('stats_rating_months', 'month', false, ratingDims, ratingMeasures);
    await cube('stats_rating_channel_days', 'day', false, ['channel'], ratingMeasures);

    // Time each window was open (not paused or closed) per local day and clerk at it, and where
    // each window stands now, from which the next span is counted.
    await q.query(`
      create table stats_window_days (
        hall_id uuid not null constraint fk_stats_window_days_hall references halls(id) on delete cascade,
        window_id uuid not null,
        clerk_id uuid,
        local_date date not null,
        open_ms bigint not null default 0,
        constraint uq_stats_window_days unique nulls not distinct (hall_id, local_date, window_id, clerk_id)
      )`);
    await q.query(`
      create table stats_window_state (
        window_id uuid constraint pk_stats_window_state primary key,
        hall_id uuid not null constraint fk_stats_window_state_hall references halls(id) on delete cascade,
        status text not null constraint ck_stats_window_state_status check (status in ('open', 'paused', 'closed')),
        clerk_id uuid,
        since timestamptz not null
      )`);

    // Null until the first rebuild: the application rebuilds at start, so a database that had
    // cases and tickets before this migration gets its history counted once.
    await q.query(`
      create table stats_rollup_state (
        id boolean constraint pk_stats_rollup_state primary key default true constraint ck_stats_rollup_state_one check (id),
        rebuilt_at timestamptz
      )`);
    await q.query(`insert into stats_rollup_state (rebuilt_at) values (null)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'stats_rollup_state',
      'stats_window_state',
      'stats_window_days',
      'stats_rating_channel_days',
      'stats_rating_months',
      'stats_rating_days',
      'stats_queue_days',
      'stats_queue_category_days',
      'stats_queue_hour_months',
      'stats_queue_months',
      'stats_queue_hours',
      'stats_case_item_days',
      'stats_case_months',
      'stats_case_days',
    ]) {
      await q.query(`drop table if exists ${table}`);
    }
  }
}
