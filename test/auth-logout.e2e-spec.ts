import { io, Socket } from 'socket.io-client';
import { DEMO_PASSWORD } from '../seeds/demo-hall.data';
import { SETTINGS_CHECK_INTERVAL_MS } from '../src/database/settings-revision.service';
import { REALTIME_LISTENER_APPLICATION_NAME } from '../src/realtime/postgres-io.adapter';
import { auth, sleep, waitFor } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

const IDLE_SECONDS = 4;

/**
 * A logout ends its session on every instance, HTTP and sockets; a session with no request for the
 * idle timeout ends too, wherever its requests went. Two instances share one database, with a short
 * idle timeout so that the test can wait it out.
 */
describe('sessions: logout and idle timeout across instances', () => {
  let a: TestApp;
  let b: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const env = { AUTH_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS) };
    a = await createTestApp({ listen: true, env });
    b = await createTestApp({ listen: true, env, databaseUrl: a.databaseUrl, seed: false });
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

  const signIn = async (username: string) =>
    (await a.http.post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body.token as string;
  const me = (app: TestApp, token: string) => app.http.get('/api/auth/me').set(auth(token));

  function watch(app: TestApp, token: string) {
    const socket = io(app.url, { auth: { token }, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 100 });
    sockets.push(socket);
    const seen = { connects: 0, refusal: null as string | null };
    socket.on('connect', () => seen.connects++);
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      seen.refusal = err.data?.code ?? err.message;
    });
    return { socket, seen };
  }

  it('logout: refused at once on the instance that ended it, within the check interval on the other, its socket cut there; other sessions go on', async () => {
    const token = await signIn('clerk1');
    const other = await signIn('clerk1');
    await me(b, token).expect(200);
    const live = watch(b, token);
    await waitFor(() => live.seen.connects === 1);

    const sessions = await a.http.get('/api/auth/sessions').set(auth(token)).expect(200);
    expect(sessions.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const loggedOutAt = Date.now();
    await a.http.post('/api/auth/logout').set(auth(token)).expect(204);
    expect((await me(a, token).expect(401)).body.code).toBe('UNAUTHENTICATED');
    for (;;) {
      if ((await me(b, token)).status === 401) break;
      expect(Date.now() - loggedOutAt).toBeLessThan(SETTINGS_CHECK_INTERVAL_MS + 1500);
      await sleep(50);
    }
    await waitFor(() => live.seen.refusal === 'UNAUTHENTICATED', SETTINGS_CHECK_INTERVAL_MS + 3000);
    expect(live.socket.connected).toBe(false);

    await me(a, other).expect(200);
    await me(b, other).expect(200);
    const [row] = await a.dataSource.query(`select end_reason from staff_sessions where ended_at is not null and end_reason = 'logout'`);
    expect(row).toBeDefined();
    // A second logout of the same token is refused like any request with it.
    await a.http.post('/api/auth/logout').set(auth(token)).expect(401);
  });

  it('idle: a session with no request for the timeout is refused with SESSION_IDLE; one in use is not, whichever instance served it', async () => {
    const idle = await signIn('clerk2');
    const busy = await signIn('approver-scjg');
    await me(a, idle).expect(200);
    // The busy session's requests all go to b; a last saw it at sign-in, so must look again before refusing it.
    const until = Date.now() + (IDLE_SECONDS + 1.5) * 1000;
    while (Date.now() < until) {
      await me(b, busy).expect(200);
      await sleep(400);
    }
    await me(a, busy).expect(200);
    const refused = await me(a, idle).expect(401);
    expect(refused.body).toMatchObject({ code: 'SESSION_IDLE', message: expect.stringMatching(/未操作/) });
    await me(b, idle).expect(401);
    const [row] = await a.dataSource.query(
      `select end_reason from staff_sessions s join users u on u.id = s.user_id where u.username = 'clerk2'`,
    );
    expect(row.end_reason).toBe('idle');
    // A new sign-in is a new session.
    await me(b, await signIn('clerk2')).expect(200);
  }, 30_000);
});
