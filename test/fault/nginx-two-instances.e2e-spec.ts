import { ensureServerBuilt } from '../../scripts/build-freshness.cjs';
import { DisplayClient } from '../support/display-client';
import { Nginx, startNginx } from '../support/nginx';
import { auth, DISPLAY_TOKEN, KIOSK_TOKEN, waitFor } from '../support/queue-helpers';
import { ROOT, ServerInstance, startServer } from '../support/server-process';
import { createTestDatabase } from '../support/test-database';

const PASSWORD = 'OneWindow#2026';

function report(line: string): void {
  process.stdout.write(`[nginx-two-instances] ${line}\n`);
}

async function json(res: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

function post(base: string, path: string, token: string, body: object = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...auth(token), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then(json);
}

async function ok(p: Promise<{ status: number; body: Record<string, unknown> }>, status = 200): Promise<Record<string, unknown>> {
  const res = await p;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('two instances behind nginx', () => {
  let a: ServerInstance;
  let b: ServerInstance;
  let nginx: Nginx;
  let hallId: string;
  let windowId: string;
  let categoryId: string;
  let clerk: string;
  const displays: DisplayClient[] = [];
  const disconnects: number[] = [];

  beforeAll(async () => {
    ensureServerBuilt(ROOT);
    const databaseUrl = await createTestDatabase();
    // Both load the demo hall into the empty database at start; its advisory lock lets one of them do it.
    [a, b] = await Promise.all([startServer(databaseUrl, { SEED_DEMO: 'auto' }), startServer(databaseUrl, { SEED_DEMO: 'auto' })]);
    nginx = await startNginx([a.port, b.port]);

    // Through nginx, as an admin would: a category open all day (the demo ones keep office hours), and window 99 serving it.
    const base = nginx.url;
    const login = async (username: string) =>
      (
        await ok(
          fetch(`${base}/api/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username, password: PASSWORD }),
          }).then(json),
        )
      ).token as string;
    const admin = await login('admin');
    const halls = (await (await fetch(`${base}/api/halls`, { headers: auth(admin) })).json()) as { id: string; code: string }[];
    hallId = halls.find((h) => h.code === 'DEMO')!.id;
    categoryId = (await ok(post(base, `/api/halls/${hallId}/categories`, admin, { prefix: 'X', name: '全天综合' }), 201)).id as string;
    windowId = (
      await ok(
        post(base, `/api/halls/${hallId}/windows`, admin, {
          number: 99,
          name: '99号综合窗口',
          kind: 'comprehensive',
          categories: [{ categoryId }],
        }),
        201,
      )
    ).id as string;
    clerk = await login('clerk1');
    await ok(post(base, `/api/windows/${windowId}/open`, clerk));
  }, 300_000);

  afterAll(async () => {
    for (const d of displays) d.close();
    await nginx?.stop();
    await a?.stop();
    await b?.stop();
  });

  const issue = () => ok(post(nginx.url, `/api/halls/${hallId}/tickets`, KIOSK_TOKEN, { categoryId, source: 'kiosk' }), 201);
  const move = (base: string, ticketId: string, m: string) => ok(post(base, `/api/windows/${windowId}/tickets/${ticketId}/${m}`, clerk));

  it('serves a whole visit through nginx, and the hall screens follow calls made on either instance', async () => {
    for (let i = 0; i < 2; i++) {
      const display = new DisplayClient(nginx.url, DISPLAY_TOKEN, hallId);
      display.socket.on('disconnect', () => {
        disconnects[i] = (disconnects[i] ?? 0) + 1;
      });
      displays.push(display);
      // One after the other, its snapshot fetched too (no request in flight), so that least_conn puts them on different instances.
      await waitFor(() => display.state && display.resyncs >= 1, 15_000);
    }

    for (const [instance, name] of [
      [a, 'A'],
      [b, 'B'],
    ] as const) {
      const ticket = await issue();
      // The call is made on one instance directly; the screens hear it wherever nginx put them.
      const called = await ok(post(instance.url, `/api/windows/${windowId}/call-next`, clerk));
      expect((called.ticket as { id: string }).id).toBe(ticket.id);
      // Shown at window 99 and among the last calls, which is what the web client announces (from the event or from the state).
      await waitFor(() => displays.every((d) => d.showing(99) === ticket.number), 10_000);
      expect(displays.map((d) => d.state!.lastCalls[0])).toEqual(
        [0, 1].map(() =>
          expect.objectContaining({
            number: ticket.number,
            windowNumber: 99,
            voiceText: `请${ticket.number}号到99号窗口办理`,
          }),
        ),
      );
      await move(nginx.url, ticket.id as string, 'start');
      const finished = await move(nginx.url, ticket.id as string, 'finish');
      expect(finished.status).toBe('done');
      report(`${ticket.number}: issued and finished through nginx, called on instance ${name}; both screens showed it`);
    }
  });

  it('carries on when one instance is killed mid-day: requests go to the other and the screens reconnect through nginx', async () => {
    await a.kill();
    const killedAt = Date.now();
    const results: number[] = [];
    let last: Record<string, unknown> = {};
    for (let i = 0; i < 5; i++) {
      const ticket = await issue();
      const called = await ok(post(nginx.url, `/api/windows/${windowId}/call-next`, clerk));
      expect((called.ticket as { id: string }).id).toBe(ticket.id);
      await move(nginx.url, ticket.id as string, 'start');
      await move(nginx.url, ticket.id as string, 'finish');
      results.push(201);
      last = ticket;
    }
    // The last call, made after the screens had time to find the surviving instance, is on every screen.
    const calledAgain = await issue();
    await ok(post(nginx.url, `/api/windows/${windowId}/call-next`, clerk));
    await waitFor(() => displays.every((d) => d.showing(99) === calledAgain.number && d.socket.connected), 20_000);
    report(
      `instance A killed; ${results.length} visits through nginx after it (last ${last.number}), then ${calledAgain.number} called and on every screen ` +
        `${Date.now() - killedAt} ms after the kill; screens disconnected ${JSON.stringify(disconnects)} times`,
    );

    // least_conn had put one screen on A: it lost its connection, came back through nginx and caught up from the snapshot.
    expect(disconnects.filter((n) => n > 0)).toHaveLength(1);
    expect(displays.every((d) => d.resyncs >= 1)).toBe(true);
    expect(nginx.errorLog()).toMatch(/connect\(\) failed \(111: Connection refused\)/);
  });
});
