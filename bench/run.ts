// `npm run bench`: every benchmark in one run against a throw-away PostgreSQL and the built server
// in child processes, loopback only; figures with their targets and the machine go to bench/RESULTS.md.
// `npm run bench -- --only=issue,display` runs some sections and prints the page instead of writing it;
// `--cpu-prof=<dir>` has each server instance write a V8 CPU profile there when it stops (summarise one with
// `node dist-bench/bench/profile-summary.js <file>`); a profiled run is printed, never written.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Freshness from '../scripts/build-freshness.cjs';
import { callNextBench, MoveCostProbe } from './call-next.bench';
import { ceilingBench, CeilingRun, PLATFORMS } from './ceiling.bench';
import { cityBench, CityStep } from './city.bench';
import { displayBench, WARMUP_CALLS } from './display.bench';
import { issueBench } from './issue.bench';
import { reportsSection, runReportsBench } from './reports.bench';
import { uploadBench } from './upload.bench';
import { BenchHall, createBenchHall } from './lib/bench-hall';
import { load1, machine } from './lib/machine';
import { measureMoveCost, MoveCost } from './lib/move-cost';
import { pgbenchInsertRate, PgbenchResult, startBenchPostgres } from './lib/postgres';
import { ROOT, ServerInstance, startServer } from '../test/support/server-process';

export interface SummaryRow {
  figure: string;
  result: string;
  target: string;
  met: boolean | null;
  load: number;
}

export interface SectionResult {
  rows: SummaryRow[];
  /** Markdown: how it was measured and the detail behind the summary rows. */
  details: string;
}

/** What a section gets: the first instance, a way to start more, the database and the halls made for the bench. */
export interface BenchContext {
  databaseUrl: string;
  instance: ServerInstance;
  startInstance(): Promise<ServerInstance>;
  /** A hall of `windows` windows, made once per code and shared by the sections that ask for it. */
  hall(code: string, windows: number): Promise<BenchHall>;
  /** pgbench's single-row insert rate on the bench's database, taken once per run by the first section that asks. */
  pgbench(): Promise<PgbenchResult & { load: number }>;
  /** The no-database ceiling of the app's own set-up (Nest + Fastify), taken once per run by the first section that asks. */
  appCeiling(): Promise<CeilingRun>;
  /** What a stretch of load costs per move: statements, PostgreSQL's and the running instances' CPU. */
  moveCost: MoveCostProbe;
}

export interface Section {
  key: string;
  title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}

// Loaded from the source tree at run time: the compiled bench lives in dist-bench/, where no copy of it is.
const freshness = createRequire(__filename)(join(ROOT, 'scripts', 'build-freshness.cjs')) as typeof Freshness;

const POOL_SIZE = 20;
/** Halls in each step of the city run; `--city-halls=1,5` for a shorter one. */
let CITY_HALLS = [1, 20, 200];
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const mb = (mib: number) => mib * 1.048576;

/** 750 calls/s is 2,250 moves/s (each call needs a start and a finish before the window's next): the CPU of both cores for all of it. */
const MOVE_CPU_BUDGET_MS = (2 * 1000) / 2250;

function costRow(figure: string, c: MoveCost, load: number, target: string, met: boolean | null): SummaryRow {
  return {
    figure,
    result: `${c.statementsPerMove.toFixed(2)} round trips · ${c.postgresCpuMsPerMove.toFixed(2)} ms PostgreSQL CPU (${c.statementMsPerMove.toFixed(2)} ms in statements) · ${c.serverCpuMsPerMove.toFixed(2)} ms server CPU`,
    target,
    met,
    load,
  };
}

function costDetails(what: string, c: MoveCost): string {
  return [
    `Per ${what}, over ${f0(c.moves)} of them: ${c.statementsPerMove.toFixed(2)} statements sent (each one round trip; pg_stat_statements, BEGIN and`,
    `COMMIT included), ${c.statementMsPerMove.toFixed(2)} ms of statement time in PostgreSQL (execution + planning, lock waits included),`,
    `${c.postgresCpuMsPerMove.toFixed(2)} ms of CPU in all PostgreSQL processes and ${c.serverCpuMsPerMove.toFixed(2)} ms in the server (/proc, user + system).`,
    'The statements with the most database time, then those sent most often:',
    '',
    '| statement (start) | calls per ' + what + ' | ms per ' + what + ' |',
    '|---|---|---|',
    ...c.top.map((t) => `| \`${t.query.replace(/\|/g, '\\|')}\` | ${t.callsPerMove.toFixed(3)} | ${t.msPerMove.toFixed(3)} |`),
  ].join('\n');
}

const SECTIONS: Section[] = [
  {
    key: 'issue',
    title: 'Ticket issuance over HTTP (autocannon)',
    async run(ctx) {
      const r = await issueBench(
        ctx.instance.url,
        ctx.databaseUrl,
        [await ctx.hall('BENCH-RATE', 10), await ctx.hall('BENCH-MAX', 10)],
        ctx.pgbench,
        ctx.moveCost,
      );
      const ceiling = await ctx.appCeiling();
      const ofCeiling = r.max.perSecond / ceiling.ticketsPerSecond;
      return {
        rows: [
          {
            figure: 'tickets/s (32 connections)',
            result: f0(r.max.perSecond),
            target: '—',
            met: null,
            load: r.max.load,
          },
          {
            figure: 'tickets/s ÷ the no-database ceiling (Nest + Fastify)',
            result: `${f0(r.max.perSecond)} ÷ ${f0(ceiling.ticketsPerSecond)} = ${ofCeiling.toFixed(2)}`,
            target: '≥ 0.6',
            met: ofCeiling >= 0.6,
            load: r.max.load,
          },
          {
            figure: 'tickets/s ÷ pgbench single-row inserts/s (information)',
            result: `${f0(r.max.perSecond)} ÷ ${f0(r.ceiling.tps)} = ${r.ratio.toFixed(2)}`,
            target: '—',
            met: null,
            load: r.ceiling.load,
          },
          costRow('per issued ticket', r.cost, r.max.load, '≤ 1 round trip', r.cost.statementsPerMove <= 1),
          {
            figure: 'latency at 200 requests/s, p50 / p99',
            result: `${f1(r.atRate.p50Ms)} / ${f1(r.atRate.p99Ms)} ms`,
            target: '—',
            met: null,
            load: r.atRate.load,
          },
          {
            figure: 'duplicate numbers / acknowledged tickets missing',
            result: `${r.duplicates} / ${r.missing}`,
            target: '0 / 0',
            met: r.duplicates === 0 && r.missing === 0,
            load: r.max.load,
          },
        ],
        details: [
          `POST /api/halls/{hallId}/tickets with the hall's kiosk device token, \`{categoryId, source: "kiosk"}\` round robin over five`,
          'categories without daily cap or issuing hours; ten open windows. Each run in a hall of its own, starting empty.',
          '',
          '| run | requests | 2xx | failed | p50 | p99 | load |',
          '|---|---|---|---|---|---|---|',
          `| ${r.atRate.rate}/s for ${r.atRate.seconds} s, 20 connections | ${f0(r.atRate.issued + r.atRate.failed)} | ${f0(r.atRate.issued)} | ${r.atRate.failed} | ${f1(r.atRate.p50Ms)} ms | ${f1(r.atRate.p99Ms)} ms | ${r.atRate.load} |`,
          `| as fast as possible for ${r.max.seconds} s, ${r.max.connections} connections | ${f0(r.max.issued + r.max.failed)} | ${f0(r.max.issued)} (${f0(r.max.perSecond)}/s) | ${r.max.failed} | ${f1(r.max.p50Ms)} ms | ${f1(r.max.p99Ms)} ms | ${r.max.load} |`,
          '',
          `Ceiling: \`pgbench -n -c ${r.ceiling.clients} -j 2 -T ${r.ceiling.seconds}\` (${r.ceiling.version}), one \`insert into bench_ceiling (v) values (…)\``,
          `per transaction, as many clients as one instance's pool: ${f0(r.ceiling.tps)} inserts/s (load ${r.ceiling.load}).`,
          '',
          costDetails('ticket', r.cost),
        ].join('\n'),
      };
    },
  },
  {
    key: 'call-next',
    title: 'Call-next with 50 concurrent windows',
    async run(ctx) {
      const r = await callNextBench(ctx.instance.url, ctx.databaseUrl, await ctx.hall('BENCH-CALL', 50), ctx.moveCost);
      const ceiling = await ctx.appCeiling();
      const ofCeiling = r.callsPerSecond / ceiling.callsPerSecond;
      const cpu = r.cost.postgresCpuMsPerMove + r.cost.serverCpuMsPerMove;
      return {
        rows: [
          {
            figure: `calls/s, ${r.windows} windows`,
            result: f0(r.callsPerSecond),
            target: '≥ 750',
            met: r.callsPerSecond >= 750,
            load: r.load,
          },
          {
            figure: 'calls/s ÷ the no-database ceiling of the same loop (Nest + Fastify)',
            result: `${f0(r.callsPerSecond)} ÷ ${f0(ceiling.callsPerSecond)} = ${ofCeiling.toFixed(2)}`,
            target: '≥ 0.35',
            met: ofCeiling >= 0.35,
            load: r.load,
          },
          costRow(
            'per move of the call-next loop (call-next, start or finish)',
            r.cost,
            r.load,
            '≤ 1 round trip',
            r.cost.statementsPerMove <= 1,
          ),
          {
            figure: 'CPU per move, PostgreSQL + server',
            result: `${cpu.toFixed(2)} ms`,
            target: `≤ ${MOVE_CPU_BUDGET_MS.toFixed(2)} ms (2 cores ÷ 2,250 moves/s)`,
            met: cpu <= MOVE_CPU_BUDGET_MS,
            load: r.load,
          },
          {
            figure: 'tickets called twice (database)',
            result: String(r.calledTwice),
            target: '0',
            met: r.calledTwice === 0 && r.unaccounted === 0,
            load: r.load,
          },
        ],
        details: [
          `${r.windows} open windows, each with its own clerk, loop as fast as they can: call-next, then start and finish the`,
          `ticket (a window calls again only once its desk is clear). Backlog ${f0(r.backlog)} kiosk tickets over five categories.`,
          '',
          `- ${f0(r.calls)} calls in ${f1(r.seconds)} s: ${f0(r.callsPerSecond)} calls/s, ${f0(r.movesPerSecond)} moves/s (call-next, start, finish)`,
          `- call-next latency p50 ${f1(r.p50Ms)} ms, p99 ${f1(r.p99Ms)} ms; ${r.failed} failed requests${
            r.failed
              ? ` (${Object.entries(r.failures)
                  .map(([k, n]) => `${k}: ${n}`)
                  .join(', ')})`
              : ''
          }`,
          `- database: ${r.calledTwice} tickets with more than one call event; ${r.unaccounted} call events without a 200 (or the reverse)`,
          '',
          costDetails('move', r.cost),
        ].join('\n'),
      };
    },
  },
  {
    key: 'ceiling',
    title: "The HTTP layer's ceiling: the same requests with no database",
    async run(ctx) {
      const runs: CeilingRun[] = [];
      for (const platform of PLATFORMS) runs.push(platform === 'app' ? await ctx.appCeiling() : await ceilingBench(platform));
      const half = (await ctx.pgbench()).tps / 2;
      const label: Record<CeilingRun['platform'], string> = {
        app: "the app's set-up (Nest + Fastify)",
        express: 'Nest + Express, as the app was until 2026-12',
        node: 'node:http, no framework',
      };
      const verdict = (r: CeilingRun) =>
        [
          r.callsPerSecond >= 1000 ? 'leaves room for 1,000 calls/s' : `**below 1,000 calls/s**`,
          r.ticketsPerSecond >= half ? `leaves room for ½ pgbench (${f0(half)}/s)` : `**below ½ pgbench (${f0(half)}/s)**`,
        ].join('; ');
      return {
        rows: runs.map((r) => ({
          figure: `no database, ${label[r.platform]}: tickets/s · calls/s`,
          result: `${f0(r.ticketsPerSecond)} · ${f0(r.callsPerSecond)}`,
          target: '—',
          met: null,
          load: r.callLoad,
        })),
        details: [
          'The issuance route (autocannon, 32 connections) and the call-next loop (50 windows: call-next, start, finish, the',
          'client of the call-next section) for 10 s each after a 2 s warm-up, against a server whose services answer from',
          'memory (`lib/ceiling-server.ts`): the same controllers, DTOs, global validation pipe, deny-by-default guard (HMAC',
          'check of the staff token, then its account or the kiosk token from a warm cache) and exception filter, the same',
          'answers in shape and size, but no database, no queue rules and no pushes. The real routes do all of this and the',
          "database's work besides, so these figures bound the real ones from above. CPU is the server process's user +",
          'system time per request.',
          '',
          '| HTTP layer | tickets/s | CPU per ticket | calls/s | CPU per move | failed | load | the targets |',
          '|---|---|---|---|---|---|---|---|',
          ...runs.map(
            (r) =>
              `| ${label[r.platform]} | ${f0(r.ticketsPerSecond)} | ${r.issueCpuMs.toFixed(2)} ms | ${f0(r.callsPerSecond)} | ${r.moveCpuMs.toFixed(2)} ms | ${r.failed} | ${r.callLoad} | ${verdict(r)} |`,
          ),
        ].join('\n'),
      };
    },
  },
  {
    key: 'display',
    title: 'Hall display push (socket.io) and memory',
    async run(ctx) {
      // Its own hall: the call-next run may end with tickets still called at its windows.
      const hall = await ctx.hall('BENCH-DISPLAY', 10);
      // The first instance has served the sections before: its heap grew with them and V8 keeps what it grew to.
      const usedMiB = ctx.instance.rssMiB();
      // One instance's figures on a fresh one, so that "idle" is a server at rest, not one just out of a load test.
      const fresh = await ctx.startInstance();
      await new Promise((r) => setTimeout(r, 3000));
      const freshMiB = fresh.rssMiB();
      let one: Awaited<ReturnType<typeof displayBench>>;
      try {
        one = await displayBench([fresh], hall);
      } finally {
        await fresh.stop();
      }
      const second = await ctx.startInstance();
      const two = await displayBench([ctx.instance, second], hall);
      const third = await ctx.startInstance();
      const three = await displayBench([ctx.instance, second, third], hall, 3000);
      await third.stop();
      await second.stop();
      const line = (r: typeof one) =>
        `| ${r.instances} | ${f0(r.clients)} | ${r.calls} | ${f0(r.delivered)} of ${f0(r.expected)} | ${f1(r.p50Ms)} ms | ${f1(r.p99Ms)} ms | ${f1(r.maxMs)} ms | ${f1(r.firstArrivalMs)} / ${f1(r.lastArrivalMs)} ms | ${r.load} |`;
      return {
        rows: [
          {
            figure: 'call → 1,000 screens, one instance, p50 / p99',
            result: `${f1(one.p50Ms)} / ${f1(one.p99Ms)} ms`,
            target: 'p99 ≤ 50 ms',
            met: one.p99Ms <= 50 && one.delivered === one.expected,
            load: one.load,
          },
          {
            figure: 'call → 1,000 screens over two instances, p50 / p99',
            result: `${f1(two.p50Ms)} / ${f1(two.p99Ms)} ms`,
            target: 'p99 ≤ 150 ms',
            met: two.p99Ms <= 150 && two.delivered === two.expected,
            load: two.load,
          },
          {
            figure: 'call → 3,000 screens over three instances, p50 / p99',
            result: `${f1(three.p50Ms)} / ${f1(three.p99Ms)} ms`,
            target: '— (reported)',
            met: null,
            load: three.load,
          },
          {
            figure: 'resident size, one instance idle (started 3 s before, nothing served)',
            result: `${f0(mb(freshMiB))} MB`,
            target: '≤ 200 MB',
            met: mb(freshMiB) <= 200,
            load: one.load,
          },
          {
            figure: 'resident size, one instance idle after serving the sections before this one',
            result: `${f0(mb(usedMiB))} MB`,
            target: '≤ 200 MB',
            met: mb(usedMiB) <= 200,
            load: one.load,
          },
          {
            figure: 'resident size, one instance holding 1,000 sockets (most seen during the calls)',
            result: `${f0(mb(one.rssPeakMiB))} MB`,
            target: '≤ 250 MB',
            met: mb(one.rssPeakMiB) <= 250,
            load: one.load,
          },
        ],
        details: [
          '1,000 socket.io clients (websocket transport, each its own connection) with the hall display token join the',
          `display room; ${one.calls} calls are made 250 ms apart by the windows in turn (each ticket then started and finished),`,
          `after ${WARMUP_CALLS} warm-up calls that are not counted (the first calls of a fresh process run uncompiled code).`,
          'Screens get `display.state` (waiting counts, windows) at most once a second and only when it changed; calls go out at once.',
          "Latency is from the call event's `at` (taken by the server just before the call's transaction, so it includes the",
          "transaction) to the `ticket.called` event's arrival at each client; clients, servers and PostgreSQL share this",
          'machine and its clock, and the 1,000 clients run in two worker threads of the bench process, so their own parsing',
          'adds to the figure. "first / last screen" is, for the median call, the latency of the first and the last screen to get it.',
          'Over two instances, the clients are split 500/500 and the calls alternate between the instances: half of the',
          'deliveries cross instances through the PostgreSQL adapter. Then 3,000 clients over three instances (1,000 each), the calls',
          'going round the three: two thirds of the deliveries cross instances; the 3,000 clients still run in the two worker threads,',
          'so on this machine their own backlog is part of that figure.',
          '',
          '| instances | clients | calls | delivered | p50 | p99 | max | first / last screen (median call) | load |',
          '|---|---|---|---|---|---|---|---|---|',
          line(one),
          line(two),
          line(three),
          '',
          `Resident size (VmRSS of the server process, 1 MB = 10⁶ bytes). The one-instance run is on an instance started for it:`,
          `${f0(mb(freshMiB))} MB idle 3 s after its start, ${f0(mb(one.rssBeforeMiB))} MB after the tickets for the run were issued, ${f0(mb(one.rssConnectedMiB))} MB with the`,
          `1,000 clients connected, at most ${f0(mb(one.rssPeakMiB))} MB during the calls. The first instance, idle after serving the issuance,`,
          `call-next and ceiling sections: ${f0(mb(usedMiB))} MB (V8 keeps the heap it grew to under that load; see bench/README.md).`,
        ].join('\n'),
      };
    },
  },
  {
    key: 'clock',
    title: 'Deadline clock (`npm run bench:clock`)',
    async run() {
      const out = execFileSync(process.execPath, [join(ROOT, 'dist-bench', 'bench', 'clock.bench.js')], { encoding: 'utf8' });
      const load = load1();
      const rate = Number(/indexed computeDue\s+([\d,]+)/.exec(out)?.[1]?.replace(/,/g, ''));
      return {
        rows: [{ figure: 'due dates/s, indexed clock, one thread', result: f0(rate), target: '≥ 1,000,000', met: rate >= 1_000_000, load }],
        details: ['```', out.trim(), '```'].join('\n'),
      };
    },
  },
  {
    key: 'upload',
    title: 'Material file uploads through the API against cp',
    async run(ctx) {
      const hall = await ctx.hall('BENCH-UPLOAD', 1);
      const r = await uploadBench(ctx.databaseUrl, hall.windows[0].clerkToken, hall.hallId);
      const [pg, s3] = r.api;
      const runs = [r.cp, r.cpSync, ...r.api];
      return {
        rows: [
          {
            figure: `upload of ${f0(r.fileBytes / 1e6)} MB through the API, postgres driver · s3 driver`,
            result: `${f0(pg.median)} · ${f0(s3.median)} MB/s`,
            target: '—',
            met: null,
            load: pg.load,
          },
          {
            figure: 'the same bytes by cp · by cp then sync, same disk',
            result: `${f0(r.cp.median)} · ${f0(r.cpSync.median)} MB/s`,
            target: '—',
            met: null,
            load: r.cp.load,
          },
        ],
        details: [
          `One ${f1(r.fileBytes / 2 ** 20)} MiB JPEG (\`bigJpeg\` of test/support/material-fixtures.ts) in the temp folder (${r.fileSystem}) that also holds the`,
          "bench's PostgreSQL and the s3rver objects. Each line three times, the median shown: `cp` of it beside itself; `cp` then `sync` of",
          'the copy (the copy on the disk, as a committed upload is); and POST /api/halls/{hallId}/uploads (multipart, streamed from',
          'the file by node:http, the server reading the type, hashing and storing) to a server on each driver. The postgres driver',
          'writes a 1 MiB bytea row per statement (WAL, then the table: each byte is written twice, fsync at each commit).',
          '',
          '| how | MB/s (median) | runs | load |',
          '|---|---|---|---|',
          ...runs.map((x) => `| ${x.label} | ${f0(x.median)} | ${x.rates.map(f0).join(', ')} | ${x.load} |`),
          '',
          `Peak resident size of the server while uploading: ${Object.entries(r.peakRssMiB)
            .map(([k, v]) => `${k} ${v} MiB`)
            .join(', ')}.`,
        ].join('\n'),
      };
    },
  },
  {
    key: 'city',
    title: 'A city on one deployment: halls of ten windows on two instances',
    async run(ctx) {
      const second = await ctx.startInstance();
      let steps: CityStep[];
      try {
        steps = await cityBench([ctx.instance, second], CITY_HALLS, ctx.moveCost);
      } finally {
        await second.stop();
      }
      const dbCpu = (s: CityStep) => s.cost.postgresCpuMsPerMove;
      const last = steps[steps.length - 1];
      const first = steps[0];
      return {
        rows: steps.map((s) => ({
          figure: `city, ${f0(s.halls)} halls × 10 windows, two instances: calls/s · call-next p99 · display p99 · DB CPU per move`,
          result: `${f0(s.callsPerSecond)} · ${f1(s.callP99Ms)} ms · ${f1(s.displayP99Ms)} ms · ${dbCpu(s).toFixed(2)} ms`,
          target: '— (reported)',
          met: null,
          load: s.load,
        })),
        details: [
          'Halls made through the API as in the other sections (five categories, ten comprehensive windows, a clerk each, a kiosk',
          'and a display token), all in one database, served by two instances; each window calls at most every 2 s (then starts',
          'and finishes the ticket), its requests going to one of the two instances, for 10 s; two screens per hall, one on each',
          'instance. "DB CPU" is the CPU of all PostgreSQL processes per move (call-next, start or finish), from /proc.',
          '',
          '| halls | windows | calls | calls/s | call-next p99 | display p99 (deliveries) | round trips per move | DB CPU per move | server CPU per move | failed | load |',
          '|---|---|---|---|---|---|---|---|---|---|---|',
          ...steps.map(
            (s) =>
              `| ${f0(s.halls)} | ${f0(s.windows)} | ${f0(s.calls)} | ${f0(s.callsPerSecond)} | ${f1(s.callP99Ms)} ms | ${f1(s.displayP99Ms)} ms (${f0(s.delivered)}) | ${s.cost.statementsPerMove.toFixed(2)} | ${dbCpu(s).toFixed(2)} ms | ${s.cost.serverCpuMsPerMove.toFixed(2)} ms | ${s.failed} | ${s.load} |`,
          ),
          '',
          `From ${f0(first.halls)} to ${f0(last.halls)} halls the database's CPU per move went from ${dbCpu(first).toFixed(2)} to ${dbCpu(last).toFixed(2)} ms.`,
          `At that cost, 2,000 halls × 10 windows at the pace here (10,000 calls/s, 30,000 moves/s) would need about`,
          `${f0((30000 * dbCpu(last)) / 1000)} cores of PostgreSQL and ${f0((30000 * last.cost.serverCpuMsPerMove) / 1000)} cores of server; at a real hall's pace (a call every 2–3 minutes`,
          `per window, ~130–170 calls/s for the city) about ${f1((500 * dbCpu(last)) / 1000)} and ${f1((500 * last.cost.serverCpuMsPerMove) / 1000)} cores. See bench/README.md for connections and database size.`,
          '',
          `The largest step, move by move (call-next, start or finish):`,
          '',
          costDetails('move', last.cost),
        ].join('\n'),
      };
    },
  },
  {
    key: 'reports',
    title: "Managers' reports on a generated year (`npm run bench:reports`)",
    async run() {
      return reportsSection(await runReportsBench((m) => process.stderr.write(`[bench] ${m}\n`)));
    },
  },
];

function page(started: Date, rows: [Section, SectionResult][], totalSeconds: number): string {
  const m = machine();
  const met = (v: boolean | null) => (v === null ? '—' : v ? 'met' : '**not met**');
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC in ${Math.round(totalSeconds)} s.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB memory, ${m.os}, Node ${m.node}. The server runs as built`,
    '(`dist/`, `LOG_LEVEL=warn`, pool of 20 connections) in child processes on loopback, against a throw-away embedded',
    'PostgreSQL 18 with its default durability (fsync and synchronous commit on). The CPU is shared with other users of the',
    'machine: "load" is the 1-minute load average when the figure was taken (2 cores: above 2, something else was running).',
    '',
    '| figure | result | target | | load |',
    '|---|---|---|---|---|',
    ...rows.flatMap(([, r]) => r.rows.map((row) => `| ${row.figure} | ${row.result} | ${row.target} | ${met(row.met)} | ${row.load} |`)),
    '',
    ...rows.flatMap(([s, r]) => [`## ${s.title}`, '', r.details, '']),
    '## How to reproduce',
    '',
    '```sh',
    'npm run bench                      # all sections, writes this page (a few minutes)',
    'npm run bench -- --only=display    # some sections (issue, call-next, ceiling, display, clock, upload, city, reports); prints instead of writing',
    'npm run bench -- --only=city --city-halls=1,20    # a shorter city run',
    'npm run bench -- --only=issue --cpu-prof=/tmp/prof && node dist-bench/bench/profile-summary.js /tmp/prof/*.cpuprofile',
    '```',
    '',
    'It needs `pgbench` (Debian: `apt-get install postgresql-client`) and builds `dist/` when the sources are newer.',
    'See `bench/README.md` for what each section does.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const profileDir = process.argv.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
  const cityHalls = process.argv.find((a) => a.startsWith('--city-halls='))?.slice('--city-halls='.length);
  if (cityHalls) CITY_HALLS = cityHalls.split(',').map(Number);
  const sections = only ? SECTIONS.filter((s) => only.includes(s.key)) : SECTIONS;
  if (only && sections.length !== only.length)
    throw new Error(`unknown section in --only; sections: ${SECTIONS.map((s) => s.key).join(', ')}`);
  const say = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const started = new Date();

  freshness.ensureServerBuilt(ROOT, say);
  const pg = await startBenchPostgres();
  const instances: ServerInstance[] = [];
  try {
    say(`PostgreSQL on port ${pg.port}; starting the server`);
    const startInstance = async () => {
      const s = await startServer(
        pg.url,
        { DATABASE_POOL_SIZE: String(POOL_SIZE) },
        profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      );
      instances.push(s);
      return s;
    };
    const instance = await startInstance();
    const halls = new Map<string, Promise<BenchHall>>();
    let pgbench: ReturnType<BenchContext['pgbench']> | undefined;
    let appCeiling: Promise<CeilingRun> | undefined;
    const ctx: BenchContext = {
      databaseUrl: pg.url,
      instance,
      startInstance,
      pgbench() {
        pgbench ??= pgbenchInsertRate(pg.url, POOL_SIZE, 10).then((r) => ({ ...r, load: load1() }));
        return pgbench;
      },
      appCeiling() {
        appCeiling ??= ceilingBench('app');
        return appCeiling;
      },
      moveCost: (during, movesOf) =>
        measureMoveCost(
          pg.url,
          pg.dataDir,
          instances.map((i) => i.pid),
          during,
          movesOf,
        ),
      hall(code, windows) {
        if (!halls.has(code)) halls.set(code, createBenchHall(instance.url, code, windows));
        return halls.get(code)!;
      },
    };
    const results: [Section, SectionResult][] = [];
    for (const section of sections) {
      say(`${section.key} (load ${load1()})…`);
      // A section that fails is written as such: the page still gets every other figure.
      const result = await section.run(ctx).catch((err: Error): SectionResult => ({
        rows: [
          {
            figure: `${section.key}: the section failed`,
            result: err.message.split('\n')[0].slice(0, 200),
            target: '—',
            met: false,
            load: load1(),
          },
        ],
        details: ['```', String(err.stack ?? err).slice(0, 3000), '```'].join('\n'),
      }));
      for (const row of result.rows) say(`  ${row.figure}: ${row.result} (target ${row.target}, load ${row.load})`);
      results.push([section, result]);
    }
    const text = page(started, results, (Date.now() - started.getTime()) / 1000);
    if (only || profileDir) process.stdout.write(text);
    else {
      writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), text);
      say('written to bench/RESULTS.md');
    }
  } finally {
    for (const s of instances) await s.stop();
    await pg.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`[bench] failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
