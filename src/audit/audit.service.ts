import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { AuditTrail } from './audit-trail.service';
import { AUDIT_RECORD_COLUMNS, AuditRow, recordOf, verifyAuditChain } from './chain-verifier';
import { AuditExportQuery, AuditPageDto, AuditQuery, AuditRecordDto, ChainVerificationDto } from './dto/audit.dto';

const EXPORT_BATCH = 1000;
const CSV_COLUMNS: [string, (r: AuditRecordDto) => string | number | null][] = [
  ['序号 id', (r) => r.id],
  ['时间 at', (r) => r.at],
  ['主体类型 actor kind', (r) => r.actorKind],
  ['账号 username', (r) => r.actorUsername],
  ['主体标识 actor id', (r) => r.actorId],
  ['角色 role', (r) => r.actorRole],
  ['来源地址 address', (r) => r.clientAddress],
  ['请求标识 request id', (r) => r.requestId],
  ['操作 action', (r) => r.action],
  ['对象类型 target type', (r) => r.targetType],
  ['对象标识 target id', (r) => r.targetId],
  ['详情 detail', (r) => JSON.stringify(r.detail)],
  ['结果 result', (r) => r.result],
  ['前一哈希 prev hash', (r) => r.prevHash],
  ['哈希 SM3 hash', (r) => r.hash],
];

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The where clause of a search, with its parameters from $1. */
function filterOf(q: AuditExportQuery): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (q.from) add('at >= ?', q.from);
  if (q.to) add('at < ?', q.to);
  if (q.actor) add('(lower(actor_username) = lower(?) or actor_id::text = lower(?))', q.actor);
  if (q.action) add(q.action.endsWith('.') ? 'starts_with(action, ?)' : 'action = ?', q.action);
  if (q.result) add('result = ?', q.result);
  if (q.targetType) add('target_type = ?', q.targetType);
  if (q.targetId) add('target_id = ?', q.targetId);
  return { where: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

const dtoOf = (row: AuditRow): AuditRecordDto => recordOf(row);

/** The audit administrator's reading of the trail: search, export, verification. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly trail: AuditTrail,
  ) {}

  async search(q: AuditQuery): Promise<AuditPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const { where, params } = filterOf(q);
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from audit_log ${where}`, params);
    const rows: AuditRow[] = await this.dataSource.query(
      `select ${AUDIT_RECORD_COLUMNS} from audit_log ${where} order by audit_log.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`,
      params,
    );
    return { total, page, pageSize, items: rows.map(dtoOf) };
  }

  /** CSV of every record the filters select, oldest first; the export itself is recorded first. */
  async exportCsv(reply: FastifyReply, q: AuditExportQuery): Promise<void> {
    const filters = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
    await this.trail.record({
      action: 'audit.export',
      targetType: 'report',
      targetId: 'audit_log',
      detail: { format: 'csv', filters },
      result: 'success',
    });
    const { where, params } = filterOf(q);
    reply.hijack();
    const res = reply.raw;
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="audit-log.csv"; filename*=UTF-8''${encodeURIComponent('审计日志_audit-log.csv')}`,
    );
    try {
      // The byte-order mark tells Excel the file is UTF-8.
      res.write(`\ufeff${CSV_COLUMNS.map(([title]) => csvField(title)).join(',')}\r\n`);
      let after = 0;
      for (;;) {
        const rows: AuditRow[] = await this.dataSource.query(
          `select ${AUDIT_RECORD_COLUMNS} from audit_log ${where ? `${where} and` : 'where'} id > $${params.length + 1} order by audit_log.id limit ${EXPORT_BATCH}`,
          [...params, after],
        );
        for (const row of rows) {
          const r = dtoOf(row);
          if (!res.write(`${CSV_COLUMNS.map(([, value]) => csvField(value(r))).join(',')}\r\n`)) await once(res, 'drain');
        }
        if (rows.length < EXPORT_BATCH) break;
        after = Number(rows[rows.length - 1].id);
      }
      res.end();
    } catch (err) {
      // The status line is gone already: a cut-off download is the only honest answer left.
      res.destroy(err as Error);
    }
  }

  async verify(): Promise<ChainVerificationDto> {
    const v = await verifyAuditChain(this.dataSource);
    await this.trail.record({
      action: 'audit.verify',
      targetType: 'audit_chain',
      detail: { intact: v.intact, verified: v.verified, firstBreakId: v.firstBreak?.id ?? null },
      result: 'success',
    });
    return { intact: v.intact, verified: v.verified, lastId: v.head.lastId, lastHash: v.head.lastHash, firstBreak: v.firstBreak, ms: v.ms };
  }
}
