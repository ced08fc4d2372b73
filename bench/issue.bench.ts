import autocannon from 'autocannon';
import type { BenchHall } from './lib/bench-hall';
import { load1 } from './lib/machine';
import type { MoveCostProbe } from './call-next.bench';
import type { MoveCost } from './lib/move-cost';
import { PgbenchResult, query } from './lib/postgres';

export interface IssueFigures {
  atRate: { rate: number; seconds: number; issued: number; p50Ms: number; p99Ms: number; failed: number; load: number };
  max: {
    connections: number;
    seconds: number;
    issued: number;
    perSecond: number;
    p50Ms: number;
    p99Ms: number;
    failed: number;
    load: number;
  };
  /** Per ticket of the as-fast-as-possible run. */
  cost: MoveCost;
  ceiling: PgbenchResult & { load: number };
  ratio: number;
  duplicates: number;
  missing: number;
}

const RATE = 200;
const RATE_SECONDS = 10;
const MAX_SECONDS = 10;
const MAX_CONNECTIONS = 32;

/** Kiosk tickets by autocannon, round robin over the hall's categories (the ceiling section sends the same load). */
export function issueLoad(
  url: string,
  hall: Pick<BenchHall, 'hallId' | 'kioskToken' | 'categoryIds'>,
  opts: { connections: number; seconds: number; overallRate?: number },
) {
  let i = 0;
  return autocannon({
    url: `${url}/api/halls/${hall.hallId}/tickets`,
    connections: opts.connections,
    duration: opts.seconds,
    overallRate: opts.overallRate,
    requests: [
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${hall.kioskToken}`, 'Content-Type': 'application/json' },
        // Round robin over the categories: each has its own number counter, as in a real hall.
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ categoryId: hall.categoryIds[i++ % hall.categoryIds.length], source: 'kiosk' }),
        }),
      },
    ],
  });
}

/**
 * Kiosk tickets over HTTP against one instance: latency at a steady 200 requests/s, then the
 * most it issues with 32 connections (each in a hall of its own), then pgbench's single-row insert rate on the same database
 * as the ceiling. Afterwards every ticket number must be unique per category and day, and every
 * 201 must be a row.
 */
export async function issueBench(
  url: string,
  databaseUrl: string,
  halls: [BenchHall, BenchHall],
  pgbench: () => Promise<PgbenchResult & { load: number }>,
  probe: MoveCostProbe,
): Promise<IssueFigures> {
  // A hall each, both starting with nobody waiting: the answer to an issue includes the ticket's place in the whole queue.
  const steady = await issueLoad(url, halls[0], { connections: 20, seconds: RATE_SECONDS, overallRate: RATE });
  const steadyLoad = load1();
  const { result: max, cost } = await probe(
    () => issueLoad(url, halls[1], { connections: MAX_CONNECTIONS, seconds: MAX_SECONDS }),
    (r) => r['2xx'],
  );
  const maxLoad = load1();
  const ceiling = await pgbench();

  const [check] = await query<{ tickets: number; numbers: number }>(
    databaseUrl,
    `select count(*)::int as tickets, count(distinct (hall_id, category_id, local_date, number))::int as numbers from tickets where hall_id = any($1::uuid[])`,
    [halls.map((h) => h.hallId)],
  );
  const acknowledged = steady['2xx'] + max['2xx'];
  const perSecond = max['2xx'] / max.duration;
  return {
    atRate: {
      rate: RATE,
      seconds: steady.duration,
      issued: steady['2xx'],
      p50Ms: steady.latency.p50,
      p99Ms: steady.latency.p99,
      failed: steady.non2xx + steady.errors,
      load: steadyLoad,
    },
    max: {
      connections: MAX_CONNECTIONS,
      seconds: max.duration,
      issued: max['2xx'],
      perSecond,
      p50Ms: max.latency.p50,
      p99Ms: max.latency.p99,
      failed: max.non2xx + max.errors,
      load: maxLoad,
    },
    cost,
    ceiling,
    ratio: perSecond / ceiling.tps,
    duplicates: check.tickets - check.numbers,
    missing: Math.max(0, acknowledged - check.tickets),
  };
}
