// `npm run bench:reports`: every report endpoint on a generated year (5 halls, 3,000,000 tickets,
// 1,000,000 cases — `npm run seed:year`), median and p95 over repeated requests, next to the same
// figures computed from the base tables without the statistics roll-ups; the machine's load with
// them. The year lives in its own embedded PostgreSQL under .data/bench-year (BENCH_YEAR_DATABASE_URL
// for another server) and is generated once, on the first run (some minutes); later runs reuse it.
// Writes its section of bench/RESULTS.md; `npm run bench` includes it as the `reports` section.
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { DEMO_PASSWORD } from '../seeds/demo-hall.data';
import { generateYear } from '../seeds/year-generator';
import { AppModule } from '../src/app.module';
import { configureApp, createHttpAdapter } from '../src/app.setup';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { StatsRollupState } from '../src/stats/entities/stats-rollup-state.entity';

const ROOT = resolve(__dirname, '..', '..');
const YEAR = 2025;
const RUNS = 20;
const BASELINE_RUNS = 5;
const TARGET_MS = 500;
const FROM = `${YEAR}-01-01`;
const TO = `${YEAR}-12-31`;
const TZ = 'Asia/Shanghai';

export interface ReportTiming {
  report: string;
  request: string;
  medianMs: number;
  p95Ms: number;
  baseline: { what: string; medianMs: number; p95Ms: number } | null;
  load: number;
}

export interface ReportsBenchResult {
  timings: ReportTiming[];
  volumes: { halls: number; tickets: number; cases: number; ratings: number; rollupRows: number };
  generated: Year['generated'];
  agreement: string[];
}

const load1 = () => Math.round(loadavg()[0] * 100) / 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ medianMs: number; p95Ms: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
}

interface Case {
  report: string;
  path: string;
  query: Record<string, string>;
  /** The same figures from the base tables, without the roll-ups (null: the endpoint reads no roll-up of the stats module). */
  baseline: { what: string; sql: string } | null;
}

/** Exact answers from the base tables: what a report would cost without the roll-ups and their coarser cubes. */
const CASES_IN_RANGE = `hall_id = $1 and concluded_at >= ($2::date::timestamp at time zone '${TZ}') and concluded_at < (($3::date + 1)::timestamp at time zone '${TZ}')`;
const ON_TIME = (key: string) => `
  select ${key} as key, count(*) as concluded, count(*) filter (where concluded_at <= promised_due_at) as on_time,
         count(*) filter (where (concluded_at at time zone '${TZ}')::date < (promised_due_at at time zone '${TZ}')::date) as early
    from cases where ${CASES_IN_RANGE} group by 1 order by 1`;
const QUEUE = (key: string) => `
  select ${key} as key, count(first_called_at) as called,
         count(*) filter (where first_called_at - issued_at <= interval '20 minutes') as within_target,
         count(*) filter (where status = 'no_show') as no_show,
         avg(extract(epoch from first_called_at - issued_at)) as wait_avg,
         percentile_disc(0.9) within group (order by first_called_at - issued_at) as wait_p90,
         avg(extract(epoch from finished_at - started_at)) filter (where status = 'done') as service_avg,
         percentile_disc(0.9) within group (order by finished_at - started_at) filter (where status = 'done') as service_p90
    from tickets where hall_id = $1 and local_date between $2::date and $3::date and (first_called_at is not null or status = 'cancelled')
   group by 1 order by 1`;

const RATINGS = (key: string) => `
  select ${key} as key, ${[1, 2, 3, 4, 5].map((s) => `count(*) filter (where r.score = ${s}) as s${s}`).join(', ')}, count(*) as total,
         count(*) filter (where r.score >= 4) as good, count(*) filter (where r.score <= 2) as poor, count(t.id) as tasks,
         count(t.id) filter (where t.status = 'closed') as closed_tasks
    from ratings r left join rectification_tasks t on t.rating_id = r.id
   where r.hall_id = $1 and r.rated_at >= ($2::date::timestamp at time zone '${TZ}') and r.rated_at < (($3::date + 1)::timestamp at time zone '${TZ}')
   group by 1 order by 1`;

function cases(windowId: string): Case[] {
  const range = { from: FROM, to: TO };
  return [
    {
      report: 'on-time (partner)',
      path: '/api/stats/on-time',
      query: { ...range, groupBy: 'month' },
      baseline: { what: 'cases, by month', sql: ON_TIME(`date_trunc('month', concluded_at at time zone '${TZ}')`) },
    },
    {
      report: 'on-time (partner)',
      path: '/api/stats/on-time',
      query: { ...range, groupBy: 'day' },
      baseline: { what: 'cases, by day', sql: ON_TIME(`(concluded_at at time zone '${TZ}')::date`) },
    },
    {
      report: 'on-time (partner)',
      path: '/api/stats/on-time',
      query: { ...range, groupBy: 'item' },
      baseline: { what: 'cases, by item', sql: ON_TIME('item_id') },
    },
    {
      report: 'cases',
      path: '/api/stats/cases',
      query: { ...range, groupBy: 'department' },
      baseline: {
        what: 'cases, by department, every outcome',
        sql: `select item_department_id as key, count(*) filter (where accepted_at is not null) as accepted, count(concluded_at) as concluded,
                     count(*) filter (where concluded_at <= promised_due_at) as on_time, count(*) filter (where case_type = 'instant' and concluded_at is not null) as instant,
                     count(*) filter (where visits <= 1 and concluded_at is not null) as one_visit, count(*) filter (where status = 'not_accepted') as not_accepted,
                     count(*) filter (where status = 'withdrawn') as withdrawn
                from cases where hall_id = $1 and received_at >= ($2::date::timestamp at time zone '${TZ}') and received_at < (($3::date + 1)::timestamp at time zone '${TZ}')
               group by 1`,
      },
    },
    {
      report: 'cases',
      path: '/api/stats/cases',
      query: { ...range, groupBy: 'week', windowId },
      baseline: {
        what: 'cases of one window, by week',
        sql: ON_TIME(`date_trunc('week', concluded_at at time zone '${TZ}')`).replace(
          'from cases where',
          `from cases where window_id = '${windowId}' and`,
        ),
      },
    },
    {
      report: 'queue',
      path: '/api/stats/queue',
      query: { ...range, groupBy: 'month' },
      baseline: { what: 'tickets, by month, exact percentiles', sql: QUEUE(`date_trunc('month', local_date)`) },
    },
    {
      report: 'queue',
      path: '/api/stats/queue',
      query: { ...range, groupBy: 'day' },
      baseline: { what: 'tickets, by day', sql: QUEUE('local_date') },
    },
    {
      report: 'queue',
      path: '/api/stats/queue',
      query: { ...range, groupBy: 'hour' },
      baseline: { what: 'tickets, by hour of issue', sql: QUEUE(`extract(hour from issued_at at time zone '${TZ}')`) },
    },
    {
      report: 'queue',
      path: '/api/stats/queue',
      query: { from: '2025-03-15', to: '2025-11-20', groupBy: 'window' },
      baseline: { what: 'tickets, by window', sql: QUEUE('window_id') },
    },
    {
      report: 'queue',
      path: '/api/stats/queue',
      query: { ...range, groupBy: 'category', windowId },
      baseline: {
        what: 'tickets of one window, by category',
        sql: QUEUE('issue_category_id').replace('from tickets where', `from tickets where window_id = '${windowId}' and`),
      },
    },
    {
      report: 'window-load',
      path: '/api/stats/window-load',
      query: { ...range, groupBy: 'window' },
      baseline: {
        what: 'window events and tickets, by window',
        sql: `with spans as (select window_id, status, at, lead(at) over (partition by window_id order by id) as next from window_events where hall_id = $1),
                   open as (select window_id, sum(extract(epoch from next - at)) as open_s from spans
                             where status = 'open' and at >= ($2::date::timestamp at time zone '${TZ}') and at < (($3::date + 1)::timestamp at time zone '${TZ}') group by 1),
                   busy as (select window_id, sum(extract(epoch from finished_at - started_at)) as busy_s from tickets
                             where hall_id = $1 and local_date between $2::date and $3::date and status = 'done' group by 1)
              select open.window_id, open_s, busy_s, busy_s / open_s as load from open left join busy using (window_id)`,
      },
    },
    {
      report: 'ratings',
      path: '/api/stats/ratings',
      query: { ...range, groupBy: 'month' },
      baseline: {
        what: "ratings and their tasks, by month (the evaluation module's own measure query)",
        sql: RATINGS(`date_trunc('month', r.rated_at at time zone '${TZ}')`),
      },
    },
    {
      report: 'ratings',
      path: '/api/stats/ratings',
      query: { ...range, groupBy: 'clerk' },
      baseline: { what: 'ratings and their tasks, by clerk', sql: RATINGS('r.clerk_id') },
    },
    { report: 'overdue', path: '/api/stats/overdue', query: {}, baseline: null },
  ];
}

interface Year {
  url: string;
  stop(): Promise<void>;
  /** When and how fast `npm run seed:year` filled it, if known. */
  generated: { seconds: number; load: number; at: string } | null;
}

/** The generated year: an existing server's, or the embedded one under .data/bench-year, generating it when missing. */
async function openYear(log: (m: string) => void): Promise<Year> {
  let handle: EmbeddedPostgresHandle | undefined;
  let url = process.env.BENCH_YEAR_DATABASE_URL;
  const dir = join(ROOT, '.data', 'bench-year');
  if (!url) {
    handle = await startEmbeddedPostgres({ dir, persistent: true, database: 'onewindow_year', log: () => undefined });
    url = handle.url;
  }
  // How long the generation took, kept beside the cluster for the runs that reuse it.
  const note = join(dir, 'generated.json');
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [StatsRollupState],
  }).initialize();
  let generated: Year['generated'] = handle && existsSync(note) ? JSON.parse(readFileSync(note, 'utf8')) : null;
  try {
    await runMigrations(dataSource);
    const [{ count }] = await dataSource.query(`select count(*)::int as count from halls where code like 'YEAR-%'`);
    if (count === 0) {
      log('no generated year in the database: generating one (some minutes)…');
      const result = await generateYear(dataSource, { year: YEAR, halls: 5, scale: 1, log });
      generated = { seconds: result.seconds.total, load: load1(), at: new Date().toISOString().slice(0, 16).replace('T', ' ') };
      if (handle) writeFileSync(note, JSON.stringify(generated));
    }
  } finally {
    await dataSource.destroy();
  }
  return {
    url,
    generated,
    stop: async () => {
      if (handle?.owned) await handle.stop();
    },
  };
}

/** The whole application in this process, its settings given rather than read from the environment (which `npm run bench`'s servers share). */
async function startApp(databaseUrl: string): Promise<{ app: INestApplication; base: string }> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    CLIENT_DIST_DIR: '/nonexistent',
    CASE_SWEEP_INTERVAL_SECONDS: '0',
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: ['error', 'warn'] });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

export async function runReportsBench(log: (m: string) => void): Promise<ReportsBenchResult> {
  const year = await openYear(log);
  const db = new Client({ connectionString: year.url });
  await db.connect();
  const { app, base } = await startApp(year.url);
  try {
    const [hall] = await db.query(`select id from halls where code = 'YEAR-1'`).then((r) => r.rows);
    const [window] = await db.query(`select id from windows where hall_id = $1 and number = 3`, [hall.id]).then((r) => r.rows);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'y1-manager', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const get = async (path: string, query: Record<string, string>) => {
      const res = await fetch(`${base}${path}?${new URLSearchParams({ hallId: hall.id, ...query })}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const timings: ReportTiming[] = [];
    for (const c of cases(window.id)) {
      const request = `${c.path.replace('/api/stats/', '')}?${new URLSearchParams(c.query)}`.replace(/%2C/g, ',');
      const endpoint = await timed(RUNS, () => get(c.path, c.query));
      const baseline = c.baseline
        ? {
            what: c.baseline.what,
            ...(await timed(BASELINE_RUNS, () => db.query(c.baseline!.sql, [hall.id, c.query.from ?? FROM, c.query.to ?? TO]))),
          }
        : null;
      const timing = { report: c.report, request, ...endpoint, baseline, load: load1() };
      log(
        `${request}: median ${endpoint.medianMs.toFixed(0)} ms, p95 ${endpoint.p95Ms.toFixed(0)} ms` +
          (baseline ? `; base tables ${baseline.medianMs.toFixed(0)} / ${baseline.p95Ms.toFixed(0)} ms` : '') +
          ` (load ${timing.load})`,
      );
      timings.push(timing);
    }
    const monitor = await timed(RUNS, async () => {
      const res = await fetch(`${base}/api/halls/${hall.id}/monitor`, { headers: { authorization: `Bearer ${token}` } });
      await res.json();
    });
    timings.push({ report: 'monitor', request: 'halls/{hallId}/monitor', ...monitor, baseline: null, load: load1() });
    const exportTiming = await timed(5, async () => {
      const res = await fetch(
        `${base}/api/stats/queue/export?${new URLSearchParams({ hallId: hall.id, from: FROM, to: TO, groupBy: 'day', format: 'xlsx' })}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      await res.arrayBuffer();
    });
    timings.push({
      report: 'export',
      request: 'queue/export?groupBy=day&format=xlsx (year)',
      ...exportTiming,
      baseline: null,
      load: load1(),
    });

    // The roll-ups must say what the base tables say: concluded and on-time cases per month, called tickets and first calls within 20 minutes.
    const agreement: string[] = [];
    const onTime = (await get('/api/stats/on-time', { from: FROM, to: TO })) as {
      total: { concluded: number; onTime: number; early: number };
    };
    const [raw] = (await db.query(ON_TIME('1'), [hall.id, FROM, TO])).rows;
    agreement.push(
      `on-time total: roll-ups ${onTime.total.concluded} / ${onTime.total.onTime} / ${onTime.total.early}, base tables ${raw.concluded} / ${raw.on_time} / ${raw.early}` +
        ` (concluded / on time / early): ${Number(raw.concluded) === onTime.total.concluded && Number(raw.on_time) === onTime.total.onTime && Number(raw.early) === onTime.total.early ? 'equal' : 'DIFFERENT'}`,
    );
    const queue = (await get('/api/stats/queue', { from: FROM, to: TO })) as {
      total: { called: number; withinTarget: number; noShow: number };
    };
    const [rawQueue] = (await db.query(QUEUE('1'), [hall.id, FROM, TO])).rows;
    agreement.push(
      `queue total: roll-ups ${queue.total.called} / ${queue.total.withinTarget} / ${queue.total.noShow}, base tables ${rawQueue.called} / ${rawQueue.within_target} / ${rawQueue.no_show}` +
        ` (called / within 20 min / no-show): ${Number(rawQueue.called) === queue.total.called && Number(rawQueue.within_target) === queue.total.withinTarget && Number(rawQueue.no_show) === queue.total.noShow ? 'equal' : 'DIFFERENT'}`,
    );

    const ratings = (await get('/api/stats/ratings', { from: FROM, to: TO })) as {
      total: { total: number; good: number; poor: number; tasks: number; closedTasks: number };
    };
    const [rawRatings] = (await db.query(RATINGS('1'), [hall.id, FROM, TO])).rows;
    const r = ratings.total;
    agreement.push(
      `ratings total: roll-ups ${r.total} / ${r.good} / ${r.poor} / ${r.tasks} / ${r.closedTasks}, base tables ${rawRatings.total} / ${rawRatings.good} / ` +
        `${rawRatings.poor} / ${rawRatings.tasks} / ${rawRatings.closed_tasks} (ratings / 好评 / 差评 / tasks / closed): ` +
        `${[r.total, r.good, r.poor, r.tasks, r.closedTasks].join() === [rawRatings.total, rawRatings.good, rawRatings.poor, rawRatings.tasks, rawRatings.closed_tasks].join() ? 'equal' : 'DIFFERENT'}`,
    );

    const [volumes] = (
      await db.query(
        `select (select count(*)::int from halls where code like 'YEAR-%') as halls, (select count(*)::int from tickets) as tickets,
              (select count(*)::int from cases) as cases, (select count(*)::int from ratings) as ratings,
              (select sum(n)::int from (select count(*) as n from stats_queue_hours union all select count(*) from stats_queue_days
                 union all select count(*) from stats_queue_months union all select count(*) from stats_queue_hour_months
                 union all select count(*) from stats_case_days
                 union all select count(*) from stats_case_months union all select count(*) from stats_case_item_days
                 union all select count(*) from stats_rating_days union all select count(*) from stats_rating_months
                 union all select count(*) from stats_rating_channel_days union all select count(*) from stats_window_days) x) as "rollupRows"`,
      )
    ).rows;
    return { timings, volumes, generated: year.generated, agreement };
  } finally {
    await app.close();
    await db.end();
    await year.stop();
  }
}

const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

/** Summary rows and Markdown details, in the shape of `npm run bench`'s sections. */
export function reportsSection(r: ReportsBenchResult) {
  const worst = r.timings.filter((t) => t.report !== 'export').reduce((a, b) => (b.p95Ms > a.p95Ms ? b : a));
  const rows = [
    {
      figure: `report endpoints on a year (${r.volumes.tickets.toLocaleString('en-US')} tickets, ${r.volumes.cases.toLocaleString('en-US')} cases), worst p95`,
      result: `${ms(worst.p95Ms)} (${worst.request})`,
      target: `≤ ${TARGET_MS} ms`,
      met: worst.p95Ms <= TARGET_MS,
      load: worst.load,
    },
  ];
  const details = [
    `Hall YEAR-1 of \`npm run seed:year\` (${r.volumes.halls} halls, ${r.volumes.tickets.toLocaleString('en-US')} tickets, ${r.volumes.cases.toLocaleString('en-US')} cases,`,
    `${r.volumes.ratings.toLocaleString('en-US')} ratings; ${r.volumes.rollupRows.toLocaleString('en-US')} roll-up rows in all)` +
      (r.generated
        ? `, generated on ${r.generated.at} UTC in ${r.generated.seconds} s (load ${r.generated.load}).`
        : ', generated earlier.'),
    `Each endpoint over HTTP as the hall's manager, in-process server, ${RUNS} requests after one warm-up; next to it the same figures computed by one`,
    `SQL query from the base tables (cases, tickets, window events, ratings — the modules' own indexes, no roll-up), ${BASELINE_RUNS} runs after one warm-up.`,
    'Load is the 1-minute load average after the row (2 cores: above 2, other work shared the machine).',
    '',
    '| report | request (whole of 2025 unless said) | median | p95 | from the base tables: median / p95 | | load |',
    '|---|---|---|---|---|---|---|',
    ...r.timings.map(
      (t) =>
        `| ${t.report} | \`${t.request}\` | ${ms(t.medianMs)} | ${ms(t.p95Ms)} | ` +
        (t.baseline
          ? `${ms(t.baseline.medianMs)} / ${ms(t.baseline.p95Ms)} (${t.baseline.what}) | ${(t.baseline.medianMs / t.medianMs).toFixed(0)}× |`
          : '— | |') +
        ` ${t.load} |`,
    ),
    '',
    'Check against the base tables, hall YEAR-1, 2025:',
    '',
    ...r.agreement.map((a) => `- ${a}`),
  ].join('\n');
  return { rows, details };
}

const SECTION_TITLE = "## Managers' reports — `npm run bench:reports` (issue 6)";

/** Replaces this benchmark's section of bench/RESULTS.md (or appends it), leaving the others as they are. */
function writeSection(text: string): void {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const page = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = page.indexOf(SECTION_TITLE);
  const end = start < 0 ? -1 : page.indexOf('\n## ', start + SECTION_TITLE.length);
  const section = `${SECTION_TITLE}\n\n${text}\n`;
  const next = start < 0 ? `${page.trimEnd()}\n\n${section}` : `${page.slice(0, start)}${section}${end < 0 ? '' : page.slice(end + 1)}`;
  writeFileSync(file, next);
}

async function main(): Promise<void> {
  const log = (m: string) => process.stderr.write(`[bench:reports] ${m}\n`);
  const result = await runReportsBench(log);
  const { rows, details } = reportsSection(result);
  const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const text = [
    `Run on ${started} UTC.`,
    '',
    ...rows.map((r) => `**${r.figure}: ${r.result}** (target ${r.target}, ${r.met ? 'met' : 'not met'}, load ${r.load})`),
    '',
    details,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  writeSection(text);
  log('written to bench/RESULTS.md');
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`[bench:reports] failed: ${err?.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
