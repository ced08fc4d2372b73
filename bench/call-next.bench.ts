import { BenchHall, issueTickets } from './lib/bench-hall';
import { load1, percentile, sortedNumbers } from './lib/machine';
import { query } from './lib/postgres';
import type { MoveCost } from './lib/move-cost';
import { LoopResult, windowLoop } from './lib/window-loop';

export interface CallNextFigures {
  windows: number;
  backlog: number;
  calls: number;
  seconds: number;
  callsPerSecond: number;
  movesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** Failed requests by status and error code, e.g. "409 WINDOW_BUSY". */
  failures: Record<string, number>;
  calledTwice: number;
  /** Call events in the database that no 200 answered, or 200s without an event: both must be 0. */
  unaccounted: number;
  load: number;
  /** Per move (call-next, start or finish): statements and CPU. */
  cost: MoveCost;
}

/** Measures what the load `during` costs per move (BenchContext.moveCost). */
export type MoveCostProbe = <T>(during: () => Promise<T>, movesOf: (result: T) => number) => Promise<{ result: T; cost: MoveCost }>;

/** More than 50 windows serve in the 10 s, so the figure is a rate, not the time the backlog lasted. */
const BACKLOG = 4000;
const MAX_SECONDS = 10;

/**
 * Every window of the hall at once, as fast as it can: call-next, then start and finish the
 * ticket (a window may not call while it has a ticket called or in service), until the backlog
 * is served or time is up. The database then must show no ticket called twice.
 */
export async function callNextBench(
  url: string,
  databaseUrl: string,
  hall: BenchHall,
  probe: MoveCostProbe,
  maxSeconds = MAX_SECONDS,
): Promise<CallNextFigures> {
  await issueTickets(url, hall, BACKLOG);
  const { result: loop, cost } = await probe<LoopResult>(
    () => windowLoop(url, hall.windows, maxSeconds),
    (l) => l.moves,
  );
  const { calls, seconds, failures } = loop;
  const failed = Object.values(failures).reduce((a, b) => a + b, 0);
  const load = load1();
  const [check] = await query<{ events: number; tickets: number }>(
    databaseUrl,
    `select count(*)::int as events, count(distinct ticket_id)::int as tickets from ticket_events where hall_id = $1 and move = 'call'`,
    [hall.hallId],
  );
  const sorted = sortedNumbers(loop.callLatencies);
  return {
    windows: hall.windows.length,
    backlog: BACKLOG,
    calls,
    seconds,
    callsPerSecond: calls / seconds,
    movesPerSecond: loop.moves / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    failed,
    failures,
    calledTwice: check.events - check.tickets,
    unaccounted: Math.abs(check.events - calls),
    load,
    cost,
  };
}
