import { DataSource } from 'typeorm';

/** Arbitrary but fixed: every instance of OneWindow serialises schema changes and seeding on it. */
export const SCHEMA_LOCK_KEY = 74_590_001;

/**
 * Runs `fn` holding a session-level advisory lock on its own connection, so several
 * instances starting together migrate (or seed) one after another instead of racing.
 */
export async function withAdvisoryLock<T>(dataSource: DataSource, key: number, fn: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('select pg_advisory_lock($1)', [key]);
    try {
      return await fn();
    } finally {
      await runner.query('select pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  return withAdvisoryLock(dataSource, SCHEMA_LOCK_KEY, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  });
}

/** The names of the migrations the database has applied (TypeORM's table, named in database.module.ts). */
export async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query('select name from schema_migrations');
  return rows.map((r) => r.name);
}
