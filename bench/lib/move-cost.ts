import { readdirSync, readFileSync } from 'node:fs';
import { query } from './postgres';

/** What one move (or one issued ticket) cost, measured over a stretch of load. */
export interface MoveCost {
  moves: number;
  /** Top-level statements the server sent (pg_stat_statements, BEGIN and COMMIT included): each one round trip. */
  statementsPerMove: number;
  /** The statements' execution and planning time in PostgreSQL, per move (waits for locks included). */
  statementMsPerMove: number;
  /** CPU (user + system) of all PostgreSQL processes (backends, WAL writer, checkpointer …), per move, from /proc. */
  postgresCpuMsPerMove: number;
  /** CPU of the server processes, per move, from /proc. */
  serverCpuMsPerMove: number;
  /** The statements that took most database time or were sent most often, per move: calls and ms. */
  top: { query: string; callsPerMove: number; msPerMove: number }[];
}

const TICK_MS = 1000 / 100;

function statFields(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return null;
  }
}

/** User + system CPU of one process and all its threads, in ms; with `children`, of its reaped children too. */
export function processCpuMs(pid: number, children = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  const own = Number(f[11]) + Number(f[12]);
  return (own + (children ? Number(f[13]) + Number(f[14]) : 0)) * TICK_MS;
}

/**
 * CPU of the postmaster and every process it started: the live ones from /proc, the ones that
 * exited through the postmaster's children's time (a backend's CPU moves there when it ends).
 */
export function postgresCpuMs(postmasterPid: number): number {
  let total = processCpuMs(postmasterPid, true);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f && Number(f[1]) === postmasterPid) total += (Number(f[11]) + Number(f[12])) * TICK_MS;
  }
  return total;
}

export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}

/** Statements of the probe itself and of the bench's own checks are left out by this mark. */
const PROBE = '/* bench-probe */';

/**
 * Measures what the load run by `during` costs per move: statements (pg_stat_statements, reset
 * first) and CPU of PostgreSQL and of the given server processes. The bench's other queries run
 * between probes, not during one.
 */
export async function measureMoveCost<T>(
  databaseUrl: string,
  dataDir: string,
  serverPids: number[],
  during: () => Promise<T>,
  movesOf: (result: T) => number,
): Promise<{ result: T; cost: MoveCost }> {
  const postmaster = postmasterPid(dataDir);
  await query(databaseUrl, `${PROBE} select pg_stat_statements_reset()`);
  const pg0 = postgresCpuMs(postmaster);
  const app0 = serverPids.reduce((a, pid) => a + processCpuMs(pid), 0);
  const result = await during();
  const pg1 = postgresCpuMs(postmaster);
  const app1 = serverPids.reduce((a, pid) => a + processCpuMs(pid), 0);
  const rows = await query<{ query: string; calls: string; ms: number }>(
    databaseUrl,
    `${PROBE} select query, calls::text as calls, (total_exec_time + total_plan_time)::float8 as ms from pg_stat_statements
     where dbid = (select oid from pg_database where datname = current_database()) and query not like '${PROBE}%'
     order by ms desc`,
  );
  const moves = Math.max(1, movesOf(result));
  const calls = rows.reduce((a, r) => a + Number(r.calls), 0);
  const ms = rows.reduce((a, r) => a + r.ms, 0);
  return {
    result,
    cost: {
      moves,
      statementsPerMove: calls / moves,
      statementMsPerMove: ms / moves,
      postgresCpuMsPerMove: (pg1 - pg0) / moves,
      serverCpuMsPerMove: (app1 - app0) / moves,
      top: [...new Set([...rows.slice(0, 6), ...[...rows].sort((a, b) => Number(b.calls) - Number(a.calls)).slice(0, 6)])].map((r) => ({
        query: r.query.replace(/\s+/g, ' ').slice(0, 90),
        callsPerMove: Number(r.calls) / moves,
        msPerMove: r.ms / moves,
      })),
    },
  };
}
