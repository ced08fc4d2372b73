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

/** Path parameters that are a citizen's key to a ticket, an appointment or a case: whoever reads the log must not get them. */
const SECRET_PARAMS = new Set(['accessCode', 'code', 'queryCode', 'token']);

/** The same keys in a path no route matched (a mistyped suffix): the segment after these prefixes. */
const SECRET_SEGMENT = /^(\/api\/(?:ticket-live|appointments)\/|\/api\/tickets\/(?![0-9a-f]{8}-[0-9a-f]{4}-))[^/]+/i;

/**
 * pathOf for log lines: the secret path parameters as their names (/api/tickets/:accessCode/rating).
 * The query string is never logged (it carries the case lookup's query code).
 */
export function loggedPathOf(req: { url: string; routeOptions?: { url?: string } }): string {
  const path = pathOf(req);
  const pattern = req.routeOptions?.url;
  if (!pattern) return path.replace(SECRET_SEGMENT, '$1:redacted');
  const patternSegments = pattern.split('/');
  if (!patternSegments.some((seg) => seg.startsWith(':') && SECRET_PARAMS.has(seg.slice(1)))) return path;
  const pathSegments = path.split('/');
  // A trailing slash the router ignored: the pattern alone says enough.
  if (pathSegments.length !== patternSegments.length) return pattern;
  return patternSegments.map((seg, i) => (seg.startsWith(':') && SECRET_PARAMS.has(seg.slice(1)) ? seg : pathSegments[i])).join('/');
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
