import { DEMO_PASSWORD } from '../seeds/demo-hall.data';
import { FREE_ATTEMPTS, USER_CEILING } from '../src/auth/domain/login-throttle';
import { LoginThrottleService } from '../src/auth/login-throttle.service';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The login throttle counts an attempt before it checks its password, one statement per counter, so
 * guesses sent together are held back as if sent one by one; and it counts per username and client
 * address, so a stranger's guesses do not lock a clerk out at their own desk. Addresses are given
 * as X-Forwarded-For, which the loopback proxy (the test client) may set, as nginx does.
 */
describe('login throttle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const attempt = (username: string, password: string, from: string) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });

  it('60 wrong passwords and the right one sent together: at most the free attempts are checked, and no token after them', async () => {
    const from = '203.0.113.7';
    const requests = [...Array.from({ length: 60 }, () => 'wrong-guess#1'), DEMO_PASSWORD];
    const statuses = (await Promise.all(requests.map((p) => attempt('clerk1', p, from)))).map((r) => r.status);
    const checked = statuses.filter((s) => s === 401 || s === 200).length;
    expect(statuses.filter((s) => s === 429).length + checked).toBe(61);
    expect(checked).toBeLessThanOrEqual(FREE_ATTEMPTS);
    // Once the limit is reached, the right password is refused like any other guess, sent alone or among others.
    const again = [...Array.from({ length: 20 }, () => 'wrong-guess#2'), DEMO_PASSWORD];
    const second = await Promise.all(again.map((p) => attempt('clerk1', p, from)));
    expect(second.map((r) => r.status)).toEqual(again.map(() => 429));
    expect(second.every((r) => r.body.code === 'LOGIN_THROTTLED' && r.body.token === undefined)).toBe(true);
    const [row] = await t.dataSource.query(`select attempts from login_attempts where username = 'clerk1' and source = $1`, [from]);
    expect(row.attempts).toBe(checked);
  });

  it('waits grow with each further attempt from the address', async () => {
    const from = '203.0.113.8';
    for (let i = 0; i < FREE_ATTEMPTS; i++) await attempt('clerk2', 'wrong-guess#1', from).expect(401);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const refused = await attempt('clerk2', 'wrong-guess#1', from).expect(429);
      waits.push(refused.body.details.retryAfterSeconds);
      await t.dataSource.query(`update login_attempts set blocked_until = now() where username = 'clerk2' and source = $1`, [from]);
      await attempt('clerk2', 'wrong-guess#1', from).expect(401);
    }
    const [row] = await t.dataSource.query(
      `select ceil(extract(epoch from blocked_until - now()))::int as wait from login_attempts where username = 'clerk2' and source = $1`,
      [from],
    );
    expect(waits).toEqual([5, 10, 20]);
    expect(row.wait).toBe(40);
  });

  it('a stranger guessing from another address does not lock the clerk out at theirs', async () => {
    const stranger = await Promise.all(Array.from({ length: 30 }, () => attempt('approver-scjg', 'wrong-guess#1', '198.51.100.9')));
    expect(stranger.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(30 - FREE_ATTEMPTS);
    const clerk = await attempt('approver-scjg', DEMO_PASSWORD, '10.20.0.15').expect(200);
    expect(clerk.body).toMatchObject({ step: 'done', token: expect.any(String) });
    await attempt('approver-scjg', DEMO_PASSWORD, '198.51.100.9').expect(429);
  });

  it('a guess spread over many addresses is slowed per username, but not at an address that signed in before', async () => {
    const user = 'approver-mz';
    // The clerk's first sign-in from this address counts too, being from an address not known yet.
    await attempt(user, DEMO_PASSWORD, '10.20.0.16').expect(200);
    const sources = Array.from({ length: USER_CEILING - 1 }, (_, i) => `192.0.2.${i + 1}`);
    for (let i = 0; i < sources.length; i += 10) {
      await Promise.all(sources.slice(i, i + 10).map((from) => attempt(user, 'wrong-guess#1', from).expect(401)));
    }
    const slowed = await attempt(user, 'wrong-guess#1', '192.0.2.200').expect(429);
    expect(slowed.body.code).toBe('LOGIN_THROTTLED');
    // The refused guess is not held against its address: only the ceiling's wait stopped it.
    const [fresh] = await t.dataSource.query(`select attempts from login_attempts where username = $1 and source = '192.0.2.200'`, [user]);
    expect(fresh.attempts).toBe(0);
    // The clerk at their usual address is not slowed at all.
    await attempt(user, DEMO_PASSWORD, '10.20.0.16').expect(200);
    // Slowed, not blocked: after the wait, an unknown address (the clerk at another desk) gets through.
    await t.dataSource.query(`update login_attempts set blocked_until = now() where username = $1 and source = '*'`, [user]);
    await attempt(user, DEMO_PASSWORD, '10.20.0.99').expect(200);
  });

  it('drops counters that count for nothing any more, and keeps those that still hold a wait or a known address', async () => {
    await t.dataSource.query(`
      insert into login_attempts (username, source, attempts, blocked_until, last_attempt_at, last_success_at) values
        ('made-up-1', '192.0.2.250', 3, null, now() - interval '2 days', null),
        ('clerk1', '10.20.0.250', 0, null, now() - interval '2 days', now() - interval '3 days'),
        ('clerk1', '10.20.0.251', 0, null, now() - interval '40 days', now() - interval '40 days'),
        ('made-up-2', '192.0.2.251', 9, now() + interval '10 minutes', now(), null)`);
    expect(await t.app.get(LoginThrottleService).purge()).toBe(2);
    const left = await t.dataSource.query(
      `select source from login_attempts where source in ('192.0.2.250', '10.20.0.250', '10.20.0.251', '192.0.2.251') order by source`,
    );
    expect(left.map((r: { source: string }) => r.source)).toEqual(['10.20.0.250', '192.0.2.251']);
  });
});
