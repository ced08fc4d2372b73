import { INestApplication, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TRUSTED_PROXIES } from './common/http/client-address';
import { logsAt } from './common/http/json-logger';
import { requestContextMiddleware } from './common/http/request-context';
import { AppConfig } from './config/app-config';
import { PostgresIoAdapter } from './realtime/postgres-io.adapter';

function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.log({ msg: 'request', method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  };
}

/** Serves the built web client, and index.html for its client-side routes. */
function serveClient(app: NestExpressApplication, dir: string) {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(root, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/socket.io')) return next();
    res.sendFile(index);
  });
  return true;
}

/** Everything main.ts and the e2e tests both need on top of AppModule. */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.set('trust proxy', TRUSTED_PROXIES);
  // Before the body parser, so that a body it refuses (malformed, too large) still gets its request id.
  app.use(requestContextMiddleware);
  express.useBodyParser('json', { limit: '1mb' });
  // One line per request at info and below; at warn and above not even its timer runs.
  if (logsAt(config.LOG_LEVEL, 'info')) app.use(accessLog(new Logger('Http')));
  app.setGlobalPrefix('api');
  // socket.io on the HTTP server, its events shared across instances through PostgreSQL.
  if (config.DATABASE_URL) app.useWebSocketAdapter(new PostgresIoAdapter(app, { databaseUrl: config.DATABASE_URL }));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('OneWindow 一窗通办 API')
      .setDescription('前台综合受理、后台分类审批、统一窗口出件. Errors: {statusCode, code, message, details?, requestId}.')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Staff token from POST /api/auth/login, or a device token (owd_…)' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  if (serveClient(express, config.CLIENT_DIST_DIR)) new Logger('Client').log(`serving the web client from ${config.CLIENT_DIST_DIR}`);
  return app;
}
