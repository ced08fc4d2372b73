import { DEMO_DEVICES, DEMO_PASSWORD, DEMO_USERS } from '../seeds/demo-hall.data';
import { AuthService } from '../src/auth/auth.service';
import { createTestApp, TestApp } from './support/test-app';

describe('auth: login, tokens, throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(DEMO_USERS.map((u) => [u.username, u.role]))('logs %s in with role %s', async (username, role) => {
    const res = await t.http.post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    expect(res.body.token).toMatch(/^ow1\./);
    expect(res.body.user).toMatchObject({ username, role, hallIds: [t.hallId] });
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', role });
  });

  it('rejects a wrong password and an unknown user alike', async () => {
    const wrong = await t.http.post('/api/auth/login').send({ username: 'clerk1', password: 'nope-nope' }).expect(401);
    const unknown = await t.http.post('/api/auth/login').send({ username: 'nobody', password: 'nope-nope' }).expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body.requestId).toEqual(expect.any(String));
  });

  it('slows down repeated failures from an address, even for the right password, then lets the user in after the wait', async () => {
    for (let i = 0; i < 5; i++) await t.http.post('/api/auth/login').send({ username: 'clerk2', password: 'wrong-password' }).expect(401);
    const blocked = await t.http.post('/api/auth/login').send({ username: 'clerk2', password: DEMO_PASSWORD }).expect(429);
    expect(blocked.body).toMatchObject({ code: 'LOGIN_THROTTLED', details: { retryAfterSeconds: expect.any(Number) } });
    const [row] = await t.dataSource.query(`select attempts from login_attempts where username = 'clerk2' and source <> '*'`);
    expect(row.attempts).toBe(5);
    await t.dataSource.query(`update login_attempts set blocked_until = now() - interval '1 second' where username = 'clerk2'`);
    await t.http.post('/api/auth/login').send({ username: 'clerk2', password: DEMO_PASSWORD }).expect(200);
    const [after] = await t.dataSource.query(
      `select attempts, last_success_at from login_attempts where username = 'clerk2' and source <> '*'`,
    );
    expect(after).toMatchObject({ attempts: 0, last_success_at: expect.any(Date) });
  });

  it('refuses a deactivated account', async () => {
    const security = await t.login('security');
    const [{ id }] = await t.dataSource.query(`select id from users where username = 'approver-mz'`);
    await t.http.patch(`/api/users/${id}`).set('Authorization', `Bearer ${security}`).send({ active: false }).expect(200);
    await t.http.post('/api/auth/login').send({ username: 'approver-mz', password: DEMO_PASSWORD }).expect(401);
  });

  it('refuses expired, tampered and malformed tokens with 401', async () => {
    const auth = t.app.get(AuthService);
    const [admin] = await t.dataSource.query(`select id from users where username = 'admin'`);
    const expired = (await auth.signFor({ id: admin.id, username: 'admin' }, 60, Date.now() - 3600_000)).token;
    await t.http.get('/api/halls').set('Authorization', `Bearer ${expired}`).expect(401);
    const good = await t.login('admin');
    const [v, payload, sig] = good.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin', halls: ['x'] }),
    ).toString('base64url');
    await t.http.get('/api/halls').set('Authorization', `Bearer ${v}.${forged}.${sig}`).expect(401);
    await t.http.get('/api/halls').set('Authorization', 'Bearer garbage').expect(401);
    await t.http.get('/api/halls').expect(401);
  });

  it('authenticates device tokens with only their rights, and stops at revocation', async () => {
    const display = DEMO_DEVICES.find((d) => d.kind === 'display')!.token;
    await t.http.get(`/api/halls/${t.hallId}`).set('Authorization', `Bearer ${display}`).expect(200);
    await t.http.get(`/api/halls/${t.hallId}/departments`).set('Authorization', `Bearer ${display}`).expect(403);

    const admin = await t.login('admin');
    const issued = await t.http
      .post(`/api/halls/${t.hallId}/devices`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ kind: 'kiosk', name: '二楼取号机' })
      .expect(201);
    expect(issued.body.token).toMatch(/^owd_/);
    expect(issued.body.tokenHash).toBeUndefined();
    await t.http.get(`/api/halls/${t.hallId}/categories`).set('Authorization', `Bearer ${issued.body.token}`).expect(200);
    const listed = await t.http.get(`/api/halls/${t.hallId}/devices`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token);
    await t.http.post(`/api/devices/${issued.body.id}/revoke`).set('Authorization', `Bearer ${admin}`).expect(201);
    await t.http.get(`/api/halls/${t.hallId}/categories`).set('Authorization', `Bearer ${issued.body.token}`).expect(401);
  });

  it('stores argon2id hashes, never passwords', async () => {
    const rows: { password_hash: string }[] = await t.dataSource.query('select password_hash from users');
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$/);
  });
  it("a request writes its session's last-seen time at most once a minute (with the default 30-minute idle timeout)", async () => {
    const res = await t.http.post('/api/auth/login').send({ username: 'clerk1', password: DEMO_PASSWORD }).expect(200);
    const token = res.body.token as string;
    const seen = async () =>
      (
        await t.dataSource.query('select last_seen_at from staff_sessions where id = $1', [
          JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid,
        ])
      )[0].last_seen_at.getTime();
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    const first = await seen();
    for (let i = 0; i < 20; i++) await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(await seen()).toBe(first);
  });
});
