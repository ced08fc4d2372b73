import { DEMO_PASSWORD, DEMO_USERS } from '../seeds/demo-hall.data';
import { requireDemoPasswordChange } from '../seeds/demo-hall.seed';
import { hashPassword } from '../src/users/password';
import { auth } from './support/queue-helpers';
import { createTestApp, RENEWED_SUFFIX, TestApp } from './support/test-app';

/** The password policy on every new password, and the change an admin-set password needs at first sign-in. */
describe('passwords: policy, change on first use, expiry', () => {
  let t: TestApp;
  /** The security administrator, who keeps the accounts (三员分立). */
  let admin: string;
  let seq = 0;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('security');
  });
  afterAll(() => t.close());

  const create = (password: string, username = `pw-clerk-${++seq}`) =>
    t.http
      .post('/api/users')
      .set(auth(admin))
      .send({ username, password, displayName: '密码测试', role: 'clerk', hallIds: [t.hallId] });
  const login = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });
  const change = (token: string, currentPassword: string, newPassword: string) =>
    t.http.post('/api/auth/password').set(auth(token)).send({ currentPassword, newPassword });

  it('refuses weak passwords on create with a 400 naming every rule broken, and creates nothing', async () => {
    const before = (await t.dataSource.query('select count(*)::int as n from users'))[0].n;
    const cases: [string, string, string[]][] = [
      ['password', 'pw-a', ['length', 'classes', 'common']],
      ['Password123!', 'pw-b', ['common']],
      ['short#A1', 'pw-c', ['length']],
      ['alllowercaseletters', 'pw-d', ['classes']],
      ['My-pw-e-is-Long1', 'pw-e', ['username']],
    ];
    for (const [password, username, rules] of cases) {
      const res = await create(password, username).expect(400);
      expect(res.body).toMatchObject({ code: 'PASSWORD_POLICY', message: expect.stringMatching(/密码/), details: { rules } });
    }
    expect((await t.dataSource.query('select count(*)::int as n from users'))[0].n).toBe(before);
  });

  it('refuses a weak password an admin sets on an existing account', async () => {
    const [{ id }] = await t.dataSource.query(`select id from users where username = 'clerk2'`);
    const res = await t.http.patch(`/api/users/${id}`).set(auth(admin)).send({ password: 'password' }).expect(400);
    expect(res.body.details.rules).toContain('common');
    await login('clerk2', DEMO_PASSWORD).expect(200);
  });

  it('an account an admin created must change its password first: the token may do nothing else until then', async () => {
    const username = `pw-clerk-${++seq}`;
    await create('Initial-pass#2026', username).expect(201);
    const first = await login(username, 'Initial-pass#2026').expect(200);
    expect(first.body).toMatchObject({ step: 'change-password', token: expect.any(String), user: { username } });
    const restricted = first.body.token as string;
    expect((await t.http.get(`/api/halls/${t.hallId}/departments`).set(auth(restricted)).expect(403)).body.code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    );
    await t.http.get('/api/auth/me').set(auth(restricted)).expect(200);

    expect((await change(restricted, 'not-the-current', 'Brand-new#Pass1').expect(400)).body.code).toBe('CURRENT_PASSWORD_INVALID');
    expect((await change(restricted, 'Initial-pass#2026', 'password').expect(400)).body.details.rules).toEqual([
      'length',
      'classes',
      'common',
    ]);
    expect((await change(restricted, 'Initial-pass#2026', 'Initial-pass#2026').expect(400)).body.details.rules).toEqual(['reuse']);

    const changed = await change(restricted, 'Initial-pass#2026', 'Brand-new#Pass1').expect(200);
    expect(changed.body).toMatchObject({ step: 'done', token: expect.any(String) });
    await t.http.get(`/api/halls/${t.hallId}/departments`).set(auth(changed.body.token)).expect(200);
    // The restricted token is over, the old password too.
    await t.http.get('/api/auth/me').set(auth(restricted)).expect(401);
    await login(username, 'Initial-pass#2026').expect(401);
    expect((await login(username, 'Brand-new#Pass1').expect(200)).body.step).toBe('done');
  });

  it('a password an admin resets must be changed again; a signed-in user may change their own at any time', async () => {
    const username = `pw-clerk-${++seq}`;
    const id = (await create('Initial-pass#2026', username).expect(201)).body.id;
    const first = await login(username, 'Initial-pass#2026').expect(200);
    const full = (await change(first.body.token, 'Initial-pass#2026', 'Second-pass#2026').expect(200)).body.token;
    const again = await change(full, 'Second-pass#2026', 'Third-pass#2026').expect(200);
    expect(again.body.step).toBe('done');
    await t.http.get('/api/auth/me').set(auth(full)).expect(401);

    await t.http.patch(`/api/users/${id}`).set(auth(admin)).send({ password: 'Reset-by-admin#1' }).expect(200);
    expect((await login(username, 'Reset-by-admin#1').expect(200)).body.step).toBe('change-password');
  });

  it('the seeded demo accounts keep their password in demo mode', async () => {
    for (const u of DEMO_USERS) expect((await login(u.username, DEMO_PASSWORD).expect(200)).body.step).toBe('done');
  });

  describe('outside demo mode, with password expiry', () => {
    let prod: TestApp;
    beforeAll(async () => {
      prod = await createTestApp({ env: { DEMO_MODE: 'off', AUTH_PASSWORD_MAX_AGE_DAYS: '90' } });
    });
    afterAll(() => prod.close());

    it('seeded accounts must change the published password at first sign-in', async () => {
      const res = await prod.http.post('/api/auth/login').send({ username: 'clerk1', password: DEMO_PASSWORD }).expect(200);
      expect(res.body.step).toBe('change-password');
    });

    it('a hall seeded in demo mode and started with DEMO_MODE=off: accounts still on the demo password must change it', async () => {
      await prod.dataSource.query(`update users set must_change_password = false where username in ('approver-sw', 'approver-zj')`);
      const [{ id }] = await prod.dataSource.query(`select id from users where username = 'approver-zj'`);
      await prod.dataSource.query('update users set password_hash = $2 where id = $1', [id, await hashPassword('Own-secret#2026')]);
      expect(await requireDemoPasswordChange(prod.dataSource)).toEqual(['approver-sw']);
      expect(
        (await prod.http.post('/api/auth/login').send({ username: 'approver-sw', password: DEMO_PASSWORD }).expect(200)).body.step,
      ).toBe('change-password');
      expect(
        (await prod.http.post('/api/auth/login').send({ username: 'approver-zj', password: 'Own-secret#2026' }).expect(200)).body.step,
      ).toBe('done');
    });

    it('a password older than the maximum age must be changed at the next sign-in', async () => {
      // TestApp.login makes the first-use change, to the demo password + RENEWED_SUFFIX.
      const token = await prod.login('clerk2');
      await prod.http.get('/api/auth/me').set(auth(token)).expect(200);
      await prod.dataSource.query(`update users set password_changed_at = now() - interval '91 days' where username = 'clerk2'`);
      const res = await prod.http
        .post('/api/auth/login')
        .send({ username: 'clerk2', password: DEMO_PASSWORD + RENEWED_SUFFIX })
        .expect(200);
      expect(res.body.step).toBe('change-password');
    });
  });
});
