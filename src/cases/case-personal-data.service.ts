import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { caseFieldContext } from '../pii/domain/field-cipher';
import { PiiVault } from '../pii/pii-vault.service';

/**
 * When a case finished for good, or null while it can still move: handed over, delivered,
 * 转报办结, or ended without a result (not accepted, withdrawn, aborted, returned). The migration
 * indexes exactly this expression, so keep the two the same.
 */
export const CASE_FINISHED_AT = `case status when 'picked_up' then picked_up_at when 'delivered' then delivered_at
  when 'reported' then concluded_at when 'not_accepted' then closed_at when 'withdrawn' then closed_at when 'aborted' then closed_at
  when 'returned' then closed_at end`;

const SEALED_COLUMNS = ['applicant_name_enc', 'applicant_id_enc', 'contact_name_enc', 'contact_phone_enc'] as const;
type SealedColumn = (typeof SEALED_COLUMNS)[number];

/**
 * The applicant's personal data over its lifetime: moving sealed values to the current key
 * (`npm run pii:reencrypt`), and removing them once a finished case is past its retention period.
 * Both take rows FOR UPDATE SKIP LOCKED in short transactions, so they run beside the app: a case
 * being worked on is skipped and taken on a later batch.
 */
@Injectable()
export class CasePersonalData {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: PiiVault,
  ) {}

  /** Re-seals up to `limit` cases holding a value under an older key; returns how many. 0: nothing left. */
  async reencryptBatch(limit: number): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const current = this.vault.currentKeyId;
      const stale = SEALED_COLUMNS.map((c) => `(${c} is not null and split_part(${c}, ':', 1) <> $1)`).join(' or ');
      const rows: ({ id: string } & Record<SealedColumn, string | null>)[] = await em.query(
        `select id, ${SEALED_COLUMNS.join(', ')} from cases where ${stale} order by id limit ${Number(limit)} for update skip locked`,
        [current],
      );
      for (const row of rows) {
        const resealed = SEALED_COLUMNS.map((column) => {
          const sealed = row[column];
          if (sealed === null || this.vault.isCurrent(sealed)) return sealed;
          const context = caseFieldContext(column, row.id);
          return this.vault.seal(this.vault.open(sealed, context), context);
        });
        await em.query(`update cases set ${SEALED_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')} where id = $1`, [
          row.id,
          ...resealed,
        ]);
      }
      return rows.length;
    });
  }

  /**
   * De-identifies up to `limit` cases that finished before `cutoff`: the sealed name, ID number and
   * contact and the ID fingerprint go; the masked forms, the case's times, outcome and events
   * stay, so every statistic reads the same afterwards. Returns how many.
   */
  async removeFinishedBefore(cutoff: Date, at: Date, limit: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `with expired as (
         select id from cases
         where personal_data_removed_at is null and (${CASE_FINISHED_AT}) < $1
         order by (${CASE_FINISHED_AT}) limit ${Number(limit)} for update skip locked),
       removed as (
         update cases c set applicant_name_enc = null, applicant_id_enc = null, contact_name_enc = null, contact_phone_enc = null,
           applicant_id_fingerprint = null, personal_data_removed_at = $2
         from expired where c.id = expired.id
         returning c.id)
       select count(*)::int as n from removed`,
      [cutoff, at],
    );
    return n;
  }
}
