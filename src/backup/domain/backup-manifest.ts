/**
 * What a backup file says about itself. The file (gzip) is the manifest as its first line, then for
 * each table a `{"table": name}` line followed by one line per row: the row as PostgreSQL's own
 * `to_jsonb` writes it, so every type (timestamptz to the microsecond, arrays, bytea, jsonb) comes
 * back exactly. Each table's rows are checksummed (SHA-256 over its row lines, each ending in \n).
 */
export const BACKUP_FORMAT = 'onewindow-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupTable {
  name: string;
  rows: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** The last migration applied: the schema the rows fit. */
  schemaVersion: string;
  /** Every migration applied, oldest first. */
  migrations: string[];
  postgres: string;
  tables: BackupTable[];
}

export class BackupRefused extends Error {}

/** The manifest line, read and checked for shape; refuses anything that is not one of our backups. */
export function parseManifest(line: string | undefined): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(line ?? '');
  } catch {
    throw new BackupRefused('不是 OneWindow 备份文件（第一行不是清单） / not a OneWindow backup: no manifest');
  }
  const m = value as Partial<BackupManifest>;
  if (m?.format !== BACKUP_FORMAT) throw new BackupRefused('不是 OneWindow 备份文件 / not a OneWindow backup');
  if (m.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupRefused(
      `备份格式版本 ${m.formatVersion} 不受支持（本程序读取版本 ${BACKUP_FORMAT_VERSION}） / unsupported backup format version`,
    );
  }
  if (!Array.isArray(m.migrations) || !Array.isArray(m.tables) || typeof m.schemaVersion !== 'string') {
    throw new BackupRefused('备份清单不完整 / the backup manifest is incomplete');
  }
  return m as BackupManifest;
}

/** A backup restores only into the schema it was taken from: the same migrations, in the same order. */
export function checkSchema(manifest: BackupManifest, migrations: string[]): void {
  const same = manifest.migrations.length === migrations.length && manifest.migrations.every((name, i) => name === migrations[i]);
  if (!same) {
    throw new BackupRefused(
      `备份的数据库结构版本为 ${manifest.schemaVersion}，本程序为 ${migrations.at(-1)}：请用与备份相同版本的 OneWindow 恢复，再启动新版本升级 / ` +
        `the backup's schema (${manifest.schemaVersion}) is not this build's (${migrations.at(-1)}): restore with the release that took it, then upgrade`,
    );
  }
}

/** Compares what was read against the manifest, naming the first table that differs. */
export function checkTables(manifest: BackupManifest, read: BackupTable[]): void {
  const byName = new Map(read.map((t) => [t.name, t]));
  for (const expected of manifest.tables) {
    const got = byName.get(expected.name);
    if (!got) throw new BackupRefused(`备份文件不完整：缺少表 ${expected.name} / the backup is truncated: table ${expected.name} missing`);
    if (got.rows !== expected.rows || got.sha256 !== expected.sha256) {
      throw new BackupRefused(
        `备份文件已损坏：表 ${expected.name} 的校验和不符（清单 ${expected.rows} 行，读到 ${got.rows} 行） / ` +
          `the backup is corrupt: checksum of table ${expected.name} does not match`,
      );
    }
  }
  const extra = read.find((t) => !manifest.tables.some((e) => e.name === t.name));
  if (extra) throw new BackupRefused(`备份文件含清单外的表 ${extra.name} / the backup holds a table its manifest does not list`);
}

/**
 * The order to load tables in so that every foreign key finds its row: referenced tables first.
 * `references` maps a table to the tables it references (self-references ignored). Throws on a cycle.
 */
export function loadOrder(tables: string[], references: Map<string, string[]>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: string, path: string[]) => {
    if (state.get(table) === 'done') return;
    if (state.get(table) === 'visiting') throw new Error(`foreign keys form a cycle: ${[...path, table].join(' → ')}`);
    state.set(table, 'visiting');
    for (const ref of references.get(table) ?? []) if (ref !== table && tables.includes(ref)) visit(ref, [...path, table]);
    state.set(table, 'done');
    order.push(table);
  };
  for (const table of [...tables].sort()) visit(table, []);
  return order;
}
