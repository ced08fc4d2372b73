import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { DataSource } from 'typeorm';
import { requireDemoPasswordChange, seedDemoIfEmpty } from '../seeds/demo-hall.seed';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter } from './app.setup';
import { JsonLogger } from './common/http/json-logger';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './database/embedded-postgres';

/**
 * V8 lets the old space grow to up to four times what survived the last full collection before it
 * collects again. After a busy spell (thousands of tickets a second) an instance with ~55 MB live
 * then held ~200 MB of garbage resident for as long as it stayed quiet. At most twice the live size
 * keeps it near half that, at no measurable cost in throughput (bench/README.md).
 */
setFlagsFromString('--heap-growing-percent=100');

async function bootstrap() {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = new JsonLogger(config.LOG_LEVEL);

  let embedded: EmbeddedPostgresHandle | undefined;
  if (!config.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({
      dir: resolve(process.env.EMBEDDED_PG_DIR ?? '.data/postgres'),
      persistent: true,
      preferredPort: 54329,
      log: (m) => logger.log(m, 'EmbeddedPostgres'),
    });
    process.env.DATABASE_URL = embedded.url;
  }

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), { logger, bufferLogs: true });
  configureApp(app, app.get(AppConfig));
  if (config.SEED_DEMO === 'auto')
    await seedDemoIfEmpty(app.get(DataSource), (m) => logger.log(m, 'Seed'), { demoMode: config.DEMO_MODE === 'on' });
  if (config.DEMO_MODE === 'off') {
    const published = await requireDemoPasswordChange(app.get(DataSource));
    if (published.length)
      logger.warn(`DEMO_MODE=off: ${published.join(', ')} still had the demo password and must change it at the next sign-in`, 'Seed');
  }

  const stop = async () => {
    await app.close();
    if (embedded?.owned) await embedded.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    await app.listen(config.PORT, config.HOST);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`port ${config.PORT} is already in use: stop the other server or start with PORT=<another port>\n`);
      await app.close();
      if (embedded?.owned) await embedded.stop();
      process.exit(1);
    }
    throw err;
  }
  logger.log(`OneWindow ready: http://localhost:${config.PORT}/ (API /api, docs /api/docs)`, 'Main');
}

bootstrap().catch((err) => {
  process.stderr.write(`OneWindow failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
