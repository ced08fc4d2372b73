import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';

/**
 * Starts a throw-away PostgreSQL (or uses TEST_DATABASE_URL), migrates one template database,
 * and tells the test workers where it is; each test file clones the template (test/support/test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await startEmbeddedPostgres({
      dir: mkdtempSync(join(tmpdir(), 'onewindow-test-')),
      persistent: false,
      database: 'postgres',
      log: () => undefined,
      // Durability is pointless for a throw-away cluster and costs seconds per test run.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    (globalThis as { __ONEWINDOW_PG__?: unknown }).__ONEWINDOW_PG__ = handle;
    serverUrl = handle.url;
  }
  const template = `ow_template_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  await admin.end();

  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  const dataSource = await new DataSource({
    type: 'postgres',
    url: templateUrl.toString(),
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
  }).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  process.env.ONEWINDOW_TEST_SERVER_URL = serverUrl;
  process.env.ONEWINDOW_TEST_TEMPLATE = template;
}
