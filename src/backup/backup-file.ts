import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Client } from 'pg';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupManifest,
  BackupRefused,
  BackupTable,
  checkTables,
  loadOrder,
  parseManifest,
} from './domain/backup-manifest';

/** The migrations' own bookkeeping: a restore recreates it by migrating, and the manifest records it. */
const NOT_BACKED_UP = new Set(['schema_migrations']);
const FETCH = 2000;
/** Rows per insert on restore. */
const CHUNK = 500;

export async function publicTables(db: Client): Promise<string[]> {
  const { rows } = await db.query(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  return rows.map((r: { name: string }) => r.name);
}

/** For each table, the tables its foreign keys reference. */
async function foreignKeys(db: Client): Promise<Map<string, string[]>> {
  const { rows } = await db.query(
    `select c.conrelid::regclass::text as t, c.confrelid::regclass::text as ref from pg_constraint c
     join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = 'public'`,
  );
  const references = new Map<string, string[]>();
  for (const { t, ref } of rows as { t: string; ref: string }[]) references.set(t, [...(references.get(t) ?? []), ref]);
  return references;
}

async function appliedMigrations(db: Client): Promise<string[]> {
  const { rows } = await db.query(`select name from schema_migrations order by timestamp, id`);
  return rows.map((r: { name: string }) => r.name);
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (!stream.write(text)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}

/**
 * Writes every table of the public schema (whatever tables the build has: nothing is listed by
 * hand) from one REPEATABLE READ snapshot, so the copy is consistent while the app keeps working.
 * Tables are written referenced-first, so a restore can insert them as it reads them. Rows go to
 * a temporary file first, because the manifest with their checksums comes first.
 */
export async function writeBackup(db: Client, file: string, now: Date = new Date()): Promise<BackupManifest> {
  const work = mkdtempSync(join(tmpdir(), 'onewindow-backup-'));
  const rowsFile = join(work, 'rows');
  try {
    await db.query('begin isolation level repeatable read read only');
    const tables: BackupTable[] = [];
    let manifestBase: Omit<BackupManifest, 'tables'>;
    try {
      if (!(await publicTables(db)).includes('schema_migrations')) {
        throw new BackupRefused('数据库中没有 OneWindow 的表（尚未启动过？） / the database holds no OneWindow schema');
      }
      const migrations = await appliedMigrations(db);
      const {
        rows: [{ version }],
      } = await db.query(`select current_setting('server_version') as version`);
      manifestBase = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: now.toISOString(),
        schemaVersion: migrations.at(-1) ?? '',
        migrations,
        postgres: version,
      };
      const out = createWriteStream(rowsFile);
      const order = loadOrder(
        (await publicTables(db)).filter((t) => !NOT_BACKED_UP.has(t)),
        await foreignKeys(db),
      );
      for (const name of order) {
        await write(out, `${JSON.stringify({ table: name })}\n`);
        const hash = createHash('sha256');
        let count = 0;
        await db.query(`declare backup_rows no scroll cursor for select to_jsonb(t)::text as row from "${name}" t`);
        for (;;) {
          const { rows } = await db.query(`fetch ${FETCH} from backup_rows`);
          for (const { row } of rows as { row: string }[]) {
            const line = `${row}\n`;
            hash.update(line);
            count++;
            await write(out, line);
          }
          if (rows.length < FETCH) break;
        }
        await db.query('close backup_rows');
        tables.push({ name, rows: count, sha256: hash.digest('hex') });
      }
      out.end();
      await finished(out);
    } finally {
      await db.query('rollback');
    }
    const manifest: BackupManifest = { ...manifestBase, tables };
    const gzip = createGzip();
    const done = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
    gzip.write(`${JSON.stringify(manifest)}\n`);
    await pipeline(createReadStream(rowsFile), gzip);
    await done;
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The file's lines, one at a time; a damaged gzip stream becomes a BackupRefused. */
async function* linesOf(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const source = createReadStream(file);
  let failure: Error | null = null;
  source.on('error', (err) => {
    failure = err;
    gunzip.destroy(err);
  });
  gunzip.on('error', (err) => {
    failure = err;
  });
  source.pipe(gunzip);
  try {
    for await (const line of createInterface({ input: gunzip, crlfDelay: Infinity })) yield line;
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) {
    const code = (failure as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupRefused(`找不到备份文件 ${file} / no such file`);
    throw new BackupRefused(`备份文件已损坏，无法解压（${(failure as Error).message}） / the backup is corrupt: it does not decompress`);
  }
}

/** Reads the whole file once and checks every table against the manifest, before anything is written. */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  let manifest: BackupManifest | null = null;
  const read: BackupTable[] = [];
  let current: { name: string; rows: number; hash: ReturnType<typeof createHash> } | null = null;
  const close = () => {
    if (current) read.push({ name: current.name, rows: current.rows, sha256: current.hash.digest('hex') });
  };
  for await (const line of linesOf(file)) {
    if (!manifest) {
      manifest = parseManifest(line);
      continue;
    }
    if (line.startsWith('{"table":')) {
      close();
      current = { name: (JSON.parse(line) as { table: string }).table, rows: 0, hash: createHash('sha256') };
      continue;
    }
    if (!current) throw new BackupRefused('备份文件已损坏：数据行不属于任何表 / the backup is corrupt');
    current.rows++;
    current.hash.update(`${line}\n`);
  }
  if (!manifest) throw new BackupRefused('备份文件为空 / the backup is empty');
  close();
  checkTables(manifest, read);
  return manifest;
}

/**
 * Loads a verified backup into a database just migrated to the backup's schema, in one
 * transaction: rows the migrations wrote are replaced, each table is filled as it is read (the file
 * holds them referenced-first), user triggers (revision counters, append-only guards) stay off
 * meanwhile so the rows arrive as they were, and identity sequences continue after the highest
 * restored value.
 */
export async function loadBackup(db: Client, file: string, manifest: BackupManifest): Promise<void> {
  const names = manifest.tables.map((t) => t.name);
  const present = new Set(await publicTables(db));
  const missing = names.find((n) => !present.has(n));
  if (missing) throw new BackupRefused(`目标数据库没有表 ${missing} / the target has no table ${missing}`);
  const references = await foreignKeys(db);
  const { rows: cols } = await db.query(
    `select c.relname as t, a.attname as col from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum`,
  );
  const columnsOf = new Map<string, string[]>();
  for (const { t, col } of cols as { t: string; col: string }[]) columnsOf.set(t, [...(columnsOf.get(t) ?? []), col]);
  // Every table a table references must already be loaded when its rows come.
  for (const [i, name] of names.entries()) {
    const late = (references.get(name) ?? []).find((ref) => ref !== name && names.indexOf(ref) > i);
    if (late)
      throw new BackupRefused(`备份文件中表 ${name} 排在它引用的表 ${late} 之前 / table ${name} comes before ${late}, which it references`);
  }

  await db.query('begin');
  try {
    for (const name of names) await db.query(`alter table "${name}" disable trigger user`);
    // Children first, so that no foreign key stops the emptying.
    for (const name of [...names].reverse()) await db.query(`delete from "${name}"`);
    let table: string | null = null;
    let chunk: string[] = [];
    const insert = async () => {
      if (!table || chunk.length === 0) return;
      const list = columnsOf
        .get(table)!
        .map((c) => `"${c}"`)
        .join(', ');
      await db.query(
        `insert into "${table}" (${list}) overriding system value select ${list} from jsonb_populate_recordset(null::"${table}", $1::jsonb)`,
        [`[${chunk.join(',')}]`],
      );
      chunk = [];
    };
    let first = true;
    for await (const line of linesOf(file)) {
      if (first) {
        first = false;
        continue;
      }
      if (line.startsWith('{"table":')) {
        await insert();
        table = (JSON.parse(line) as { table: string }).table;
        continue;
      }
      chunk.push(line);
      if (chunk.length >= CHUNK) await insert();
    }
    await insert();
    // Identity and serial columns go on after the highest restored value.
    const { rows: seqs } = await db.query(
      `select c.relname as t, a.attname as col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
         and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`,
    );
    for (const { t, col, seq } of seqs as { t: string; col: string; seq: string }[]) {
      if (!names.includes(t)) continue;
      await db.query(`select setval($1, coalesce((select max("${col}") from "${t}"), 0) + 1, false)`, [seq]);
    }
    for (const name of names) await db.query(`alter table "${name}" enable trigger user`);
    await db.query('commit');
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
}
