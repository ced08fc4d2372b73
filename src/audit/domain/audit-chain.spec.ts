import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  ACTOR_KINDS,
  AUDIT_RESULTS,
  AuditRecord,
  canonicalJson,
  CHAIN_START,
  chainHash,
  GENESIS_HASH,
  verifyHead,
  verifyRecords,
} from './audit-chain';

type Chained = AuditRecord & { prevHash: string; hash: string };

const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const detail = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 4 },
);
const content = fc.record({
  at: fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  actorKind: fc.constantFrom(...ACTOR_KINDS),
  actorId: nullable(fc.uuid()),
  actorUsername: nullable(fc.string({ maxLength: 12 })),
  actorRole: nullable(fc.constantFrom('clerk', 'admin', 'security_admin', 'kiosk')),
  clientAddress: nullable(fc.ipV4()),
  requestId: nullable(fc.uuid()),
  action: fc.stringMatching(/^[a-z]{1,8}\.[a-z_]{1,10}$/),
  targetType: nullable(fc.constantFrom('user', 'hall', 'case')),
  targetId: nullable(fc.uuid()),
  detail,
  result: fc.constantFrom(...AUDIT_RESULTS),
});

/** Appends as the writers do: ids from 1, each hash over the one before. */
function chain(contents: Omit<AuditRecord, 'id'>[]): Chained[] {
  let prevHash = GENESIS_HASH;
  return contents.map((c, i) => {
    const record = { ...c, id: i + 1 };
    const hash = chainHash(prevHash, record);
    const chained = { ...record, prevHash, hash };
    prevHash = hash;
    return chained;
  });
}

const FIELDS: (keyof AuditRecord)[] = [
  'at',
  'actorKind',
  'actorId',
  'actorUsername',
  'actorRole',
  'clientAddress',
  'requestId',
  'action',
  'targetType',
  'targetId',
  'detail',
  'result',
];

function altered(r: Chained, field: keyof AuditRecord): Chained {
  const value = r[field];
  if (field === 'detail') return { ...r, detail: { ...r.detail, tampered: true } };
  return { ...r, [field]: typeof value === 'string' ? `${value}x` : 'x' };
}

describe('the audit chain', () => {
  it('hashes with SM3 (the GB/T 32905 test vector)', () => {
    // SM3("abc"), GB/T 32905-2016 appendix A.1, is what the chain's hash function is built on.
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(GENESIS_HASH).toHaveLength(64);
  });

  it('serialises objects the same whatever the order of their keys', () => {
    fc.assert(
      fc.property(detail, (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(d));
      }),
    );
  });

  it('verifies a chain the writers built, and goes on from where a walk in batches stopped', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 20 }), fc.nat(), (contents, cut) => {
        const records = chain(contents);
        const at = cut % (records.length + 1);
        const first = verifyRecords(CHAIN_START, records.slice(0, at));
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const rest = verifyRecords(first.cursor, records.slice(at));
        expect(rest).toEqual({ ok: true, cursor: { lastId: records.length, lastHash: records[records.length - 1].hash } });
        if (rest.ok) expect(verifyHead(rest.cursor, rest.cursor)).toBeNull();
      }),
    );
  });

  it('finds any change of any field of any record, at that record', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 12 }), fc.nat(), fc.constantFrom(...FIELDS), (contents, pick, field) => {
        const records = chain(contents);
        const index = pick % records.length;
        records[index] = altered(records[index], field);
        const result = verifyRecords(CHAIN_START, records);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.failure).toMatchObject({ id: index + 1, reason: 'hash_mismatch', stored: records[index].hash });
          expect(result.failure.expected).not.toBe(result.failure.stored);
        }
      }),
    );
  });

  it('finds a record re-hashed in place by the one after it, and a record removed by the gap it leaves', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 2, maxLength: 12 }), fc.nat(), (contents, pick) => {
        const records = chain(contents);
        const index = pick % (records.length - 1);
        const forged = altered(records[index], 'action');
        forged.hash = chainHash(forged.prevHash, forged);
        const rehashed = [...records];
        rehashed[index] = forged;
        expect(verifyRecords(CHAIN_START, rehashed)).toMatchObject({
          ok: false,
          failure: { id: index + 2, reason: 'previous_hash_mismatch' },
        });

        const removed = records.filter((_, i) => i !== index);
        expect(verifyRecords(CHAIN_START, removed)).toMatchObject({ ok: false, failure: { id: index + 1, reason: 'missing_record' } });
      }),
    );
  });

  it('finds records cut off the end against the head the writers keep', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 2, maxLength: 12 }), fc.nat(), (contents, pick) => {
        const records = chain(contents);
        const keep = 1 + (pick % (records.length - 1));
        const walked = verifyRecords(CHAIN_START, records.slice(0, keep));
        const head = { lastId: records.length, lastHash: records[records.length - 1].hash };
        expect(walked.ok && verifyHead(walked.cursor, head)).toMatchObject({ id: keep + 1, reason: 'missing_record' });
      }),
    );
  });
});
