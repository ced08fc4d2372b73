// Run by test/audit-trail.e2e-spec.ts in a plain node process: `node -r ts-register.cjs audit-embedded-scenario.ts <dir>`.
// An embedded database as `npm start` leaves it (migrated, a few audit records), stopped again; prints how many records.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { AuditTrail } from '../../src/audit/audit-trail.service';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';

async function main() {
  const embedded = await startEmbeddedPostgres({ dir: process.argv[2], persistent: true });
  const dataSource = await new DataSource({
    type: 'postgres',
    url: embedded.url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
  }).initialize();
  try {
    await runMigrations(dataSource);
    const trail = new AuditTrail(dataSource);
    for (let i = 0; i < 3; i++) await trail.record({ action: 'test.embedded', detail: { i }, result: 'success' });
    const [{ n }] = await dataSource.query('select count(*)::int as n from audit_log');
    process.stdout.write(`${JSON.stringify({ records: n })}\n`);
  } finally {
    await dataSource.destroy();
    await embedded.stop();
  }
}

main().catch((err) => {
  process.stdout.write(`${JSON.stringify({ error: String(err?.stack ?? err) })}\n`);
  process.exit(1);
});
