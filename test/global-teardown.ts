import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as { __ONEWINDOW_PG__?: { stop(): Promise<void> } }).__ONEWINDOW_PG__;
  if (handle) {
    await handle.stop();
    return;
  }
  // An external TEST_DATABASE_URL server: leave it as it was found.
  const url = process.env.ONEWINDOW_TEST_SERVER_URL;
  const template = process.env.ONEWINDOW_TEST_TEMPLATE;
  if (!url || !template) return;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const { rows } = await admin.query(`select datname from pg_database where datname like 'ow_test_%' or datname = $1`, [template]);
  for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.end();
}
