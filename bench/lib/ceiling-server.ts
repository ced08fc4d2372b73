// The request path with no database behind it: how many requests per second this machine's cores
// carry through the HTTP layer alone. `node ceiling-server.js <platform>` with platform
//   app      — OneWindow's own set-up (createHttpAdapter, configureApp: Nest on fastify), global pipe,
//              guard and filter, and its real TicketsController and WindowsController, whose services
//              answer from memory;
//   express  — the same module on @nestjs/platform-express (a dev dependency for this comparison) with
//              the set-up the app had on it: express's JSON body parser, the request id in an
//              AsyncLocalStorage, trusted proxies;
//   node     — node:http parsing the same requests and answering the same bodies, no framework.
// It prints `listening <port>` once it accepts connections. Tokens: a kiosk device token and staff
// tokens signed with CEILING_SECRET, as the bench's client sends them (see ceiling.bench.ts). Only
// answers that succeed are measured: the exception filter writes through fastify's reply, so on
// express a refused request would come back as a 500, and the bench counts it as failed.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, NestFactory } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { configureApp, createHttpAdapter, initApp } from '../../src/app.setup';
import { AuthGuard } from '../../src/auth/auth.guard';
import { AuthService } from '../../src/auth/auth.service';
import { AuditTrail } from '../../src/audit/audit-trail.service';
import type { Principal } from '../../src/auth/principal';
import { TokenSigner } from '../../src/auth/token-signer';
import { AllExceptionsFilter } from '../../src/common/errors/all-exceptions.filter';
import { AppException } from '../../src/common/errors/app-exception';
import { createValidationPipe } from '../../src/common/errors/validation';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { CallingService } from '../../src/queue/calling.service';
import type { IssueTicketDto } from '../../src/queue/dto/issue-ticket.dto';
import { QueueViewsService } from '../../src/queue/queue-views.service';
import { TicketsController } from '../../src/queue/tickets.controller';
import { TicketsService } from '../../src/queue/tickets.service';
import { WindowsController } from '../../src/queue/windows.controller';
import { CEILING_HALL_ID, CEILING_KIOSK_TOKEN, CEILING_SECRET } from './ceiling-fixtures';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A ticket as the real routes answer it (its shape and about its size). */
function ticket(hallId: string, categoryId: string, status: string) {
  const now = new Date();
  return {
    id: randomUUID(),
    hallId,
    number: 'A001',
    categoryId,
    issueCategoryId: categoryId,
    localDate: '2026-12-07',
    source: 'kiosk',
    priority: false,
    priorityReason: null,
    itemId: null,
    status,
    recallCount: 0,
    requeueCount: 0,
    windowId: null,
    targetWindowId: null,
    servedBy: null,
    issuedAt: now,
    enqueuedAt: now,
    firstCalledAt: null,
    calledAt: null,
    startedAt: null,
    finishedAt: null,
  };
}

// The device tokens a real instance holds in its cache after the first request of each: here from the start.
const devices = new Map<string, Principal>([
  [sha256(CEILING_KIOSK_TOKEN), { kind: 'device', id: randomUUID(), role: 'kiosk', hallId: CEILING_HALL_ID }],
]);
// The accounts it holds after each clerk's first request: every signed-in user is a clerk of the hall here.
const accounts = new Map<string, { principal: Principal; active: boolean; sessionGeneration: number }>();
const signer = new TokenSigner(CEILING_SECRET);

/** AuthService.authenticate with its caches warm: the HMAC check and an account look-up, or a hash and a device look-up. */
const auth = {
  async authenticate(token: string): Promise<Principal | null> {
    const claim = signer.verify(token);
    if (!claim) return devices.get(sha256(token)) ?? null;
    let access = accounts.get(claim.userId);
    if (!access) {
      access = {
        principal: { kind: 'user', id: claim.userId, username: 'clerk', role: 'clerk', hallIds: [CEILING_HALL_ID], departmentId: null },
        active: true,
        sessionGeneration: 0,
      };
      accounts.set(claim.userId, access);
    }
    return access.active && access.sessionGeneration === claim.generation ? access.principal : null;
  },
  /** As the guard asks it; the session look-up is a cache hit in the real service between its touches. */
  async check(token: string) {
    const principal = await this.authenticate(token);
    return principal ? { ok: true as const, principal, restriction: null } : { ok: false as const, code: 'UNAUTHENTICATED' as const };
  },
};

/** What the services would answer once the database had done its part, after the checks that need no database. */
const tickets = {
  async issueFor(p: Principal | undefined, hallId: string, dto: IssueTicketDto) {
    if (dto.source === 'kiosk' && p?.role !== 'kiosk')
      throw new AppException('SOURCE_NOT_ALLOWED', { source: dto.source, required: 'kiosk device token' });
    return {
      ...ticket(hallId, dto.categoryId ?? randomUUID(), 'waiting'),
      accessCode: 'k3J9xQ2mP7wR',
      categoryName: '企业开办与市场准入',
      ahead: 12,
      estimatedWaitMs: 360000,
    };
  },
};
const calling = {
  async callNext(_p: Principal, windowId: string) {
    return { ticket: { ...ticket(CEILING_HALL_ID, randomUUID(), 'called'), windowId }, reason: 'normal' };
  },
  async act(_p: Principal, windowId: string, ticketId: string, move: string) {
    return { ...ticket(CEILING_HALL_ID, randomUUID(), move === 'finish' ? 'done' : 'serving'), id: ticketId, windowId };
  },
};

@Module({
  controllers: [TicketsController, WindowsController],
  providers: [
    { provide: TicketsService, useValue: tickets },
    { provide: QueueViewsService, useValue: {} },
    { provide: CallingService, useValue: calling },
    { provide: AuthService, useValue: auth },
    // Records refused requests only; the ceiling's requests are all let through.
    { provide: AuditTrail, useValue: { recordQuietly: async () => undefined } },
    { provide: AppConfig, useFactory: () => loadConfig() },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
class CeilingModule {}

async function nest(platform: 'app' | 'express'): Promise<{ listen(): Promise<number> }> {
  if (platform === 'app') {
    const app = await NestFactory.create(CeilingModule, createHttpAdapter(), { logger: ['error'] });
    configureApp(app, app.get(AppConfig));
    await initApp(app);
    return {
      listen: async () => {
        await app.listen(0, '127.0.0.1');
        return (app.getHttpServer().address() as { port: number }).port;
      },
    };
  }
  // Loaded only here: express is a dev dependency for this comparison, not part of the app.
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  const app = await NestFactory.create(CeilingModule, new ExpressAdapter(), { logger: ['error'] });
  const express = app.getHttpAdapter().getInstance() as { disable(k: string): void; set(k: string, v: unknown): void };
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
  const storage = new AsyncLocalStorage<{ requestId: string }>();
  app.use((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    storage.run({ requestId }, next);
  });
  (app as unknown as { useBodyParser(type: string, options: object): void }).useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix('api');
  return {
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      return (app.getHttpServer().address() as { port: number }).port;
    },
  };
}

/** node:http alone: route by pattern, check the token as the guard does, parse the body, answer the same JSON. */
function bare(): { listen(): Promise<number> } {
  const issue = /^\/api\/halls\/([0-9a-f-]{36})\/tickets$/;
  const move = /^\/api\/windows\/([0-9a-f-]{36})\/(call-next|tickets\/([0-9a-f-]{36})\/(start|finish))$/;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'X-Request-Id': randomUUID(),
    });
    res.end(text);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const header = req.headers.authorization;
        const principal = header?.startsWith('Bearer ') ? await auth.authenticate(header.slice(7).trim()) : null;
        const url = req.url ?? '';
        let m = issue.exec(url);
        if (req.method === 'POST' && m) {
          const dto = JSON.parse(Buffer.concat(chunks).toString('utf8')) as IssueTicketDto;
          return send(res, 201, await tickets.issueFor(principal ?? undefined, m[1], dto));
        }
        m = move.exec(url);
        if (req.method === 'POST' && m) {
          if (principal?.role !== 'clerk') return send(res, 403, { statusCode: 403, code: 'FORBIDDEN' });
          return send(res, 200, m[3] ? await calling.act(principal, m[1], m[3], m[4]) : await calling.callNext(principal, m[1]));
        }
        send(res, 404, { statusCode: 404, code: 'NOT_FOUND' });
      })();
    });
  });
  return {
    listen: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))),
  };
}

async function main() {
  const platform = process.argv[2];
  if (platform !== 'app' && platform !== 'express' && platform !== 'node')
    throw new Error(`platform: app, express or node, not ${platform}`);
  process.env.CLIENT_DIST_DIR = '/nonexistent';
  delete process.env.DATABASE_URL;
  const server = platform === 'node' ? bare() : await nest(platform);
  process.stdout.write(`listening ${await server.listen()}\n`);
}

void main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
