import 'reflect-metadata';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { writeBackup } from '../backup/backup-file';
import { BackupRefused } from '../backup/domain/backup-manifest';
import { CliError, cliDatabase, runCli } from './cli-database';

/**
 * `npm run backup [-- <file>]`: a consistent copy of DATABASE_URL (or the embedded database) into
 * one gzip file with its manifest (schema version, time, per-table row counts and SHA-256), while
 * the app keeps running. Default file: backups/onewindow-<UTC time>.backup.
 */
runCli('backup', async () => {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const file = resolve(process.argv[2] ?? `backups/onewindow-${stamp}.backup`);
  mkdirSync(dirname(file), { recursive: true });
  const db = await cliDatabase();
  const client = new Client({ connectionString: db.url, application_name: 'onewindow-backup' });
  await client.connect();
  try {
    const manifest = await writeBackup(client, file).catch((err: Error) => {
      throw err instanceof BackupRefused ? new CliError(err.message) : err;
    });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    process.stdout.write(
      `${JSON.stringify({ file, schemaVersion: manifest.schemaVersion, tables: manifest.tables.length, rows, bytes: statSync(file).size })}\n`,
    );
  } finally {
    await client.end();
    await db.release();
  }
});
