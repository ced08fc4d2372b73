import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Applicants recorded as dishonest (失信), by ID fingerprint: a 告知承诺 found untrue. They get
 * neither 容缺 nor 告知承诺 again, in any hall sharing this database.
 */
@Injectable()
export class DishonestList {
  constructor(private readonly dataSource: DataSource) {}

  async has(em: EntityManager | null, fingerprint: string): Promise<boolean> {
    const rows = await (em ?? this.dataSource.manager).query(`select 1 from dishonest_applicants where id_fingerprint = $1`, [fingerprint]);
    return rows.length > 0;
  }

  /** The first finding stands; a later one for the same applicant changes nothing. */
  async record(
    em: EntityManager,
    entry: { fingerprint: string; caseId: string; reason: string; recordedBy: string; at: Date },
  ): Promise<void> {
    await em.query(
      `insert into dishonest_applicants (id_fingerprint, case_id, reason, recorded_by, recorded_at) values ($1, $2, $3, $4, $5)
       on conflict (id_fingerprint) do nothing`,
      [entry.fingerprint, entry.caseId, entry.reason, entry.recordedBy, entry.at],
    );
  }
}
