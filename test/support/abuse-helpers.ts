import type { Role } from '../../src/auth/principal';
import { DISPLAY_TOKEN, KIOSK_TOKEN } from './queue-helpers';
import type { TestApp } from './test-app';

/** A token of every role in the demo hall: its admin, manager, first clerk and 市场监管 approver, and its two devices. */
export async function roleTokens(t: TestApp): Promise<Record<Role, string>> {
  const [admin, manager, clerk, approver, security, auditor] = await Promise.all(
    ['admin', 'manager', 'clerk1', 'approver-scjg', 'security', 'auditor'].map((u) => t.login(u)),
  );
  return { admin, manager, clerk, approver, security_admin: security, audit_admin: auditor, display: DISPLAY_TOKEN, kiosk: KIOSK_TOKEN };
}

export interface SendOptions {
  token?: string;
  body?: unknown;
  /** Sent as it is with Content-Type application/json (malformed JSON, a bare string). */
  raw?: string;
  idempotencyKey?: string;
  query?: Record<string, string>;
}

/** One request to the in-process app; the response body parsed when it is JSON. */
export async function send(t: TestApp, method: string, path: string, opts: SendOptions = {}): Promise<{ status: number; body: unknown }> {
  const http = t.http as unknown as Record<string, (p: string) => import('supertest').Test>;
  let req = http[method](path);
  if (opts.query) req = req.query(opts.query);
  if (opts.token) req = req.set('Authorization', `Bearer ${opts.token}`);
  if (opts.idempotencyKey) req = req.set('Idempotency-Key', opts.idempotencyKey);
  if (opts.raw !== undefined) req = req.set('Content-Type', 'application/json').send(opts.raw);
  else if (opts.body !== undefined) req = req.send(opts.body as object);
  const res = await req;
  return { status: res.status, body: res.body };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}
