import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { pathOf } from './request-context';

/**
 * The web client's policy: scripts only from this origin (no inline script, no eval); styles from
 * this origin and inline, because antd writes its CSS-in-JS into <style> elements at run time and
 * the printed notices, opened from the client into a window that inherits this policy, carry
 * their own <style>; images from this origin and data:/blob: (antd's icons and empty-state
 * pictures, ECharts' saved images); the API and socket.io on this origin ('self' covers ws: and
 * wss: to it). Nothing may frame the client: a clerk's console in a hidden frame is clickjacking.
 */
export const CLIENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Everything else the server answers (JSON, exports): nothing in it may run, load or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A material file (image or PDF) served to staff or through a signed link: the back office shows it
 * in a frame of the client's own page, so only this origin may frame it; the browser's PDF viewer
 * runs as an embedded object of the file's own document, which `object-src 'self'` lets it be.
 */
export const FILE_CSP =
  "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/**
 * A printed notice fetched on its own: its one inline style (by hash) and its inline SVG QR code,
 * nothing else. The client opens it in a window of its own policy (CLIENT_CSP).
 */
export function documentCsp(style: string): string {
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
}

/**
 * On every answer, those fastify writes itself and those a handler streams or a static file sends
 * included (set on the raw response at the start, which a handler's own header overrides): no MIME
 * sniffing, no framing, no Referer (the citizen's pages carry their access code in the URL), and
 * API_CSP for the API, CLIENT_CSP for the client's pages and files and the API's Swagger UI.
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const path = pathOf(req);
    const api = path.startsWith('/api/') && !path.startsWith('/api/docs');
    reply.raw.setHeader('X-Content-Type-Options', 'nosniff');
    reply.raw.setHeader('X-Frame-Options', 'DENY');
    reply.raw.setHeader('Referrer-Policy', 'no-referrer');
    reply.raw.setHeader('Content-Security-Policy', api ? API_CSP : CLIENT_CSP);
    done();
  });
}
