import type { FastifyInstance } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
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
    storage.run({ requestId: req.id }, done);
  });
}
