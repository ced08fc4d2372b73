import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { CasePersonalData } from '../cases/case-personal-data.service';
import { reencryptAnswers } from '../idempotency/idempotency-answers';
import { PiiVault } from '../pii/pii-vault.service';
import { cliDatabase, runCli } from './cli-database';

const BATCH = 500;

/**
 * `npm run pii:reencrypt`: moves every sealed personal value to the current key of PII_KEYS, a
 * batch of rows per transaction (rows being worked on are skipped and taken later), so it runs
 * beside the app and can be stopped and started again. Prints one JSON line per table.
 */
runCli('pii:reencrypt', async () => {
  const db = await cliDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.CASE_SWEEP_INTERVAL_SECONDS = '0';
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const vault = app.get(PiiVault);
    const cases = app.get(CasePersonalData);
    const dataSource = app.get(DataSource);
    let resealed = 0;
    for (let n = BATCH; n > 0; resealed += n) n = await cases.reencryptBatch(BATCH);
    process.stdout.write(`${JSON.stringify({ table: 'cases', resealed, key: vault.currentKeyId })}\n`);
    let answers = 0;
    for (let n = BATCH; n > 0; answers += n) n = await reencryptAnswers(dataSource, vault, BATCH);
    process.stdout.write(`${JSON.stringify({ table: 'idempotency_keys', resealed: answers, key: vault.currentKeyId })}\n`);
  } finally {
    await app.close();
    await db.release();
  }
});
