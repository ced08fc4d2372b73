import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.service';
import type { ExportFormat } from './dto/stats-query.dto';
import type { GroupKeyDto } from './dto/stats-report.dto';
import { accumulate, RawRow } from './report-specs';
import type { ReportPlan } from './stats.service';

export interface ExportColumn<T> {
  title: string;
  value: (row: T) => string | number | null;
}

export interface ExportSheet<T> {
  /** ASCII, for the file name's fallback, e.g. on-time_2025-01-01_2025-12-31. */
  fileName: string;
  /** The sheet's and the file's Chinese name, e.g. 按时办结率. */
  title: string;
  columns: readonly ExportColumn<T>[];
}

const FETCH_ROWS = 500;

/** Writes rows to the response as they come, waiting whenever the client reads slower than the database answers. */
interface Sink {
  write(values: (string | number | null)[]): Promise<void>;
  end(): Promise<void>;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function drained(res: ServerResponse): Promise<void> {
  if (res.writableNeedDrain) await once(res, 'drain');
}

function csvSink(res: ServerResponse, titles: string[]): Sink {
  // The byte-order mark tells Excel the file is UTF-8; without it Chinese shows as mojibake.
  res.write(`\ufeff${titles.map(csvField).join(',')}\r\n`);
  return {
    async write(values) {
      res.write(`${values.map(csvField).join(',')}\r\n`);
      await drained(res);
    },
    async end() {
      res.end();
    },
  };
}

async function xlsxSink(res: ServerResponse, sheetName: string, titles: string[]): Promise<Sink> {
  // Loaded at the first spreadsheet export: exceljs holds ~28 MB resident that no other request needs.
  const { stream: excelStream } = await import('exceljs');
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(titles).commit();
  return {
    async write(values) {
      sheet.addRow(values).commit();
      await drained(res);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What an export route answers with (its @Downloads): CSV or xlsx. */
export const EXPORT_MEDIA_TYPES = ['text/csv', XLSX];

/**
 * CSV and Excel exports, streamed: report rows come from a PostgreSQL cursor a batch at a time
 * and go out as they are formatted, so an export holds one batch in memory however long it is.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /** A report's groups, then its total, as computed for the JSON answer. */
  async report<G extends GroupKeyDto>(
    reply: FastifyReply,
    format: ExportFormat | undefined,
    plan: ReportPlan<G>,
    sheet: ExportSheet<G>,
  ): Promise<void> {
    const sums: RawRow = {};
    const rows = this.cursor(plan.sql, plan.params);
    await this.write(
      reply,
      format,
      sheet,
      (async function* () {
        for await (const row of rows) {
          accumulate(sums, row);
          const key = row.key as string | null;
          yield plan.group(row, key, plan.label(key));
        }
        yield plan.group(sums, null, '合计');
      })(),
    );
  }

  /**
   * Any rows, e.g. pages read through another module's service. The response is taken from fastify
   * (hijacked) only here, so that an error before it (a refused query) still goes out as JSON. Without
   * a format asked for, CSV.
   */
  async write<T>(
    reply: FastifyReply,
    format: ExportFormat = 'csv',
    sheet: ExportSheet<T>,
    rows: AsyncIterable<T> | Iterable<T>,
  ): Promise<void> {
    const extension = format === 'xlsx' ? 'xlsx' : 'csv';
    // Recorded before the first byte: a download cut off halfway has still left the building.
    await this.audit.record({
      action: 'stats.export',
      targetType: 'report',
      targetId: sheet.fileName,
      detail: { title: sheet.title, format },
      result: 'success',
    });
    reply.hijack();
    const res = reply.raw;
    res.statusCode = 200;
    res.setHeader('Content-Type', format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${sheet.fileName}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${sheet.title}_${sheet.fileName}.${extension}`)}`,
    );
    const titles = sheet.columns.map((c) => c.title);
    const sink = format === 'xlsx' ? await xlsxSink(res, sheet.title, titles) : csvSink(res, titles);
    try {
      for await (const row of rows) await sink.write(sheet.columns.map((c) => c.value(row)));
      await sink.end();
    } catch (err) {
      // The status line is gone already: a cut-off download is the only honest answer left.
      res.destroy(err as Error);
    }
  }

  /** Rows of one query through a cursor in a read-only snapshot; the connection is returned however the reader stops. */
  async *cursor(sql: string, params: unknown[]): AsyncGenerator<RawRow> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('start transaction isolation level repeatable read read only');
      await runner.query(`declare export_rows no scroll cursor for ${sql}`, params);
      for (;;) {
        const batch: RawRow[] = await runner.query(`fetch ${FETCH_ROWS} from export_rows`);
        for (const row of batch) yield row;
        if (batch.length < FETCH_ROWS) break;
      }
    } finally {
      await runner.query('rollback').catch(() => undefined);
      await runner.release();
    }
  }
}
