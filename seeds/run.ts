import 'reflect-metadata';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { loadConfig } from '../src/config/app-config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { seedDemoHall } from './demo-hall.seed';

/** `npm run seed`: migrate and (re)load the demo hall into DATABASE_URL or the embedded database. */
async function main() {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dir: resolve(process.env.EMBEDDED_PG_DIR ?? '.data/postgres'),
        persistent: true,
        preferredPort: 54329,
      });
  const dataSource = await new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL ?? embedded!.url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
  }).initialize();
  try {
    await runMigrations(dataSource);
    const hallId = await seedDemoHall(dataSource, { demoMode: config.DEMO_MODE === 'on' });
    process.stdout.write(`demo hall loaded: ${hallId}\n`);
  } finally {
    await dataSource.destroy();
    if (embedded?.owned) await embedded.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`seed failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
