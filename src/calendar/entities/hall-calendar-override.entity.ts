import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WorkingPeriod } from '../domain/calendar-types';
import type { OverrideKind } from '../domain/calendar-types';

/** A hall's own exception to the national schedule: an extra closing day, or a day it opens (with other hours). */
@Entity('hall_calendar_overrides')
export class HallCalendarOverride {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ type: 'date' }) date: string;
  @Column({ type: 'text' }) kind: OverrideKind;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'jsonb', nullable: true }) hours: WorkingPeriod[] | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
}
