import { DataSource } from 'typeorm';
import { AuditRecord, CHAIN_START, ChainBreak, verifyHead, verifyRecords } from './domain/audit-chain';

const BATCH = 2000;

/** The stored record with the chain fields, read exactly as it was hashed (id as text: order by audit_log.id). */
export const AUDIT_RECORD_COLUMNS = `id::text as id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
  actor_kind, actor_id::text as actor_id, actor_username, actor_role, client_address, request_id, action, target_type,
  target_id, detail, result, prev_hash, hash`;

export interface AuditRow {
  id: string;
  at: string;
  actor_kind: AuditRecord['actorKind'];
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  client_address: string | null;
  request_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: Record<string, unknown>;
  result: AuditRecord['result'];
  prev_hash: string;
  hash: string;
}

export function recordOf(row: AuditRow): AuditRecord & { prevHash: string; hash: string } {
  return {
    id: Number(row.id),
    at: row.at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorUsername: row.actor_username,
    actorRole: row.actor_role,
    clientAddress: row.client_address,
    requestId: row.request_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    detail: row.detail,
    result: row.result,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface ChainVerification {
  intact: boolean;
  /** Records that verified before the first break (all of them when intact). */
  verified: number;
  /** The head the writers keep: the last record's id and hash. */
  head: { lastId: number; lastHash: string };
  firstBreak: ChainBreak | null;
  ms: number;
}

/**
 * Walks the whole chain in id order within one read-only snapshot (so records appended meanwhile
 * neither count nor break it) and reports the first record that does not verify.
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<ChainVerification> {
  const started = Date.now();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('start transaction isolation level repeatable read read only');
    const [headRow] = await runner.query('select last_id::text as last_id, last_hash from audit_chain_head');
    const head = { lastId: Number(headRow.last_id), lastHash: headRow.last_hash as string };
    let cursor = CHAIN_START;
    let after = 0;
    for (;;) {
      const rows: AuditRow[] = await runner.query(
        `select ${AUDIT_RECORD_COLUMNS} from audit_log where id > $1 order by audit_log.id limit ${BATCH}`,
        [after],
      );
      const result = verifyRecords(cursor, rows.map(recordOf));
      if (!result.ok) return { intact: false, verified: result.failure.id - 1, head, firstBreak: result.failure, ms: Date.now() - started };
      cursor = result.cursor;
      if (rows.length < BATCH) break;
      after = Number(rows[rows.length - 1].id);
    }
    const headBreak = verifyHead(cursor, head);
    return { intact: !headBreak, verified: cursor.lastId, head, firstBreak: headBreak, ms: Date.now() - started };
  } finally {
    await runner.query('rollback').catch(() => undefined);
    await runner.release();
  }
}
