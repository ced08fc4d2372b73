import { createHash } from 'node:crypto';

export const AUDIT_RESULTS = ['success', 'denied', 'failed'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];
export const ACTOR_KINDS = ['user', 'device', 'anonymous', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The previous hash of the first record: 64 zeros, as wide as an SM3 digest in hex. */
export const GENESIS_HASH = '0'.repeat(64);

/** One record of the trail, every field that its hash covers. */
export interface AuditRecord {
  id: number;
  /** ISO 8601 in UTC, millisecond precision (as stored). */
  at: string;
  actorKind: ActorKind;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  clientAddress: string | null;
  requestId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  result: AuditResult;
}

/** JSON with object keys sorted at every depth: what PostgreSQL's jsonb gives back is then the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The record as one fixed-order array, so that no field can move into another unnoticed. */
export function canonicalRecord(r: AuditRecord): string {
  return canonicalJson([
    r.id,
    r.at,
    r.actorKind,
    r.actorId,
    r.actorUsername,
    r.actorRole,
    r.clientAddress,
    r.requestId,
    r.action,
    r.targetType,
    r.targetId,
    r.detail,
    r.result,
  ]);
}

/** SM3(previous hash ‖ canonical record), in lower-case hex. */
export function chainHash(previousHash: string, record: AuditRecord): string {
  return createHash('sm3').update(previousHash, 'utf8').update(canonicalRecord(record), 'utf8').digest('hex');
}

export const CHAIN_BREAK_REASONS = ['hash_mismatch', 'previous_hash_mismatch', 'missing_record', 'head_mismatch'] as const;
export type ChainBreakReason = (typeof CHAIN_BREAK_REASONS)[number];

export interface ChainBreak {
  /** The first record that does not verify (for a missing record: the id that should be there). */
  id: number;
  reason: ChainBreakReason;
  expected: string;
  stored: string;
}

/** Where a walk of the chain stands: the last record that verified. */
export interface ChainCursor {
  lastId: number;
  lastHash: string;
}

export const CHAIN_START: ChainCursor = { lastId: 0, lastHash: GENESIS_HASH };

/**
 * Checks the next records (in id order) against the cursor: each must follow the last without a
 * gap, name the last one's hash as its previous, and hash to what it stores. Returns the first break,
 * or the cursor to go on from.
 */
export function verifyRecords(
  cursor: ChainCursor,
  records: readonly (AuditRecord & { prevHash: string; hash: string })[],
): { ok: true; cursor: ChainCursor } | { ok: false; failure: ChainBreak } {
  let { lastId, lastHash } = cursor;
  for (const r of records) {
    if (r.id !== lastId + 1) {
      return {
        ok: false,
        failure: { id: lastId + 1, reason: 'missing_record', expected: `record ${lastId + 1}`, stored: `record ${r.id}` },
      };
    }
    if (r.prevHash !== lastHash)
      return { ok: false, failure: { id: r.id, reason: 'previous_hash_mismatch', expected: lastHash, stored: r.prevHash } };
    const expected = chainHash(lastHash, r);
    if (expected !== r.hash) return { ok: false, failure: { id: r.id, reason: 'hash_mismatch', expected, stored: r.hash } };
    lastId = r.id;
    lastHash = r.hash;
  }
  return { ok: true, cursor: { lastId, lastHash } };
}

/**
 * The end of the walk against the chain's head (the last id and hash the writers recorded): records
 * removed from the end, or a head rewritten, show here.
 */
export function verifyHead(cursor: ChainCursor, head: ChainCursor): ChainBreak | null {
  if (head.lastId !== cursor.lastId) {
    return {
      id: Math.min(head.lastId, cursor.lastId) + 1,
      reason: 'missing_record',
      expected: `last record ${head.lastId}`,
      stored: `last record ${cursor.lastId}`,
    };
  }
  if (head.lastHash !== cursor.lastHash)
    return { id: head.lastId, reason: 'head_mismatch', expected: cursor.lastHash, stored: head.lastHash };
  return null;
}
