import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Material files (材料电子化): the bytes in the default storage driver's tables (storage_objects and
 * their 1 MiB storage_chunks, an object readable once complete; unused when STORAGE_DRIVER=s3), the files of a case, and the files a
 * clerk uploaded for an application not yet submitted (staged_files). A case's file rows are
 * immutable like its events: a correction is a new row with the next version.
 */
export class MaterialFiles1795301500000 implements MigrationInterface {
  name = 'MaterialFiles1795301500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table storage_objects (
        key text constraint pk_storage_objects primary key,
        size bigint not null constraint ck_storage_objects_size check (size >= 0),
        content_type text not null,
        chunk_size integer not null constraint ck_storage_objects_chunk_size check (chunk_size > 0),
        complete boolean not null,
        created_at timestamptz not null
      )`);
    // Objects a crashed instance left half-written, for the sweep.
    await q.query(`create index ix_storage_objects_incomplete on storage_objects (created_at) where not complete`);
    await q.query(`
      create table storage_chunks (
        key text not null constraint fk_storage_chunks_object references storage_objects(key) on delete cascade,
        n integer not null constraint ck_storage_chunks_n check (n >= 0),
        data bytea not null,
        constraint pk_storage_chunks primary key (key, n)
      )`);
    // Scans and PDFs are compressed already: TOAST would spend CPU on compressing them for nothing.
    await q.query(`alter table storage_chunks alter column data set storage external`);

    await q.query(`
      create table case_files (
        id uuid constraint pk_case_files primary key,
        case_id uuid not null constraint fk_case_files_case references cases(id) on delete restrict,
        hall_id uuid not null constraint fk_case_files_hall references halls(id) on delete restrict,
        material_name text not null,
        version integer not null constraint ck_case_files_version check (version >= 1),
        replaces_id uuid constraint fk_case_files_replaces references case_files(id) on delete restrict,
        file_name text not null,
        media_type text not null constraint ck_case_files_media_type check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
        size bigint not null constraint ck_case_files_size check (size > 0),
        pages integer not null constraint ck_case_files_pages check (pages >= 1),
        sha256 text not null constraint ck_case_files_sha256 check (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text not null,
        added_by uuid constraint fk_case_files_added_by references users(id) on delete restrict,
        added_by_role text not null,
        added_at timestamptz not null,
        constraint uq_case_files_storage_key unique (storage_key),
        constraint ck_case_files_first_version check ((version = 1) = (replaces_id is null))
      )`);
    await q.query(`create index ix_case_files_case on case_files (case_id, material_name, added_at)`);
    // One correction per version: a second replacement of the same file is a conflict, not a fork.
    await q.query(`create unique index uq_case_files_replaces on case_files (replaces_id) where replaces_id is not null`);
    await q.query(`
      create function forbid_case_file_change() returns trigger language plpgsql as $$
      begin
        raise exception 'case_files is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end $$`);
    await q.query(`create trigger tg_case_files_append_only before update or delete on case_files
      for each row execute function forbid_case_file_change()`);

    await q.query(`
      create table staged_files (
        id uuid constraint pk_staged_files primary key,
        hall_id uuid not null constraint fk_staged_files_hall references halls(id) on delete restrict,
        uploaded_by uuid not null constraint fk_staged_files_user references users(id) on delete restrict,
        file_name text not null,
        media_type text not null,
        size bigint not null constraint ck_staged_files_size check (size > 0),
        pages integer not null constraint ck_staged_files_pages check (pages >= 1),
        sha256 text not null,
        storage_key text not null constraint uq_staged_files_storage_key unique,
        uploaded_at timestamptz not null
      )`);
    await q.query(`create index ix_staged_files_uploaded_at on staged_files (uploaded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table staged_files`);
    await q.query(`drop table case_files`);
    await q.query(`drop function forbid_case_file_change()`);
    await q.query(`drop table storage_chunks`);
    await q.query(`drop table storage_objects`);
  }
}
