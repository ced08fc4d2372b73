import { Column, Entity, PrimaryColumn } from 'typeorm';
import { StoredFileColumns } from './stored-file-columns';
import type { ActorRole } from './case-event.entity';

/** One material file of a case: immutable (the database refuses UPDATE and DELETE); a correction is a new row. */
@Entity('case_files')
export class CaseFile extends StoredFileColumns {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  /** The material of the case's checklist it answers, by name as the checklist and the obligations name it. */
  @Column({ name: 'material_name' }) materialName: string;
  @Column() version: number;
  @Column({ name: 'replaces_id', type: 'uuid', nullable: true }) replacesId: string | null;
  @Column({ name: 'added_by', type: 'uuid', nullable: true }) addedBy: string | null;
  @Column({ name: 'added_by_role', type: 'text' }) addedByRole: ActorRole;
  @Column({ name: 'added_at', type: 'timestamptz' }) addedAt: Date;
}
