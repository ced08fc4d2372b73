import type { DataSource } from 'typeorm';
import { rowContext } from '../pii/domain/field-cipher';
import type { PiiVault } from '../pii/pii-vault.service';

/** The context a stored answer is sealed to: its own key row. */
export function answerContext(principalId: string, key: string): string {
  return rowContext('idempotency_keys', 'response_body', `${principalId}/${key}`);
}

/** A replay comes seconds or minutes after the first request; after this the stored answer only holds personal data. */
export const ANSWER_RETENTION_DAYS = 7;

/**
 * The module's SQL over idempotency_keys, here only: reserving a key, reading what it holds,
 * storing the answer, releasing it after a failure; re-sealing and purging.
 */

/** Reserves the key for a first request (committed at once); false when it was reserved before. */
export async function reserveKey(db: DataSource, principalId: string, key: string, requestHash: string): Promise<boolean> {
  const reserved = await db.query(
    `insert into idempotency_keys (principal_id, key, request_hash) values ($1, $2, $3) on conflict do nothing returning key`,
    [principalId, key, requestHash],
  );
  return reserved.length > 0;
}

/** A key still pending holds only the request's hash; a done one its answer too, sealed to answerContext. */
export type StoredKey =
  { request_hash: string; state: 'pending' } | { request_hash: string; state: 'done'; response_status: number; response_body: string };

/** What a reserved key holds, or undefined once released. */
export async function storedKey(db: DataSource, principalId: string, key: string): Promise<StoredKey | undefined> {
  const [stored] = await db.query(
    `select request_hash, state, response_status, response_body from idempotency_keys where principal_id = $1 and key = $2`,
    [principalId, key],
  );
  return stored;
}

/** Stores the first request's answer (sealed) under its key. */
export async function storeAnswer(db: DataSource, principalId: string, key: string, status: number, sealedBody: string): Promise<void> {
  await db.query(
    `update idempotency_keys set state = 'done', response_status = $3, response_body = $4, completed_at = now()
      where principal_id = $1 and key = $2`,
    [principalId, key, status, JSON.stringify(sealedBody)],
  );
}

/** Releases a key whose first request failed, so that the client can try again. */
export async function releaseKey(db: DataSource, principalId: string, key: string): Promise<void> {
  await db.query(`delete from idempotency_keys where principal_id = $1 and key = $2 and state = 'pending'`, [principalId, key]);
}

/** Re-seals up to `limit` stored answers under an older key (`npm run pii:reencrypt`); returns how many. */
export async function reencryptAnswers(db: DataSource, vault: PiiVault, limit: number): Promise<number> {
  return db.transaction(async (em) => {
    const rows: { principal_id: string; key: string; sealed: string }[] = await em.query(
      `select principal_id, key, response_body #>> '{}' as sealed from idempotency_keys
       where response_body is not null and split_part(response_body #>> '{}', ':', 1) <> $1
       order by principal_id, key limit ${Number(limit)} for update skip locked`,
      [vault.currentKeyId],
    );
    for (const row of rows) {
      const context = answerContext(row.principal_id, row.key);
      await em.query(`update idempotency_keys set response_body = to_jsonb($3::text) where principal_id = $1 and key = $2`, [
        row.principal_id,
        row.key,
        vault.seal(vault.open(row.sealed, context), context),
      ]);
    }
    return rows.length;
  });
}

/** Forgets answered keys older than ANSWER_RETENTION_DAYS before `now`; returns how many. */
export async function purgeOldAnswers(db: DataSource, now: Date): Promise<number> {
  const [{ n }]: { n: number }[] = await db.query(
    `with gone as (delete from idempotency_keys where state = 'done' and created_at < $1 returning 1) select count(*)::int as n from gone`,
    [new Date(now.getTime() - ANSWER_RETENTION_DAYS * 24 * 60 * 60 * 1000)],
  );
  return n;
}
