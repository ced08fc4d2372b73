import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';

const names = new Map<string, string>();

function nameOf(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `ow_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * A statement of a hot path (a call, a finish, an issue) as a named prepared statement on the
 * transaction's connection: PostgreSQL plans it once per connection rather than at every run
 * (planning was most of the cost of the roll-up upserts and the lane reads), and TypeORM's
 * per-query work is skipped. Only for statements whose text is one of a bounded set: each distinct
 * text stays prepared on every connection that ran it. Outside a transaction it runs on a
 * connection of the pool, on its own.
 */
export async function preparedQuery<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const inTransaction = !!em.queryRunner && !em.queryRunner.isReleased && em.queryRunner.isTransactionActive;
  // A query runner of TypeORM's own, also outside a transaction: it handles a connection that
  // breaks while checked out (a database restart) and gives the pool a broken one back as such.
  const runner = inTransaction ? em.queryRunner! : em.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query({ name: nameOf(sql), text: sql, values: params })).rows as T[];
  } catch (err) {
    throw err instanceof QueryFailedError ? err : new QueryFailedError(sql, params, err as Error);
  } finally {
    if (!inTransaction) await runner.release();
  }
}
