import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseRole, CaseStatus } from '../domain/case-state-machine';

/** `applicant`: the citizen's own online moves (re-upload, 补正 resubmitted), with no actor id. */
export type ActorRole = CaseRole;

/** One move of a case, never changed or removed (the database refuses UPDATE and DELETE). */
@Entity('case_events')
export class CaseEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ name: 'case_version' }) caseVersion: number;
  /** A state-machine move, or a move inside a status (claim, advance_step, request_extension, identity_check_failed…). */
  @Column() move: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus: CaseStatus | null;
  @Column({ name: 'to_status', type: 'text' }) toStatus: CaseStatus;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ name: 'actor_role', type: 'text' }) actorRole: ActorRole;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  @Column({ type: 'timestamptz' }) at: Date;
}
