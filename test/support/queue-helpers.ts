import request from 'supertest';
import { DEMO_DEVICES } from '../../seeds/demo-hall.data';
import type { TestApp } from './test-app';

export const DISPLAY_TOKEN = DEMO_DEVICES[0].token;
export const KIOSK_TOKEN = DEMO_DEVICES[1].token;

export function auth(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export interface HallRefs {
  category: Record<string, string>;
  window: Record<number, string>;
  item: Record<string, string>;
}

/** Ids of the demo hall's categories (by prefix), windows (by number) and items (by name). */
export async function hallRefs(t: TestApp): Promise<HallRefs> {
  const admin = await t.login('admin');
  const [categories, windows, items] = await Promise.all([
    t.http.get(`/api/halls/${t.hallId}/categories`).set(auth(admin)),
    t.http.get(`/api/halls/${t.hallId}/windows`).set(auth(admin)),
    t.http.get(`/api/halls/${t.hallId}/items`).set(auth(admin)),
  ]);
  return {
    category: Object.fromEntries(categories.body.map((c: { prefix: string; id: string }) => [c.prefix, c.id])),
    window: Object.fromEntries(windows.body.map((w: { number: number; id: string }) => [w.number, w.id])),
    item: Object.fromEntries(items.body.map((i: { name: string; id: string }) => [i.name, i.id])),
  };
}

/** A request to one instance, optionally as someone and from a given client address (the app trusts X-Forwarded-For from loopback). */
export function issue(t: TestApp, body: object, opts: { token?: string; from?: string } = {}): request.Test {
  let req = t.http.post(`/api/halls/${t.hallId}/tickets`);
  if (opts.token) req = req.set(auth(opts.token));
  if (opts.from) req = req.set('X-Forwarded-For', opts.from);
  return req.send(body);
}

export function windowMove(t: TestApp, token: string, windowId: string, ticketId: string, move: string, body: object = {}): request.Test {
  return t.http.post(`/api/windows/${windowId}/tickets/${ticketId}/${move}`).set(auth(token)).send(body);
}

export async function countRows(t: TestApp): Promise<{ tickets: number; events: number; counters: number; versions: number }> {
  const [row] = await t.dataSource.query(`
    select (select count(*)::int from tickets) as tickets,
           (select count(*)::int from ticket_events) as events,
           (select coalesce(sum(last_seq), 0)::int from ticket_counters) as counters,
           (select coalesce(sum(version), 0)::int from queue_hall_versions) as versions`);
  return row;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000, stepMs = 20): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}
