import type { FastifyInstance } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../../auth/principal';

interface RequestContext {
  requestId: string;
  /** The client's address as fastify resolves it (req.ip, behind trusted proxies only). */
  address?: string;
  /** Set by the AuthGuard once the bearer token is checked, for whoever records the request's actions. */
  principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The request being handled (id, address, principal once authenticated), or undefined outside one. */
export function currentRequest(): Readonly<RequestContext> | undefined {
  return storage.getStore();
}

/** Remembers who the request comes from, for the audit trail. */
export function setRequestPrincipal(principal: Principal): void {
  const store = storage.getStore();
  if (store) store.principal = principal;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's path, without its query string (for log lines and routing decisions). */
export function pathOf(req: { url: string }): string {
  return req.url.split('?')[0];
}

/** Fastify's `genReqId`: a well-formed X-Request-Id from a proxy, or a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

/**
 * Every answer carries its request id, also one fastify gives itself (a body it refuses, a route
 * it does not know) and a streamed export that writes the response directly; so does every log
 * line written while the request is handled, its body being read included.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.raw.setHeader('X-Request-Id', req.id);
    storage.run({ requestId: req.id, address: req.ip }, done);
  });
}
