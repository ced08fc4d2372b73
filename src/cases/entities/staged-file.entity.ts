import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A file a clerk uploaded for an application still being filled in; it joins the case when the application is submitted. */
@Entity('staged_files')
export class StagedFile {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  /** The clerk; null for a citizen's online upload, which belongs to its draft instead. */
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true }) uploadedBy: string | null;
  /** The citizen's application draft (网上申办): whoever holds the token may attach the file. */
  @Column({ name: 'draft_token', type: 'uuid', nullable: true }) draftToken: string | null;
  @Column({ name: 'file_name' }) fileName: string;
  @Column({ name: 'media_type' }) mediaType: string;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) size: number;
  @Column() pages: number;
  @Column() sha256: string;
  @Column({ name: 'storage_key' }) storageKey: string;
  @Column({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt: Date;
}
