import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * A throw-away PostgreSQL for one bench run, with the server's default durability (fsync and
 * synchronous commit on): the figures are what a hall would get, and the pgbench ceiling is
 * measured on the same settings.
 */
export async function startBenchPostgres(): Promise<EmbeddedPostgresHandle & { dataDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-'));
  // As root, PostgreSQL runs as `postgres`, which must be able to pass through this folder.
  chmodSync(dir, 0o755);
  // pg_stat_statements for the per-move cost (lib/move-cost.ts): loaded in this throw-away cluster only.
  const pg = await startEmbeddedPostgres({
    dir,
    persistent: false,
    database: 'onewindow',
    log: () => undefined,
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.max': '1000' },
  });
  await query(pg.url, 'create extension if not exists pg_stat_statements');
  return { ...pg, dataDir: join(dir, 'data') };
}

export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export function pgbenchPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('pgbench is missing: apt-get install postgresql-client (Debian 12 ships it there)');
  }
}

export interface PgbenchResult {
  tps: number;
  clients: number;
  seconds: number;
  version: string;
}

/**
 * The ceiling: single-row inserts per second by `clients` connections (as many as one instance's
 * pool) into a table of its own in the same database, each insert its own transaction.
 */
export async function pgbenchInsertRate(url: string, clients: number, seconds: number): Promise<PgbenchResult> {
  const pgbench = pgbenchPath();
  await query(
    url,
    `create table if not exists bench_ceiling (id bigserial primary key, at timestamptz not null default now(), v text not null)`,
  );
  const script = join(mkdtempSync(join(tmpdir(), 'onewindow-pgbench-')), 'insert.sql');
  writeFileSync(script, `insert into bench_ceiling (v) values ('A' || :client_id);\n`);
  const out = execFileSync(pgbench, ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`pgbench printed no rate:\n${out}`);
  const version = execFileSync(pgbench, ['--version'], { encoding: 'utf8' }).trim();
  await query(url, 'drop table bench_ceiling');
  return { tps, clients, seconds, version };
}
