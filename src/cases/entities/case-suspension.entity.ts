import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SuspensionKind } from '../domain/case-state-machine';

/** A stretch of time the clock stood still; the due dates move by the working time it covered. */
@Entity('case_suspensions')
export class CaseSuspension {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'text' }) kind: SuspensionKind;
  @Column({ type: 'text', nullable: true }) procedure: string | null;
  @Column() reason: string;
  @Column({ name: 'expected_working_days' }) expectedWorkingDays: number;
  @Column({ name: 'from_at', type: 'timestamptz' }) fromAt: Date;
  @Column({ name: 'to_at', type: 'timestamptz', nullable: true }) toAt: Date | null;
  @Column({ name: 'started_by', type: 'uuid' }) startedBy: string;
  @Column({ name: 'ended_by', type: 'uuid', nullable: true }) endedBy: string | null;
}
