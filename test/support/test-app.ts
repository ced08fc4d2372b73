import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { seedDemoHall } from '../../seeds/demo-hall.seed';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter, initApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createTestDatabase } from './test-database';

/** Appended to the password an admin gave an account when TestApp.login changes it at first sign-in. */
export const RENEWED_SUFFIX = '~Renewed9';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  databaseUrl: string;
  hallId: string;
  /** http://127.0.0.1:<port> when started with `listen: true` (socket.io clients need a real port), else ''. */
  url: string;
  /**
   * Bearer token of a full session of a demo user, or of an account a test created: such an account
   * must change its password at first sign-in, which this does (to `password` + RENEWED_SUFFIX).
   */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  seed?: boolean;
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Listen on a free port of 127.0.0.1 (see TestApp.url). */
  listen?: boolean;
  /** Controllers added beside the application's, e.g. a probe of what a handler sees. */
  controllers?: Type[];
  /** Providers replaced by a value, e.g. the queue's Clock. */
  overrides?: { provide: unknown; useValue: unknown }[];
}

/**
 * The real application on its own cloned database, with the demo hall loaded unless told otherwise.
 * Pass `databaseUrl` to start a second instance on the same database.
 */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  // No web client unless a test asks for one (test/support/test-server.ts): API tests must not depend on a build.
  const config = loadConfig({ LOG_LEVEL: 'silent', CLIENT_DIST_DIR: '/nonexistent', ...opts.env, DATABASE_URL: databaseUrl });
  let builder = Test.createTestingModule({ imports: [AppModule], controllers: opts.controllers ?? [] })
    .overrideProvider(AppConfig)
    .useValue(config);
  for (const o of opts.overrides ?? []) builder = builder.overrideProvider(o.provide).useValue(o.useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
  configureApp(app, config);
  await initApp(app);
  let url = '';
  if (opts.listen) {
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }
  const dataSource = app.get(DataSource);
  const hallId = opts.seed === false ? '' : await seedDemoHall(dataSource, { demoMode: config.DEMO_MODE === 'on' });
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    dataSource,
    databaseUrl,
    hallId,
    url,
    async login(username, password = DEMO_PASSWORD) {
      const key = `${username}:${password}`;
      if (!tokens.has(key)) {
        let res = await request(app.getHttpServer()).post('/api/auth/login').send({ username, password });
        if (res.status === 200 && res.body.step === 'change-password') {
          res = await request(app.getHttpServer())
            .post('/api/auth/password')
            .set('Authorization', `Bearer ${res.body.token}`)
            .send({ currentPassword: password, newPassword: password + RENEWED_SUFFIX });
        }
        if (res.status !== 200 || res.body.step !== 'done')
          throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
        tokens.set(key, res.body.token);
      }
      return tokens.get(key)!;
    },
    close: () => app.close(),
  };
}
