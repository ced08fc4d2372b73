import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ExtensionRequestStatus } from '../domain/case-vocabulary';

/** 延期: asked for by the approver, granted or refused by a manager. */
@Entity('case_extension_requests')
export class CaseExtensionRequest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'working_days' }) workingDays: number;
  @Column() reason: string;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy: string;
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt: Date;
  @Column({ type: 'text' }) status: ExtensionRequestStatus;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason: string | null;
}
