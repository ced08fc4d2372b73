import { randomBytes } from 'node:crypto';
import { Queryable, sharedSecret } from '../database/app-settings';
import { generateKeySpec, parseKeyRing, PiiKeyRing } from './domain/field-cipher';

/**
 * The key ring sealing personal fields: PII_KEYS, or in demo/embedded mode a generated one kept in
 * app_settings under `pii_keys` (beside the data it protects: fine for a demo, not for a hall —
 * see README › Security › Personal data). Used by the app and by the migration that encrypted
 * the rows written before encryption, so both read the same keys.
 */
export async function loadPiiKeyRing(configured: string | undefined, db: Queryable): Promise<PiiKeyRing> {
  return parseKeyRing(configured || (await sharedSecret(db, 'pii_keys', () => generateKeySpec('k1'))));
}

/** Keys the ID-number fingerprints (the look-up index): ID_FINGERPRINT_SECRET or the generated one. */
export async function loadFingerprintSecret(configured: string | undefined, db: Queryable): Promise<string> {
  return configured || sharedSecret(db, 'id_fingerprint_secret', () => randomBytes(48).toString('base64url'));
}
