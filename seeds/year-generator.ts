import 'reflect-metadata';
import { resolve } from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { applicantColumns } from '../src/cases/applicant-identity';
import { chineseDaysSchedule } from '../src/calendar/chinese-days-schedule';
import { loadConfig } from '../src/config/app-config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { seal } from '../src/pii/domain/field-cipher';
import { loadPiiKeyRing } from '../src/pii/pii-keys';
import { StatsRollupState } from '../src/stats/entities/stats-rollup-state.entity';
import { RebuildService } from '../src/stats/rebuild.service';
import { seedDemoHall } from './demo-hall.seed';
import {
  caseHistorySteps,
  caseSteps,
  cloneConfigurationSteps,
  cloneHallStep,
  dimensionSteps,
  generatedApplicant,
  ratingSteps,
  Step,
  ticketSteps,
  windowEventSteps,
  workingDaysStep,
} from './year-generator.sql';

/**
 * `npm run seed:year`: a year of a busy city's halls for the reports and their benchmark — by
 * default five halls of 48 windows with 2,430 tickets and 810 cases each of the 248 working days of 2025,
 * i.e. 3,013,200 tickets and 1,004,400 cases, their ratings and 差评 rectification tasks
 * and the windows' open/pause/close events — then the statistics roll-ups built from them.
 *
 * It writes the queue's, cases' and evaluation's tables directly with INSERT … SELECT over
 * generate_series (the modules' services would take days for this): the current state of each
 * ticket, case and rating, not the history of every move, which no report reads (open cases get
 * their receive and accept events, so the overdue drill-down has a trail). The mix follows the
 * domain: 即办件 concluded on the spot, promised cases mostly on time and often early, some
 * suspended (挂起) or extended (延期), some late and some still open past due at the year's end,
 * not accepted, withdrawn, aborted and returned cases, second visits after a correction notice.
 *
 * Settings (environment): DATABASE_URL (else the embedded database of `npm start`), YEAR (2025),
 * HALLS (5), SCALE (1 = the volumes above; 0.01 for a quick try). Halls already generated
 * (codes YEAR-1…) are refused: the append-only history tables cannot be cleared.
 */

export interface GeneratorOptions {
  year: number;
  halls: number;
  scale: number;
  log: (message: string) => void;
}

export interface GeneratorResult {
  hallIds: string[];
  tickets: number;
  cases: number;
  ratings: number;
  /** Wall time, and the time the roll-up builds took (they overlap the other connection's loading). */
  seconds: { total: number; rebuild: number };
}

const TICKETS_PER_DAY = 2430;
const CASES_PER_DAY = 810;

/** Working days of the year and the next (dues run past 31 December) from the national schedule; Monday to Friday where none is loaded. */
function workingDays(year: number): string[] {
  const schedule = chineseDaysSchedule().years;
  const days: string[] = [];
  for (const y of [year, year + 1]) {
    const special = new Map((schedule.get(y) ?? []).map((d) => [d.date, d.kind]));
    for (let t = Date.UTC(y, 0, 1); t < Date.UTC(y + 1, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const weekend = [0, 6].includes(new Date(t).getUTCDay());
      const kind = special.get(date);
      if (kind === 'makeup_workday' || (!weekend && kind !== 'holiday')) days.push(date);
    }
  }
  return days;
}

export async function generateYear(dataSource: DataSource, opts: GeneratorOptions): Promise<GeneratorResult> {
  const [{ count }] = await dataSource.query(`select count(*)::int as count from halls where code like 'YEAR-%'`);
  if (count > 0) throw new Error(`this database already holds generated halls (YEAR-1…); use an empty one`);
  const templateId = await seedDemoHall(dataSource);
  const days = workingDays(opts.year);
  const lastDay = days.filter((d) => d.startsWith(String(opts.year))).at(-1)!;
  const load = {
    templateId,
    days,
    year: opts.year,
    tickets: Math.max(1, Math.round(TICKETS_PER_DAY * opts.scale)),
    cases: Math.max(1, Math.round(CASES_PER_DAY * opts.scale)),
    // The last working afternoon of the year: cases that would end after it are still open.
    now: `${lastDay} 16:00`,
  };
  const started = performance.now();
  const rebuilder = new RebuildService(dataSource);
  const rebuildSeconds: number[] = [];
  const hallIds: string[] = [];
  // Two connections, one hall each at a time: PostgreSQL uses a core per connection. A hall's
  // roll-ups are built right after it is loaded, while the other connection loads the next hall.
  const workers = Math.min(2, opts.halls);
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      try {
        const newId = await prepareSession(runner, days);
        for (let h = w + 1; h <= opts.halls; h += workers) {
          const hallStarted = performance.now();
          const hallId = await loadHall(runner, h, newId, load, opts.log);
          hallIds.push(hallId);
          opts.log(`hall YEAR-${h}: loaded in ${Math.round((performance.now() - hallStarted) / 1000)} s; building its roll-ups…`);
          const rebuilt = await rebuilder.rebuild(hallId, { compare: false });
          rebuildSeconds.push(rebuilt.tookMs / 1000);
          opts.log(`hall YEAR-${h}: roll-ups built in ${Math.round(rebuilt.tookMs / 1000)} s`);
        }
      } finally {
        await runner.release();
      }
    }),
  );
  const [totals] = await dataSource.query(
    `select (select count(*)::int from tickets t join halls h on h.id = t.hall_id where h.code like 'YEAR-%') as tickets,
            (select count(*)::int from cases c join halls h on h.id = c.hall_id where h.code like 'YEAR-%') as cases,
            (select count(*)::int from ratings r join halls h on h.id = r.hall_id where h.code like 'YEAR-%') as ratings`,
  );
  await dataSource.query('analyze');
  const rebuild = Math.round(rebuildSeconds.reduce((a, b) => a + b, 0));
  return { hallIds, ...totals, seconds: { total: Math.round((performance.now() - started) / 1000), rebuild } };
}

/** The session's settings for a bulk load; the id function to use. */
async function prepareSession(runner: QueryRunner, days: string[]): Promise<string> {
  // Nothing here is worth an fsync per statement; a crash means running the generator again on an empty database.
  await runner.query(`set synchronous_commit = off`);
  // Every reference is made by the generator itself, consistently: skipping the foreign-key
  // triggers for the bulk load (a superuser's setting) roughly halves it; without it, it is slower.
  const [{ superuser, v7 }] = await runner.query(
    `select rolsuper as superuser, to_regprocedure('uuidv7()') is not null as v7 from pg_roles where rolname = current_user`,
  );
  if (superuser) await runner.query(`set session_replication_role = replica`);
  await run(runner, workingDaysStep(days));
  // Time-ordered ids (PostgreSQL 18) append to the primary keys' indexes instead of scattering over them.
  return v7 ? 'uuidv7' : 'gen_random_uuid';
}

interface HallLoad {
  templateId: string;
  days: string[];
  year: number;
  tickets: number;
  cases: number;
  now: string;
}

async function loadHall(runner: QueryRunner, h: number, newId: string, load: HallLoad, log: (m: string) => void): Promise<string> {
  const [{ id: hallId }] = await runner.query(...query(cloneHallStep(load.templateId, `YEAR-${h}`, `第${h}政务服务中心（年度数据）`)));
  await run(
    runner,
    [
      ...cloneConfigurationSteps(load.templateId, hallId, h),
      ...dimensionSteps(hallId, h),
      ...windowEventSteps(hallId, load.year),
      ...ticketSteps(hallId, h, load.year, load.tickets, newId),
      ...caseSteps(hallId, h, load.year, load.cases, load.now, newId),
      ...caseHistorySteps(hallId),
      ...ratingSteps(hallId, load.now, newId),
    ],
    (m) => log(`hall YEAR-${h}: ${m}`),
  );
  await sealGeneratedApplicants(runner);
  return hallId;
}

/** Seals the applicants the SQL steps wrote as 'pending', with the app's key ring, a batch at a time. */
async function sealGeneratedApplicants(runner: QueryRunner): Promise<void> {
  const ring = await loadPiiKeyRing(loadConfig().PII_KEYS, runner);
  const sealer = { seal: (value: string, context: string) => seal(ring, value, context), fingerprint: () => '' };
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows: { id: string; r_dec: number }[] = await runner.query(
      `select id, r_dec from gen_cases where id > $1 order by id limit 5000`,
      [after],
    );
    if (rows.length === 0) return;
    const sealed = rows.map((r) => applicantColumns(sealer, r.id, { ...generatedApplicant(r.r_dec), contactName: null }));
    await runner.query(
      `update cases c set applicant_name_enc = v.n, applicant_id_enc = v.i, contact_phone_enc = v.p
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as v(id, n, i, p) where c.id = v.id`,
      [
        rows.map((r) => r.id),
        sealed.map((s) => s.applicantNameSealed),
        sealed.map((s) => s.applicantIdSealed),
        sealed.map((s) => s.contactPhoneSealed),
      ],
    );
    after = rows[rows.length - 1].id;
  }
}

const query = (step: Step): [string, unknown[]] => [step.sql, step.params];

async function run(runner: QueryRunner, steps: readonly Step[], log?: (message: string) => void): Promise<void> {
  for (const step of steps) {
    const started = performance.now();
    await runner.query(...query(step));
    const ms = performance.now() - started;
    if (log && ms > 2000) log(`${step.sql.trim().split(/\s+/).slice(0, 3).join(' ')}… ${(ms / 1000).toFixed(1)} s`);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dir: resolve(process.env.EMBEDDED_PG_DIR ?? '.data/postgres'),
        persistent: true,
        preferredPort: 54329,
      });
  const dataSource = await new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL ?? embedded!.url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [StatsRollupState],
  }).initialize();
  const log = (m: string) => process.stdout.write(`[seed:year] ${m}\n`);
  try {
    await runMigrations(dataSource);
    const result = await generateYear(dataSource, {
      year: Number(process.env.YEAR ?? 2025),
      halls: Number(process.env.HALLS ?? 5),
      scale: Number(process.env.SCALE ?? 1),
      log,
    });
    log(
      `${result.tickets.toLocaleString('en-US')} tickets, ${result.cases.toLocaleString('en-US')} cases, ${result.ratings.toLocaleString('en-US')} ratings ` +
        `in ${result.hallIds.length} halls in ${result.seconds.total} s (of which roll-up builds ${result.seconds.rebuild} s)`,
    );
  } finally {
    await dataSource.destroy();
    if (embedded?.owned) await embedded.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`seed:year failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
