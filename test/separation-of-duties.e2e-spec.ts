import { randomUUID } from 'node:crypto';
import { send } from './support/abuse-helpers';
import { auth } from './support/queue-helpers';
import { fillPath, OpenApiDocument, routeCatalog } from './support/route-catalog';
import { createTestApp, TestApp } from './support/test-app';

/**
 * 三员分立: the system administrator configures, the security administrator keeps the accounts and
 * roles (never their own, and never makes another of their kind), the audit administrator reads the
 * audit trail and nothing else; and no account holds two of these roles.
 */
describe('separation of duties (三员分立)', () => {
  let t: TestApp;
  let admin: string;
  let security: string;
  let auditor: string;
  let securityId: string;
  let clerkId: string;

  beforeAll(async () => {
    t = await createTestApp();
    [admin, security, auditor] = await Promise.all([t.login('admin'), t.login('security'), t.login('auditor')]);
    const ids = await t.dataSource.query(`select username, id from users where username in ('security', 'clerk2')`);
    securityId = ids.find((u: { username: string }) => u.username === 'security').id;
    clerkId = ids.find((u: { username: string }) => u.username === 'clerk2').id;
  });
  afterAll(() => t?.close());

  const roleOf = async (id: string) => (await t.dataSource.query('select role, active from users where id = $1', [id]))[0];

  it('the security administrator keeps the accounts: lists, creates, changes role and halls, deactivates', async () => {
    const listed = await t.http.get('/api/users').set(auth(security)).expect(200);
    expect(listed.body.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['admin', 'security', 'auditor', 'clerk1']),
    );
    // The pages it works in: every hall and its departments, to place an account.
    await t.http.get('/api/halls').set(auth(security)).expect(200);
    await t.http.get(`/api/halls/${t.hallId}/departments`).set(auth(security)).expect(200);

    const created = await t.http
      .post('/api/users')
      .set(auth(security))
      .send({ username: 'sod-clerk', password: 'Duties-apart#2026', displayName: '分立测试', role: 'clerk', hallIds: [t.hallId] })
      .expect(201);
    await t.http.patch(`/api/users/${created.body.id}`).set(auth(security)).send({ role: 'manager' }).expect(200);
    expect(await roleOf(created.body.id)).toEqual({ role: 'manager', active: true });
    await t.http.patch(`/api/users/${created.body.id}`).set(auth(security)).send({ active: false }).expect(200);
    expect(await roleOf(created.body.id)).toEqual({ role: 'manager', active: false });
    // The other two administrators' accounts are accounts like any other.
    const newAuditor = await t.http
      .post('/api/users')
      .set(auth(security))
      .send({ username: 'sod-auditor', password: 'Keeps-the-trail#2026', displayName: '审计二', role: 'audit_admin', hallIds: [] })
      .expect(201);
    expect(newAuditor.body.role).toBe('audit_admin');
  });

  it('a security administrator cannot change their own role, halls or state, nor grant themself a role', async () => {
    const before = await t.dataSource.query('select role, active, session_generation from users where id = $1', [securityId]);
    const halls = await t.dataSource.query('select hall_id from user_halls where user_id = $1', [securityId]);
    for (const body of [
      { role: 'admin' },
      { role: 'audit_admin' },
      { role: 'security_admin' },
      { hallIds: [] },
      { active: false },
      { displayName: '改名' },
    ]) {
      const res = await t.http.patch(`/api/users/${securityId}`).set(auth(security)).send(body).expect(403);
      expect(res.body).toMatchObject({ code: 'ACCOUNT_SELF_CHANGE', message: expect.stringMatching(/自己/) });
    }
    expect(await t.dataSource.query('select role, active, session_generation from users where id = $1', [securityId])).toEqual(before);
    expect(await t.dataSource.query('select hall_id from user_halls where user_id = $1', [securityId])).toEqual(halls);
    await t.http.get('/api/auth/me').set(auth(security)).expect(200);
  });

  it('nobody is made a security administrator through the API, and none of their accounts is changed there', async () => {
    const create = await t.http
      .post('/api/users')
      .set(auth(security))
      .send({ username: 'sod-proxy', password: 'Sod-proxy#2026', displayName: '傀儡', role: 'security_admin', hallIds: [] })
      .expect(403);
    expect(create.body.code).toBe('ROLE_NOT_GRANTABLE');
    expect(await t.dataSource.query(`select 1 from users where username = 'sod-proxy'`)).toEqual([]);

    const promote = await t.http.patch(`/api/users/${clerkId}`).set(auth(security)).send({ role: 'security_admin' }).expect(403);
    expect(promote.body.code).toBe('ROLE_NOT_GRANTABLE');
    expect((await roleOf(clerkId)).role).toBe('clerk');

    // A second security administrator, provisioned by the operator, is out of the first one's reach (and the other way round).
    const [{ id: otherId }] = await t.dataSource.query(
      `insert into users (username, password_hash, display_name, role) select 'security2', password_hash, '安全管理员二', 'security_admin' from users where id = $1 returning id`,
      [securityId],
    );
    const res = await t.http.patch(`/api/users/${otherId}`).set(auth(security)).send({ active: false }).expect(403);
    expect(res.body.code).toBe('ACCOUNT_NOT_MANAGEABLE');
    const second = await t.login('security2');
    expect((await t.http.patch(`/api/users/${securityId}`).set(auth(second)).send({ role: 'clerk' }).expect(403)).body.code).toBe(
      'ACCOUNT_NOT_MANAGEABLE',
    );
    expect(await roleOf(securityId)).toEqual({ role: 'security_admin', active: true });
  });

  it('the system administrator configures but no longer keeps accounts', async () => {
    await t.http.patch(`/api/halls/${t.hallId}`).set(auth(admin)).send({ targetWaitMinutes: 25 }).expect(200);
    const create = await t.http
      .post('/api/users')
      .set(auth(admin))
      .send({ username: 'sod-by-admin', password: 'Sod-admin#2026', displayName: '越权', role: 'clerk', hallIds: [t.hallId] })
      .expect(403);
    expect(create.body.code).toBe('FORBIDDEN');
    expect((await t.http.patch(`/api/users/${clerkId}`).set(auth(admin)).send({ role: 'admin' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await roleOf(clerkId)).role).toBe('clerk');
    // …and the security administrator does not configure.
    await t.http.post('/api/halls').set(auth(security)).send({ code: 'SOD', name: '越权大厅' }).expect(403);
    await t.http.post(`/api/halls/${t.hallId}/devices`).set(auth(security)).send({ kind: 'display', name: '越权屏' }).expect(403);
    await t.http.get(`/api/halls/${t.hallId}/items`).set(auth(security)).expect(403);
  });

  it('the audit administrator reads the trail and nothing else', async () => {
    await t.http.get('/api/audit').set(auth(auditor)).expect(200);
    await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200);
    for (const token of [admin, security, await t.login('manager'), await t.login('clerk1')]) {
      await t.http.get('/api/audit').set(auth(token)).expect(403);
      await t.http.get('/api/audit/verify').set(auth(token)).expect(403);
    }

    const doc: OpenApiDocument = (await t.http.get('/api/docs-json').expect(200)).body;
    const routes = await routeCatalog(t.app, doc);
    const admitted = routes.filter((r) => !r.isPublic && r.roles.includes('audit_admin')).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    // Its own routes, and who it is (the /api/auth routes any signed-in account has).
    expect(admitted.filter((r) => !/ \/api\/(audit|auth)(\/|$)/.test(r))).toEqual([]);
    expect(admitted).toEqual(
      expect.arrayContaining(['GET /api/audit', 'GET /api/audit/export', 'GET /api/audit/verify', 'GET /api/auth/me']),
    );

    const leaks: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic && !r.roles.includes('audit_admin'))) {
      const res = await send(
        t,
        route.method,
        fillPath(route, () => randomUUID()),
        { token: auditor, body: {} },
      );
      if (res.status !== 403) leaks.push(`${route.method.toUpperCase()} ${route.path} → ${res.status}`);
    }
    expect(leaks).toEqual([]);
  });

  it('no account holds two roles: one role column, checked by the database', async () => {
    await expect(t.dataSource.query(`update users set role = 'admin,security_admin' where id = $1`, [clerkId])).rejects.toThrow(
      /ck_users_role/,
    );
    const roles = await t.dataSource.query(`select role, count(*)::int as n from users group by role order by role`);
    expect(roles.map((r: { role: string }) => r.role)).toEqual(['admin', 'approver', 'audit_admin', 'clerk', 'manager', 'security_admin']);
  });
});
