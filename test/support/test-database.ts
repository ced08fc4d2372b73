import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A fresh, migrated database for one test file, cloned from the template made by the global set-up. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = process.env.ONEWINDOW_TEST_SERVER_URL;
  const template = process.env.ONEWINDOW_TEST_TEMPLATE;
  if (!serverUrl || !template) throw new Error('the e2e global set-up did not run');
  const name = `ow_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Two clones of one template at the same instant can collide on the template's lock: retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (err) {
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
