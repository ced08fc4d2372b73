import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ObligationStatus } from '../domain/case-vocabulary';

/** A 容缺 material the applicant promised to bring later; a lapse returns the case (退件). */
@Entity('case_obligations')
export class CaseObligation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column() material: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'text' }) status: ObligationStatus;
  @Column({ name: 'fulfilled_at', type: 'timestamptz', nullable: true }) fulfilledAt: Date | null;
  @Column({ name: 'fulfilled_by', type: 'uuid', nullable: true }) fulfilledBy: string | null;
}
