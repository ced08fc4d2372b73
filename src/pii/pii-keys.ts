import { randomBytes } from 'node:crypto';
import { generateKeySpec, parseKeyRing, PiiKeyRing } from './domain/field-cipher';

/** Anything that runs SQL: a DataSource, an EntityManager or a migration's QueryRunner. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A secret from configuration or, without one (demo and embedded mode), generated once and kept
 * in app_settings, shared by every instance. The first writer wins, so instances starting
 * together agree.
 */
async function settingOrGenerated(db: Queryable, key: string, generate: () => string): Promise<string> {
  await db.query(`insert into app_settings (key, value) values ($1, $2) on conflict (key) do nothing`, [key, generate()]);
  const [row] = await db.query(`select value from app_settings where key = $1`, [key]);
  return row.value as string;
}

/**
 * The key ring sealing personal fields: PII_KEYS, or in demo/embedded mode a generated one kept in
 * app_settings under `pii_keys` (beside the data it protects: fine for a demo, not for a hall —
 * see README › Security › Personal data). Used by the app and by the migration that encrypted
 * the rows written before encryption, so both read the same keys.
 */
export async function loadPiiKeyRing(configured: string | undefined, db: Queryable): Promise<PiiKeyRing> {
  return parseKeyRing(configured || (await settingOrGenerated(db, 'pii_keys', () => generateKeySpec('k1'))));
}

/** Keys the ID-number fingerprints (the look-up index): ID_FINGERPRINT_SECRET or the generated one. */
export async function loadFingerprintSecret(configured: string | undefined, db: Queryable): Promise<string> {
  return configured || settingOrGenerated(db, 'id_fingerprint_secret', () => randomBytes(48).toString('base64url'));
}
