import { Client } from 'pg';
import { ensureServerBuilt } from '../../scripts/build-freshness.cjs';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { NoticeDelivery } from '../../src/notifications/notice-delivery.service';
import { checklist, ItemShape, ZHANG_SAN } from '../support/case-helpers';
import { PNG } from '../support/material-fixtures';
import { sleep } from '../support/queue-helpers';
import { ROOT, ServerInstance, startServer } from '../support/server-process';
import { StandInSmsGateway } from '../support/sms-gateway';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

const SECRET = 'stand-in-gateway-secret-0123456789';
const TIMEOUT_MS = 2000;
/** As NoticeQueue computes it from the gateway timeout. */
const LEASE_MS = 2 * TIMEOUT_MS + 1000;

async function until<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * A real crash: the server process sending an SMS is killed (SIGKILL) while the gateway holds its
 * request — the gateway has sent the SMS, the outbox row still says pending. Another instance
 * delivers it again once the dead one's lease is over, with the same idempotency key, so the
 * phone gets one SMS.
 */
describe('notices: the instance delivering an SMS is killed in the middle of the request', () => {
  // The gateway answers after the client's timeout, so the dying instance is still waiting when it is killed.
  const gateway = new StandInSmsGateway(SECRET, 3 * TIMEOUT_MS);
  let databaseUrl: string;
  let a: ServerInstance;
  let b: TestApp | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureServerBuilt(ROOT);
    const url = await gateway.start();
    env = {
      SMS_GATEWAY_URL: url,
      SMS_GATEWAY_AUTH: 'hmac',
      SMS_GATEWAY_SECRET: SECRET,
      SMS_GATEWAY_TIMEOUT_MS: String(TIMEOUT_MS),
      NOTICE_POLL_INTERVAL_SECONDS: '0.5',
    };
    databaseUrl = await createTestDatabase();
    a = await startServer(databaseUrl, { ...env, SEED_DEMO: 'auto' });
  }, 300_000);
  afterAll(async () => {
    await a?.kill();
    await b?.close();
    await gateway.stop();
  });

  it('is delivered by the instance that takes over, once at the gateway', async () => {
    const post = async (path: string, body: object, token?: string) => {
      const res = await fetch(`${a.url}/api${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      return { status: res.status, body: (await res.json()) as { token: string } };
    };
    const {
      body: { token },
    } = await post('/auth/login', { username: 'clerk1', password: DEMO_PASSWORD });
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const {
        rows: [hall],
      } = await db.query('select id from halls limit 1');
      const items = (await (
        await fetch(`${a.url}/api/halls/${hall.id}/items`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as ItemShape[];
      const item = items.find((i) => i.name === '食品经营许可')!;
      // Each material is there because a page of it is attached.
      const page = async () => {
        const form = new FormData();
        form.append('file', new Blob([PNG], { type: 'image/png' }), 'page.png');
        const res = await fetch(`${a.url}/api/halls/${hall.id}/uploads`, {
          method: 'POST',
          body: form,
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await res.json()) as { id: string }).id;
      };
      const materials = await Promise.all(checklist(item).map(async (m) => ({ ...m, fileIds: [await page()] })));
      gateway.otherwise = 'slow';
      const applied = await post(
        `/halls/${hall.id}/applications`,
        {
          applicant: ZHANG_SAN,
          items: [{ itemId: item.id, materials, decision: 'accept' }],
        },
        token,
      );
      expect(applied.status).toBe(201);

      await until(() => gateway.requests.length === 1);
      await a.kill();
      gateway.otherwise = 'ok';
      const {
        rows: [row],
      } = await db.query(`select id, status, attempts from notification_outbox where channel = 'sms'`);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(gateway.sent.has(row.id)).toBe(true);

      b = await createTestApp({ databaseUrl, seed: false, env });
      // pg-boss holds the dead instance's job as active until its expiry; the sweep that runs every minute
      // re-enqueues the row once the lease is over (called here rather than waited for).
      await sleep(LEASE_MS);
      expect(await b.app.get(NoticeDelivery).sweep(0)).toBeGreaterThanOrEqual(1);
      const done = await until(async () => {
        const {
          rows: [r],
        } = await db.query('select status, attempts from notification_outbox where id = $1', [row.id]);
        return r.status === 'sent' && r;
      });
      expect(done.attempts).toBe(2);
      expect(gateway.requestsFor(row.id).map((r) => r.key)).toEqual([row.id, row.id]);
      expect(gateway.sent.size).toBe(1);
    } finally {
      await db.end();
    }
  }, 120_000);
});
