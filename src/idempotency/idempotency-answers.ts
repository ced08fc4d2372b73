import type { DataSource } from 'typeorm';
import { rowContext } from '../pii/domain/field-cipher';
import type { PiiVault } from '../pii/pii-vault.service';

/** The context a stored answer is sealed to: its own key row. */
export function answerContext(principalId: string, key: string): string {
  return rowContext('idempotency_keys', 'response_body', `${principalId}/${key}`);
}

/** A replay comes seconds or minutes after the first request; after this the stored answer only holds personal data. */
export const ANSWER_RETENTION_DAYS = 7;

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
