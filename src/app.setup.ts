import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { BadRequestException, HttpException, INestApplication, Logger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApiDocument } from './common/http/api-document';
import { TRUSTED_PROXIES } from './common/http/client-address';
import { logsAt } from './common/http/json-logger';
import { loggedPathOf, pathOf, registerRequestContext, requestIdOf } from './common/http/request-context';
import { registerSecurityHeaders } from './common/http/security-headers';
import { jsonDepthExceeds, MAX_DEPTH, registerInputGuard } from './common/http/input-guard';
import { AppException } from './common/errors/app-exception';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { AppConfig } from './config/app-config';
import { PostgresIoAdapter } from './realtime/postgres-io.adapter';

const BODY_LIMIT = 1024 * 1024;

/**
 * The HTTP platform: fastify, which carries the same requests through Nest for a third to two thirds
 * less CPU than express (bench/README.md, "The HTTP layer's ceiling").
 */
export function createHttpAdapter(): FastifyAdapter {
  const filter = new AllExceptionsFilter();
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: TRUSTED_PROXIES,
    genReqId: requestIdOf,
    // As express routes: /api/health/ is /api/health. A path parameter up to 2,048 characters reaches
    // its pipe, which says what is wrong with it; a longer one is 414 URI_TOO_LONG.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // A URL the router cannot decode is refused in the error shape of every other refusal (errors
    // from a route, its body included, reach the filter through Nest's own error handler).
    // It comes before the hooks, so the request id header is set here too.
    frameworkErrors: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      reply.raw.setHeader('X-Request-Id', req.id);
      filter.respond(new HttpException(err.message, err.statusCode ?? 400), req, reply);
    },
  });
}

/**
 * JSON bodies only, parsed as fastify does (a `__proto__` or `constructor.prototype` key is refused)
 * and taken as express's strict parser took them: an object or an array (a bare `null` or string
 * is no request body), and an empty body with a JSON content type is no body (a client that sets
 * the header on every POST). Any other content type is 415 UNSUPPORTED_MEDIA_TYPE.
 */
function parseJsonBodies(app: NestFastifyApplication) {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  const invalid = (err?: Error) => new BadRequestException(err?.message ?? 'JSON body must be an object or an array');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT }, (req, body, done) => {
    const text = body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    // Before parsing: what is too deep never becomes an object for a recursive helper to walk.
    if (jsonDepthExceeds(text)) return done(new AppException('INPUT_TOO_DEEP', { maxDepth: MAX_DEPTH }), undefined);
    parse(req, text, (err, value) => {
      if (err) return done(invalid(err), undefined);
      if (value === null || typeof value !== 'object') return done(invalid(), undefined);
      done(null, value);
    });
  });
}

/**
 * multipart/form-data only where a route asks for it (`@RouteConfig({ multipart: true })`, the file
 * uploads, which stream the body themselves): anywhere else it is 415 as any non-JSON body is.
 */
function multipartForUploadsOnly(fastify: FastifyInstance) {
  void fastify.register(fastifyMultipart);
  const filter = new AllExceptionsFilter();
  fastify.addHook('preValidation', async (req, reply) => {
    if (!req.isMultipart() || (req.routeOptions.config as { multipart?: boolean } | undefined)?.multipart) return;
    filter.respond(new HttpException('multipart body on a JSON route', 415), req, reply);
    return reply;
  });
}

function accessLog(fastify: FastifyInstance, logger: Logger) {
  fastify.addHook('onResponse', (req, reply, done) => {
    logger.log({
      msg: 'request',
      method: req.method,
      path: loggedPathOf(req),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      requestId: req.id,
    });
    done();
  });
}

/** Serves the built web client, and index.html for its client-side routes. */
function serveClient(fastify: FastifyInstance, dir: string) {
  const root = resolve(dir);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  // One route per file of the build (it does not change while the server runs); the client's own routes below.
  void fastify.register(fastifyStatic, { root, index: false, wildcard: false, maxAge: '1h' });
  fastify.get('/*', (req: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(req);
    if (path.startsWith('/api') || path.startsWith('/socket.io')) return reply.callNotFound();
    return reply.sendFile('index.html', { maxAge: 0 });
  });
  return true;
}

/** Everything main.ts and the e2e tests both need on top of AppModule; the app is made with createHttpAdapter(). */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  registerRequestContext(fastify);
  registerSecurityHeaders(fastify);
  parseJsonBodies(app as NestFastifyApplication);
  multipartForUploadsOnly(fastify);
  registerInputGuard(fastify);
  // One line per request at info and below; at warn and above not even its hook runs.
  if (logsAt(config.LOG_LEVEL, 'info')) accessLog(fastify, new Logger('Http'));
  app.setGlobalPrefix('api');
  // socket.io on the HTTP server, its events shared across instances through PostgreSQL.
  if (config.DATABASE_URL) app.useWebSocketAdapter(new PostgresIoAdapter(app, { databaseUrl: config.DATABASE_URL }));

  // Built at the first request for it (the library keeps it then): a production instance that is never asked
  // does not hold the whole OpenAPI document.
  SwaggerModule.setup('api/docs', app, () => createApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });

  if (serveClient(fastify, config.CLIENT_DIST_DIR)) new Logger('Client').log(`serving the web client from ${config.CLIENT_DIST_DIR}`);
  return app;
}

/** init() and, for fastify, its plugins loaded: after this the app answers through getHttpServer(). */
export async function initApp(app: INestApplication): Promise<void> {
  await app.init();
  await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
}
