import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Authenticated encryption of one personal field (GB/T 39786 wants SM4 for confidentiality and a
 * MAC for integrity). Node's OpenSSL 3.0 has no SM4-GCM, so this is encrypt-then-MAC: SM4-CTR
 * under a random IV, then HMAC-SM3 over the key id, the IV, the context and the ciphertext. The
 * context names where the value lives (table, column, row id): a value copied into another row or
 * column no longer verifies, so nobody with write access to the table can swap two applicants.
 *
 * Sealed form (text, fits any text column): `<keyId>:<base64url(iv ‖ ciphertext ‖ mac)>`.
 */

export interface PiiKey {
  id: string;
  encKey: Buffer;
  macKey: Buffer;
}

export interface PiiKeyRing {
  /** The key new values are sealed with. */
  current: PiiKey;
  byId: ReadonlyMap<string, PiiKey>;
}

export class PiiCipherError extends Error {}

const IV_BYTES = 16;
const MAC_BYTES = 32;
/** 256-bit master keys; SM4 takes 128 bits of what is derived from them. */
export const MASTER_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

/** Separate keys for the cipher and the MAC, derived from one master so the operator keeps one secret per key id. */
export function deriveKey(id: string, master: Buffer): PiiKey {
  if (!KEY_ID.test(id)) throw new PiiCipherError(`key id "${id}" must be 1–16 of A-Z a-z 0-9 _ -`);
  if (master.length !== MASTER_KEY_BYTES)
    throw new PiiCipherError(`key "${id}" must be ${MASTER_KEY_BYTES} bytes (base64), got ${master.length}`);
  return {
    id,
    encKey: createHmac('sm3', master).update('onewindow/pii/sm4-ctr').digest().subarray(0, 16),
    macKey: createHmac('sm3', master).update('onewindow/pii/hmac-sm3').digest(),
  };
}

/**
 * `k2:<base64>,k1:<base64>`: every key still needed to read old rows, the first being the one
 * new values are sealed with. Throws a PiiCipherError naming what is wrong (never the key).
 */
export function parseKeyRing(spec: string): PiiKeyRing {
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) throw new PiiCipherError('the key ring is empty');
  const byId = new Map<string, PiiKey>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new PiiCipherError('each key is written <id>:<base64 of 32 bytes>');
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!/^[A-Za-z0-9+/_-]+=*$/.test(encoded)) throw new PiiCipherError(`key "${id}" is not base64`);
    if (byId.has(id)) throw new PiiCipherError(`key id "${id}" appears twice`);
    byId.set(id, deriveKey(id, Buffer.from(encoded, 'base64')));
  }
  return { current: byId.get(entries[0].slice(0, entries[0].indexOf(':')))!, byId };
}

/** A fresh master key in the ring's notation: `<id>:<base64>`. */
export function generateKeySpec(id: string): string {
  return `${id}:${randomBytes(MASTER_KEY_BYTES).toString('base64')}`;
}

function mac(key: PiiKey, iv: Buffer, context: string, ciphertext: Buffer): Buffer {
  const id = Buffer.from(key.id, 'utf8');
  const ctx = Buffer.from(context, 'utf8');
  // Lengths first, so no two (id, context, ciphertext) triples can serialise to the same bytes.
  const lengths = Buffer.alloc(12);
  lengths.writeUInt32BE(id.length, 0);
  lengths.writeUInt32BE(ctx.length, 4);
  lengths.writeUInt32BE(ciphertext.length, 8);
  return createHmac('sm3', key.macKey).update(lengths).update(id).update(iv).update(ctx).update(ciphertext).digest();
}

export function seal(ring: PiiKeyRing, plaintext: string, context: string): string {
  const key = ring.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('sm4-ctr', key.encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${key.id}:${Buffer.concat([iv, ciphertext, mac(key, iv, context, ciphertext)]).toString('base64url')}`;
}

/** The key id a sealed value was written under (for re-encryption: is it the current one?). */
export function keyIdOf(sealed: string): string {
  const colon = sealed.indexOf(':');
  if (colon <= 0) throw new PiiCipherError('not a sealed value');
  return sealed.slice(0, colon);
}

/** Refuses (PiiCipherError) an unknown key id, a value altered in any bit, or one read under another context. */
export function open(ring: PiiKeyRing, sealed: string, context: string): string {
  const key = ring.byId.get(keyIdOf(sealed));
  if (!key) throw new PiiCipherError(`no key "${keyIdOf(sealed)}" in the key ring`);
  const body = Buffer.from(sealed.slice(sealed.indexOf(':') + 1), 'base64url');
  if (body.length < IV_BYTES + MAC_BYTES) throw new PiiCipherError('sealed value too short');
  const iv = body.subarray(0, IV_BYTES);
  const ciphertext = body.subarray(IV_BYTES, body.length - MAC_BYTES);
  const tag = body.subarray(body.length - MAC_BYTES);
  if (!timingSafeEqual(tag, mac(key, iv, context, ciphertext))) throw new PiiCipherError('sealed value failed authentication');
  const decipher = createDecipheriv('sm4-ctr', key.encKey, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

/** Where a sealed value lives (table, column, row key): the context it is bound to. */
export function rowContext(table: string, column: string, rowKey: string): string {
  return `${table}.${column}:${rowKey}`;
}

export function caseFieldContext(column: string, caseId: string): string {
  return rowContext('cases', column, caseId);
}
