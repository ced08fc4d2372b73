import 'reflect-metadata';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { verifyAuditChain } from './chain-verifier';

/**
 * `npm run audit:verify`: walks the audit trail's SM3 chain in DATABASE_URL (or the embedded
 * database) and prints the outcome as one JSON line. Exit code 0 intact, 1 broken, 2 not checked.
 * It only reads: no migration, no record of its own.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dir: resolve(process.env.EMBEDDED_PG_DIR ?? '.data/postgres'),
        persistent: true,
        preferredPort: 54329,
        // stdout carries the one JSON line only.
        log: (m) => process.stderr.write(`${m}\n`),
      });
  const dataSource = await new DataSource({ type: 'postgres', url: config.DATABASE_URL ?? embedded!.url }).initialize();
  try {
    const v = await verifyAuditChain(dataSource);
    process.stdout.write(`${JSON.stringify(v)}\n`);
    if (v.intact) process.stderr.write(`audit chain intact: ${v.verified} records, head ${v.head.lastHash}\n`);
    else
      process.stderr.write(
        `audit chain BROKEN at record ${v.firstBreak!.id} (${v.firstBreak!.reason}): expected ${v.firstBreak!.expected}, stored ${v.firstBreak!.stored}\n`,
      );
    return v.intact ? 0 : 1;
  } finally {
    await dataSource.destroy();
    if (embedded?.owned) await embedded.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`audit verification failed to run: ${err?.stack ?? err}\n`);
    process.exit(2);
  },
);
