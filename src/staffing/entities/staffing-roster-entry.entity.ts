import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Windows a manager plans to open in one hour of one local day for one category. */
@Entity('staffing_roster')
export class StaffingRosterEntry {
  @PrimaryColumn({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @PrimaryColumn({ name: 'local_date', type: 'date' }) localDate: string;
  @PrimaryColumn({ type: 'smallint' }) hour: number;
  @PrimaryColumn({ name: 'category_id', type: 'uuid' }) categoryId: string;
  @Column({ type: 'smallint' }) windows: number;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
