import { Column } from 'typeorm';

/** The columns describing a stored material file, alike in a staged upload's row and a case file's. */
export abstract class StoredFileColumns {
  @Column({ name: 'file_name' }) fileName: string;
  @Column({ name: 'media_type' }) mediaType: string;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) size: number;
  @Column() pages: number;
  @Column() sha256: string;
  @Column({ name: 'storage_key' }) storageKey: string;
}
