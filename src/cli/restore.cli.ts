import 'reflect-metadata';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { loadBackup, publicTables, verifyBackup } from '../backup/backup-file';
import { BackupRefused, checkSchema } from '../backup/domain/backup-manifest';
import { runMigrations } from '../database/migrate';
import { CliError, cliDatabase, runCli } from './cli-database';

/**
 * `npm run restore -- <file> [--replace]`: checks the whole file against its manifest and this
 * build's schema before touching the database, then migrates DATABASE_URL (or the embedded
 * database) and loads the rows in one transaction. The target must be empty unless --replace is
 * given, which drops what it holds; stop the app first.
 */
runCli('restore', async () => {
  const args = process.argv.slice(2);
  const replace = args.includes('--replace');
  const fileArg = args.find((a) => !a.startsWith('--'));
  if (!fileArg) throw new CliError('用法 / usage: npm run restore -- <backup file> [--replace]');
  const file = resolve(fileArg);
  const migrations = MIGRATIONS.map((m) => new m().name!);
  let manifest;
  try {
    manifest = await verifyBackup(file);
    checkSchema(manifest, migrations);
  } catch (err) {
    if (err instanceof BackupRefused) throw new CliError(`拒绝恢复 / refused: ${err.message}`);
    throw err;
  }
  const db = await cliDatabase();
  const client = new Client({ connectionString: db.url, application_name: 'onewindow-restore' });
  await client.connect();
  try {
    const existing = await publicTables(client);
    if (existing.length > 0 && !replace) {
      throw new CliError(
        `拒绝恢复：目标数据库不是空的（${existing.length} 张表）。请恢复到新建的空数据库，或加 --replace 覆盖其全部数据 / ` +
          'refused: the target database is not empty; restore into a new database or pass --replace',
      );
    }
    if (existing.length > 0) await client.query('drop schema public cascade; create schema public');
    const dataSource = await new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MIGRATIONS,
      migrationsTableName: 'schema_migrations',
    }).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    try {
      await loadBackup(client, file, manifest);
    } catch (err) {
      if (err instanceof BackupRefused) throw new CliError(`拒绝恢复 / refused: ${err.message}`);
      throw err;
    }
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    process.stdout.write(
      `${JSON.stringify({ file, schemaVersion: manifest.schemaVersion, createdAt: manifest.createdAt, tables: manifest.tables.length, rows })}\n`,
    );
  } finally {
    await client.end();
    await db.release();
  }
});
