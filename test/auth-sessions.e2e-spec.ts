import { io, Socket } from 'socket.io-client';
import { AuthService } from '../src/auth/auth.service';
import { SETTINGS_CHECK_INTERVAL_MS } from '../src/database/settings-revision.service';
import { REALTIME_LISTENER_APPLICATION_NAME } from '../src/realtime/postgres-io.adapter';
import type { SubscribeAck } from '../src/realtime/realtime-events';
import { auth, sleep, waitFor } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** What the admin gives a new account, and what its holder changes it to at first sign-in. */
const INITIAL = 'Session-start#2026';
const PASSWORD = 'Session-test#2026';
const CHINESE = /[\u4e00-\u9fff]/;

/**
 * A token proves who signed in; what they may do is their account as it is now. Changes a security
 * administrator makes to an account hold for the tokens and sockets already out, on every instance.
 */
describe('staff sessions follow their account', () => {
  let a: TestApp;
  let b: TestApp;
  let adminA: string;
  let securityA: string;
  let otherHallId: string;
  const sockets: Socket[] = [];
  let seq = 0;

  beforeAll(async () => {
    a = await createTestApp({ listen: true });
    b = await createTestApp({ listen: true, databaseUrl: a.databaseUrl, seed: false });
    b.hallId = a.hallId;
    adminA = await a.login('admin');
    securityA = await a.login('security');
    otherHallId = (await a.http.post('/api/halls').set(auth(adminA)).send({ code: 'SESS2', name: '第二大厅' }).expect(201)).body.id;
    // Each instance's adapter LISTENs shortly after start-up; the socket tests need both.
    const listening = async () =>
      (
        await a.dataSource.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = $1 and query ilike 'LISTEN%'`,
          [REALTIME_LISTENER_APPLICATION_NAME],
        )
      )[0].n as number;
    for (const deadline = Date.now() + 10_000; (await listening()) !== 2; await sleep(50)) {
      if (Date.now() > deadline) throw new Error('both instances not listening after 10 s');
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await b?.close();
    await a?.close();
  });

  async function newClerk(hallIds = [a.hallId]): Promise<{ id: string; username: string; token: string }> {
    const username = `session-clerk-${++seq}`;
    const user = await a.http
      .post('/api/users')
      .set(auth(securityA))
      .send({ username, password: INITIAL, displayName: `会话测试${seq}`, role: 'clerk', hallIds })
      .expect(201);
    const first = await a.http.post('/api/auth/login').send({ username, password: INITIAL }).expect(200);
    expect(first.body.step).toBe('change-password');
    await a.http
      .post('/api/auth/password')
      .set(auth(first.body.token))
      .send({ currentPassword: INITIAL, newPassword: PASSWORD })
      .expect(200);
    return { id: user.body.id, username, token: await signIn(username) };
  }

  /** A new session (TestApp.login hands out the one it took first). */
  const signIn = async (username: string, password = PASSWORD) =>
    (await a.http.post('/api/auth/login').send({ username, password }).expect(200)).body.token as string;

  const me = (app: TestApp, token: string) => app.http.get('/api/auth/me').set(auth(token));
  const patchUser = (id: string, body: object) => a.http.patch(`/api/users/${id}`).set(auth(securityA)).send(body).expect(200);

  /** Polls `app` until the probe's status is `status`, which must happen within the check interval (measured to the start of the request that saw it). */
  async function expectWithinInterval(probe: () => Promise<{ status: number }>, status: number): Promise<void> {
    const started = Date.now();
    let askedAt = started;
    let seen = (await probe()).status;
    while (seen !== status && Date.now() - started < 10 * SETTINGS_CHECK_INTERVAL_MS) {
      await sleep(50);
      askedAt = Date.now();
      seen = (await probe()).status;
    }
    expect(seen).toBe(status);
    expect(askedAt - started).toBeLessThan(SETTINGS_CHECK_INTERVAL_MS + 1500);
  }

  it('deactivation ends the sessions: at once where it was made, within the check interval elsewhere; reactivation does not revive them', async () => {
    const clerk = await newClerk();
    await me(a, clerk.token).expect(200);
    await me(b, clerk.token).expect(200);

    await patchUser(clerk.id, { active: false });
    const refused = await me(a, clerk.token).expect(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(CHINESE) });
    await expectWithinInterval(() => me(b, clerk.token), 401);

    await patchUser(clerk.id, { active: true });
    const fresh = await signIn(clerk.username);
    // Once b knows the account is active again (the new token works there), the old one still does not.
    await expectWithinInterval(() => me(b, fresh), 200);
    await me(b, clerk.token).expect(401);
    await me(a, clerk.token).expect(401);
    await me(a, fresh).expect(200);
  });

  it("a password set by a security administrator ends the sessions taken with the old one, and no one else's", async () => {
    const clerk = await newClerk();
    const bystander = await newClerk();
    await patchUser(clerk.id, { password: 'Another-password#1' });
    await me(a, clerk.token).expect(401);
    await expectWithinInterval(() => me(b, clerk.token), 401);
    await me(a, bystander.token).expect(200);
    await me(b, bystander.token).expect(200);
    await a.http.post('/api/auth/login').send({ username: clerk.username, password: PASSWORD }).expect(401);
    await me(b, await signIn(clerk.username, 'Another-password#1')).expect(200);
  });

  it('a change of halls or role holds for the token already out, with no new sign-in', async () => {
    const clerk = await newClerk();
    const departments = (app: TestApp, hallId: string) => app.http.get(`/api/halls/${hallId}/departments`).set(auth(clerk.token));
    await departments(a, a.hallId).expect(200);
    await departments(b, a.hallId).expect(200);
    await departments(a, otherHallId).expect(403);
    await a.http.get(`/api/users?hallId=${a.hallId}`).set(auth(clerk.token)).expect(403);

    await patchUser(clerk.id, { hallIds: [otherHallId] });
    const denied = await departments(a, a.hallId).expect(403);
    expect(denied.body.code).toBe('HALL_ACCESS_DENIED');
    await departments(a, otherHallId).expect(200);
    await expectWithinInterval(() => departments(b, a.hallId), 403);
    await departments(b, otherHallId).expect(200);

    await patchUser(clerk.id, { role: 'manager' });
    expect((await me(a, clerk.token).expect(200)).body).toMatchObject({ role: 'manager', hallIds: [otherHallId] });
    await a.http.get(`/api/users?hallId=${otherHallId}`).set(auth(clerk.token)).expect(200);
    await expectWithinInterval(() => b.http.get(`/api/users?hallId=${otherHallId}`).set(auth(clerk.token)), 200);
  });

  /** A socket on `app` that counts its connections and keeps its last refusal. */
  function watch(app: TestApp, token: string) {
    const socket = io(app.url, { auth: { token }, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 100 });
    sockets.push(socket);
    const seen = { connects: 0, disconnects: 0, refusal: null as string | null };
    socket.on('connect', () => seen.connects++);
    socket.on('disconnect', () => seen.disconnects++);
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      seen.refusal = err.data?.code ?? err.message;
    });
    return {
      socket,
      seen,
      subscribe: (request: object) => socket.timeout(5000).emitWithAck('subscribe', request) as Promise<SubscribeAck>,
    };
  }

  it('sockets: cut when their token no longer grants what they were admitted with, and admitted afresh or refused on reconnect', async () => {
    const clerk = await newClerk();
    const device = (
      await a.http.post(`/api/halls/${a.hallId}/devices`).set(auth(adminA)).send({ kind: 'display', name: '会话测试屏' }).expect(201)
    ).body;
    const staff = watch(b, clerk.token);
    const screen = watch(b, device.token);
    await waitFor(() => staff.seen.connects === 1 && screen.seen.connects === 1);
    expect(await staff.subscribe({ kind: 'staff', hallId: a.hallId })).toMatchObject({ ok: true });

    // A change to the settings that grants nobody anything new or less cuts no one.
    await a.http.patch(`/api/halls/${a.hallId}`).set(auth(adminA)).send({ name: '会话测试大厅' }).expect(200);
    await sleep(SETTINGS_CHECK_INTERVAL_MS + 500);
    expect([staff.seen.disconnects, screen.seen.disconnects]).toEqual([0, 0]);

    // Revoked on a: the screen on b is cut and may not come back.
    await a.http.post(`/api/devices/${device.id}/revoke`).set(auth(adminA)).expect(201);
    await waitFor(() => screen.seen.refusal === 'UNAUTHENTICATED', SETTINGS_CHECK_INTERVAL_MS + 3000);
    expect(screen.socket.connected).toBe(false);
    expect(staff.seen.disconnects).toBe(0);

    // Moved to another hall: cut, back at once as what the account is now.
    await patchUser(clerk.id, { hallIds: [otherHallId] });
    await waitFor(() => staff.seen.connects === 2, SETTINGS_CHECK_INTERVAL_MS + 3000);
    expect(await staff.subscribe({ kind: 'staff', hallId: a.hallId })).toMatchObject({ ok: false, code: 'HALL_ACCESS_DENIED' });
    expect(await staff.subscribe({ kind: 'staff', hallId: otherHallId })).toMatchObject({ ok: true });

    // Deactivated: cut and refused.
    await patchUser(clerk.id, { active: false });
    await waitFor(() => staff.seen.refusal === 'UNAUTHENTICATED', SETTINGS_CHECK_INTERVAL_MS + 3000);
    expect(staff.socket.connected).toBe(false);
    expect(staff.seen.connects).toBe(2);
  }, 30_000);

  it('sockets: a staff token that runs out takes its socket with it, with no settings change to notice', async () => {
    const clerk = await newClerk();
    const shortLived = (await a.app.get(AuthService).signFor(clerk, 2)).token;
    const staff = watch(b, shortLived);
    await waitFor(() => staff.seen.connects === 1);
    const connectedAt = Date.now();
    await waitFor(() => staff.seen.refusal === 'UNAUTHENTICATED', 6000);
    expect(staff.seen).toMatchObject({ connects: 1, disconnects: 1 });
    expect(Date.now() - connectedAt).toBeLessThan(5000);
  });
});
