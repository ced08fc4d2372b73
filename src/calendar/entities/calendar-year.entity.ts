import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A year whose national schedule is loaded; days of other years count Monday to Friday (provisional). */
@Entity('calendar_years')
export class CalendarYear {
  @PrimaryColumn() year: number;
  /** `chinese-days@<version>` when seeded from the package, `json` or `ics` when loaded by an admin. */
  @Column() source: string;
  @Column({ name: 'loaded_at', type: 'timestamptz' }) loadedAt: Date;
  @Column({ name: 'loaded_by', type: 'uuid', nullable: true }) loadedBy: string | null;
}
