import { Column, Entity, PrimaryColumn } from 'typeorm';
import { StoredFileColumns } from './stored-file-columns';

/** A file a clerk uploaded for an application still being filled in; it joins the case when the application is submitted. */
@Entity('staged_files')
export class StagedFile extends StoredFileColumns {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  /** The clerk; null for a citizen's online upload, which belongs to its draft instead. */
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true }) uploadedBy: string | null;
  /** The citizen's application draft (网上申办): whoever holds the token may attach the file. */
  @Column({ name: 'draft_token', type: 'uuid', nullable: true }) draftToken: string | null;
  @Column({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt: Date;
}
