/**
 * Due-date throughput of the indexed deadline clock against a day-by-day count, in one run on
 * one core. Build and run: `tsc -p tsconfig.bench.json && node dist-bench/bench/clock.bench.js`.
 * Prints only; recording the figures is left to whoever runs it.
 */
import { at, officialCalendar, STANDARD_HOURS } from '../src/calendar/domain/__fixtures__/official-schedules';
import { buildCalendarIndex } from '../src/calendar/domain/calendar-index';
import { computeDue } from '../src/calendar/domain/deadline-clock';

const INPUTS = 1 << 16;
const MIN_RUN_MS = 1500;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const CLOSE_MINUTES = 17 * 60 + 30;

/** mulberry32: a seeded generator, so every run times the same inputs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const calendar = officialCalendar();

/**
 * The baseline a careful first version would be: integer day numbers and Set look-ups rather
 * than Date objects and strings, so the ratio measures the stepping, not sloppy code.
 */
function naiveBaseline(): (startMs: number, workingDays: number) => number {
  const epochDay = (iso: string) => Date.parse(iso) / DAY_MS;
  const holidays = new Set([...calendar.holidays.keys()].map(epochDay));
  const makeup = new Set([...calendar.makeupWorkdays.keys()].map(epochDay));
  const loadedFrom = Math.min(...calendar.loadedYears);
  const loadedTo = Math.max(...calendar.loadedYears);
  const firstUnloaded = epochDay(`${loadedTo + 1}-01-01`);
  const firstLoaded = epochDay(`${loadedFrom}-01-01`);
  const isWorking = (day: number) => {
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
    const weekend = weekday === 0 || weekday === 6;
    if (day < firstLoaded || day >= firstUnloaded) return !weekend;
    return !holidays.has(day) && (!weekend || makeup.has(day));
  };
  return (startMs, workingDays) => {
    let day = Math.floor((startMs + SHANGHAI_OFFSET_MS) / DAY_MS);
    for (let counted = 0; counted < workingDays;) {
      day++;
      if (isWorking(day)) counted++;
    }
    return day * DAY_MS + CLOSE_MINUTES * 60_000 - SHANGHAI_OFFSET_MS;
  };
}

/** Calls per second over at least MIN_RUN_MS, after a warm-up pass for the JIT. */
function measure(run: (i: number) => number): number {
  for (let i = 0; i < INPUTS; i++) run(i);
  let ops = 0;
  let elapsedMs = 0;
  const started = process.hrtime.bigint();
  while (elapsedMs < MIN_RUN_MS) {
    for (let i = 0; i < INPUTS; i++) run(i);
    ops += INPUTS;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return (ops / elapsedMs) * 1000;
}

function main(): void {
  const buildStarted = process.hrtime.bigint();
  const index = buildCalendarIndex({ calendar, workingHours: STANDARD_HOURS, fromYear: 2025, toYear: 2027 });
  const buildMs = Number(process.hrtime.bigint() - buildStarted) / 1e6;

  const next = random(20250926);
  const from = at('2025-01-01 00:00');
  const span = at('2027-01-01 00:00') - from;
  const starts = new Float64Array(INPUTS);
  const limits = new Int32Array(INPUTS);
  for (let i = 0; i < INPUTS; i++) {
    starts[i] = from + Math.floor(next() * span);
    limits[i] = 1 + Math.floor(next() * 60);
  }

  const naive = naiveBaseline();
  const limit = { value: 0, unit: 'working_days' as const };
  const indexed = (i: number) => {
    limit.value = limits[i];
    return computeDue(index, starts[i], limit).dueMs;
  };
  const stepped = (i: number) => naive(starts[i], limits[i]);

  let disagreements = 0;
  for (let i = 0; i < INPUTS; i++) if (indexed(i) !== stepped(i)) disagreements++;

  const fast = measure(indexed);
  const slow = measure(stepped);
  const rate = (n: number) => Math.round(n).toLocaleString('en-US').padStart(13);
  const lines = [
    `clock bench: ${INPUTS} seeded inputs, 1–60 working days, starts in 2025–2026 (Asia/Shanghai), node ${process.version}, one thread`,
    `  index build (2025–2027)     ${buildMs.toFixed(1)} ms`,
    `  indexed computeDue   ${rate(fast)} /s  (${(1e9 / fast).toFixed(0)} ns each)`,
    `  day-by-day baseline  ${rate(slow)} /s  (${(1e9 / slow).toFixed(0)} ns each)`,
    `  ratio                ${(fast / slow).toFixed(1).padStart(13)} ×`,
    `  target ≥ 1,000,000/s ${fast >= 1_000_000 ? 'met' : 'NOT MET'}; results differ on ${disagreements} of ${INPUTS} inputs`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (disagreements > 0) process.exitCode = 1;
}

main();
