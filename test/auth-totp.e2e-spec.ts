import { Secret, TOTP } from 'otpauth';
import { DEMO_PASSWORD } from '../seeds/demo-hall.data';
import { auth } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** A code of the seed for the time step `steps` away from `at`. */
function code(secret: string, steps = 0, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at + steps * 30_000 });
}

/**
 * The second factor, required of managers and admins here (AUTH_TOTP_ROLES): enrolment after the
 * password step, login in two steps, each code once, recovery codes once each.
 */
describe('TOTP second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_TOTP_ROLES: 'manager,admin' } });
  });
  afterAll(() => t.close());

  const login = (username: string, password = DEMO_PASSWORD, from = '10.30.0.1') =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });
  const second = (challenge: string, c: string, from = '10.30.0.1') =>
    t.http.post('/api/auth/login/totp').set('X-Forwarded-For', from).send({ challenge, code: c });

  let secret: string;
  let recoveryCodes: string[];
  let confirmedAt: number;

  it('a manager without TOTP is taken to enrolment after the password, and may do nothing else', async () => {
    const first = await login('manager').expect(200);
    expect(first.body).toMatchObject({ step: 'enrol-totp', token: expect.any(String) });
    const restricted = first.body.token as string;
    expect((await t.http.get(`/api/halls/${t.hallId}/departments`).set(auth(restricted)).expect(403)).body.code).toBe(
      'TOTP_ENROLMENT_REQUIRED',
    );

    const enrol = await t.http.post('/api/auth/totp/enrol').set(auth(restricted)).expect(200);
    expect(enrol.body).toMatchObject({
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      uri: expect.stringMatching(/^otpauth:\/\/totp\/.*secret=/),
      qrDataUrl: expect.stringMatching(/^data:image\/png;base64,/),
    });
    secret = enrol.body.secret;
    // Stored sealed, not as the seed.
    const [row] = await t.dataSource.query(`select secret_enc, enabled_at from staff_totp where user_id = $1`, [first.body.user.id]);
    expect(row.secret_enc).not.toContain(secret);
    expect(row.enabled_at).toBeNull();

    expect(
      (
        await t.http
          .post('/api/auth/totp/confirm')
          .set(auth(restricted))
          .send({ code: code(secret, 5) })
          .expect(400)
      ).body.code,
    ).toBe('TOTP_INVALID');
    confirmedAt = Date.now();
    const confirmed = await t.http
      .post('/api/auth/totp/confirm')
      .set(auth(restricted))
      .send({ code: code(secret, 0, confirmedAt) })
      .expect(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(confirmed.body.signIn).toMatchObject({ step: 'done', token: expect.any(String) });
    await t.http.get(`/api/halls/${t.hallId}/departments`).set(auth(confirmed.body.signIn.token)).expect(200);
    await t.http.get('/api/auth/me').set(auth(restricted)).expect(401);
    const hashes = await t.dataSource.query(`select code_hash from totp_recovery_codes where user_id = $1`, [first.body.user.id]);
    expect(hashes.map((h: { code_hash: string }) => h.code_hash)).toEqual(expect.arrayContaining([expect.stringMatching(/^\$argon2id\$/)]));
    // Enrolled once: starting over is refused.
    expect((await t.http.post('/api/auth/totp/enrol').set(auth(confirmed.body.signIn.token)).expect(409)).body.code).toBe(
      'TOTP_ALREADY_ENROLLED',
    );
  });

  it('signs in in two steps; a code is taken once, and never one of a step already used', async () => {
    const first = await login('manager').expect(200);
    expect(first.body).toEqual({ step: 'totp', challenge: expect.any(String), expiresAt: expect.any(String) });
    // The code of the confirmation's own time step was used: refused.
    expect((await second(first.body.challenge, code(secret, 0, confirmedAt)).expect(400)).body.code).toBe('TOTP_INVALID');
    const next = code(secret, 1, confirmedAt);
    const ok = await second(first.body.challenge, next).expect(200);
    expect(ok.body).toMatchObject({ step: 'done', token: expect.any(String) });
    // The challenge is spent, and the code is spent with a fresh one too.
    expect((await second(first.body.challenge, next).expect(401)).body.code).toBe('LOGIN_CHALLENGE_INVALID');
    const again = await login('manager').expect(200);
    expect((await second(again.body.challenge, next).expect(400)).body.code).toBe('TOTP_INVALID');
  });

  it('a recovery code signs in once, in any case and with or without its dash', async () => {
    const [chosen] = recoveryCodes;
    const first = await login('manager', DEMO_PASSWORD, '10.30.0.2').expect(200);
    const ok = await second(first.body.challenge, chosen.toLowerCase().replace('-', ' '), '10.30.0.2').expect(200);
    expect(ok.body.step).toBe('done');
    const status = await t.http.get('/api/auth/totp').set(auth(ok.body.token)).expect(200);
    expect(status.body).toEqual({ enrolled: true, required: true, unusedRecoveryCodes: 9 });
    const again = await login('manager', DEMO_PASSWORD, '10.30.0.2').expect(200);
    expect((await second(again.body.challenge, chosen, '10.30.0.2').expect(400)).body.code).toBe('TOTP_INVALID');
  });

  it('wrong codes count like wrong passwords: the right code after them is held back, and no token', async () => {
    const from = '10.30.0.3';
    const first = await login('manager', DEMO_PASSWORD, from).expect(200);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await second(first.body.challenge, '000000', from)).status);
    // The password was the address's first attempt, so four codes are checked; then the wait, and a
    // challenge takes five tries at most.
    expect(statuses).toEqual([400, 400, 400, 400, 429, 401]);
    const right = await second(first.body.challenge, code(secret, 1), from);
    expect(right.status).not.toBe(200);
    expect(right.body.token).toBeUndefined();
  });

  it('a role that need not use TOTP signs in with the password alone, unless it enrolled of its own accord', async () => {
    const first = await login('clerk1').expect(200);
    expect(first.body.step).toBe('done');
    const token = first.body.token as string;
    expect((await t.http.get('/api/auth/totp').set(auth(token)).expect(200)).body).toEqual({
      enrolled: false,
      required: false,
      unusedRecoveryCodes: 0,
    });
    const enrol = await t.http.post('/api/auth/totp/enrol').set(auth(token)).expect(200);
    const confirmed = await t.http
      .post('/api/auth/totp/confirm')
      .set(auth(token))
      .send({ code: code(enrol.body.secret) })
      .expect(200);
    expect(confirmed.body.signIn).toBeNull();
    await t.http.get('/api/auth/me').set(auth(token)).expect(200);
    expect((await login('clerk1').expect(200)).body.step).toBe('totp');
  });

  it('the security administrator switches a lost authenticator off: the next sign-in enrols afresh; nobody else may', async () => {
    const [manager] = await t.dataSource.query(`select id from users where username = 'manager'`);
    const clerk = (await login('clerk2', DEMO_PASSWORD, '10.30.0.9').expect(200)).body.token;
    await t.http.delete(`/api/auth/totp/${manager.id}`).set(auth(clerk)).expect(403);
    expect((await login('manager', DEMO_PASSWORD, '10.30.0.9').expect(200)).body.step).toBe('totp');

    // The system administrator configures the hall, but accounts are the security administrator's (三员分立).
    const first = await login('admin', DEMO_PASSWORD, '10.30.0.9').expect(200);
    const enrol = await t.http.post('/api/auth/totp/enrol').set(auth(first.body.token)).expect(200);
    const confirmed = await t.http
      .post('/api/auth/totp/confirm')
      .set(auth(first.body.token))
      .send({ code: code(enrol.body.secret) })
      .expect(200);
    await t.http.delete(`/api/auth/totp/${manager.id}`).set(auth(confirmed.body.signIn.token)).expect(403);
    const security = (await login('security', DEMO_PASSWORD, '10.30.0.9').expect(200)).body.token;
    const [own] = await t.dataSource.query(`select id from users where username = 'security'`);
    expect((await t.http.delete(`/api/auth/totp/${own.id}`).set(auth(security)).expect(403)).body.code).toBe('ACCOUNT_SELF_CHANGE');
    await t.http.delete(`/api/auth/totp/${manager.id}`).set(auth(security)).expect(204);
    expect(await t.dataSource.query('select 1 from totp_recovery_codes where user_id = $1', [manager.id])).toHaveLength(0);
    expect((await login('manager', DEMO_PASSWORD, '10.30.0.9').expect(200)).body.step).toBe('enrol-totp');
  });

  it('in demo mode with no AUTH_TOTP_ROLES, the seeded manager and admin need no second factor', async () => {
    const demo = await createTestApp();
    try {
      for (const username of ['manager', 'admin']) {
        expect((await demo.http.post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body.step).toBe('done');
      }
    } finally {
      await demo.close();
    }
  });
});
