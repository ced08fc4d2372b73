import { DEMO_DEVICES } from '../seeds/demo-hall.data';
import { auth } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

const ZERO = '00000000-0000-4000-8000-000000000000';
const CHINESE = /[\u4e00-\u9fff]/;

/** Bad input and other halls' data: a 400, 403 or 404 with its code and a Chinese message, never a 500. */
describe('stats: bad input and access', () => {
  let t: TestApp;
  let manager: string;
  let admin: string;
  let otherManager: string;
  let otherHallId: string;
  let otherItemId: string;
  let otherClerkId: string;

  beforeAll(async () => {
    t = await createTestApp();
    [manager, admin] = await Promise.all([t.login('manager'), t.login('admin')]);
    otherHallId = (await t.http.post('/api/halls').set(auth(admin)).send({ code: 'OTHER', name: '另一个大厅' }).expect(201)).body.id;
    const department = (
      await t.http.post(`/api/halls/${otherHallId}/departments`).set(auth(admin)).send({ code: 'X', name: '某局' }).expect(201)
    ).body.id;
    const category = (
      await t.http.post(`/api/halls/${otherHallId}/categories`).set(auth(admin)).send({ prefix: 'A', name: '综合' }).expect(201)
    ).body.id;
    otherItemId = (
      await t.dataSource.query(
        `insert into service_items (hall_id, department_id, category_id, basic_code, implementation_code, name, item_type, case_type, promised_limit_value,
         promised_limit_unit) values ($1, $2, $3, 'B1', 'I1', '某事项', '公共服务', 'instant', 0, 'working_days') returning id`,
        [otherHallId, department, category],
      )
    )[0].id;
    for (const [username, role] of [
      ['other-manager', 'manager'],
      ['other-clerk', 'clerk'],
    ]) {
      await t.http
        .post('/api/users')
        .set(auth(await t.login('security')))
        .send({ username, password: 'Other#Pass2026', displayName: '别人', role, hallIds: [otherHallId] })
        .expect(201);
    }
    otherManager = await t.login('other-manager', 'Other#Pass2026');
    otherClerkId = (await t.dataSource.query(`select id from users where username = 'other-clerk'`))[0].id;
  });
  afterAll(() => t.close());

  const RANGE = { from: '2025-01-01', to: '2025-12-31' };
  const REPORTS = ['on-time', 'cases', 'queue', 'window-load', 'ratings'];
  const get = (path: string, query: object, token: string | null = manager) => {
    const req = t.http.get(path).query(query);
    return token ? req.set(auth(token)) : req;
  };

  it('answers every report and export with the code of what is wrong, in Chinese', async () => {
    const cases: [string, object, number, string][] = [
      ['from after to', { ...RANGE, from: '2026-01-01' }, 400, 'STATS_RANGE_INVALID'],
      ['3 years or more', { from: '2023-01-01', to: '2026-01-01' }, 400, 'STATS_RANGE_TOO_LONG'],
      ['an impossible date', { ...RANGE, to: '2025-02-30' }, 400, 'VALIDATION_FAILED'],
      ['no range', {}, 400, 'VALIDATION_FAILED'],
      ['an unknown grouping', { ...RANGE, groupBy: 'year' }, 400, 'STATS_GROUPING_INVALID'],
      ['a hall id that is not one', { ...RANGE, hallId: 'hall-1' }, 400, 'VALIDATION_FAILED'],
      ['an unknown hall', { ...RANGE, hallId: ZERO }, 404, 'HALL_NOT_FOUND'],
      ['another hall', { ...RANGE, hallId: '$other' }, 403, 'HALL_ACCESS_DENIED'],
      ['an unknown window', { ...RANGE, windowId: ZERO }, 404, 'WINDOW_NOT_FOUND'],
      ['a clerk of another hall', { ...RANGE, clerkId: '$otherClerk' }, 404, 'USER_NOT_FOUND'],
      ['an unknown parameter', { ...RANGE, foo: 'bar' }, 400, 'VALIDATION_FAILED'],
    ];
    const failures: string[] = [];
    for (const report of REPORTS) {
      for (const path of [`/api/stats/${report}`, `/api/stats/${report}/export`]) {
        for (const [what, query, status, code] of cases) {
          const q: Record<string, unknown> = { hallId: t.hallId, ...query };
          if (q.hallId === '$other') q.hallId = otherHallId;
          if (q.clerkId === '$otherClerk') q.clerkId = otherClerkId;
          const res = await get(path, q);
          if (res.status !== status || res.body.code !== code || !CHINESE.test(res.body.message ?? '')) {
            failures.push(`${path} ${what}: ${res.status} ${res.body.code} ${res.body.message}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('names the groupings a report offers, and refuses the filters it does not take', async () => {
    const hour = await get('/api/stats/on-time', { hallId: t.hallId, ...RANGE, groupBy: 'hour' }).expect(400);
    expect(hour.body).toMatchObject({
      code: 'STATS_GROUPING_INVALID',
      details: { groupBy: 'hour', allowed: ['day', 'week', 'month', 'department', 'item'] },
    });
    const departmentOfTickets = await get('/api/stats/queue', { hallId: t.hallId, ...RANGE, departmentId: ZERO }).expect(400);
    expect(departmentOfTickets.body.code).toBe('VALIDATION_FAILED');
    await get('/api/stats/cases', { hallId: t.hallId, ...RANGE, itemId: otherItemId })
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('ITEM_NOT_FOUND'));
    await get('/api/stats/cases', { hallId: t.hallId, ...RANGE, departmentId: ZERO })
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('DEPARTMENT_NOT_FOUND'));
    await get('/api/stats/queue', { hallId: t.hallId, ...RANGE, categoryId: ZERO })
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('CATEGORY_NOT_FOUND'));
    await get('/api/stats/queue/export', { hallId: t.hallId, ...RANGE, format: 'pdf' }).expect(400);
    const longest = await get('/api/stats/queue', { hallId: t.hallId, from: '2023-01-01', to: '2025-12-31', groupBy: 'month' }).expect(200);
    expect(longest.body).toMatchObject({ groups: [], total: { called: 0, targetWaitRate: null, waitP90Ms: null } });
  });

  it('keeps a manager to their own halls; clerks, devices and anonymous callers get nothing', async () => {
    const query = { hallId: t.hallId, ...RANGE };
    expect((await get('/api/stats/on-time', query, otherManager).expect(403)).body.code).toBe('HALL_ACCESS_DENIED');
    await get('/api/stats/on-time', { ...query, hallId: otherHallId }, otherManager).expect(200);
    await get('/api/stats/on-time', query, admin).expect(200);
    await get('/api/stats/on-time', query, await t.login('clerk1')).expect(403);
    await get('/api/stats/on-time', query, await t.login('approver-scjg')).expect(403);
    await get('/api/stats/on-time', query, DEMO_DEVICES[0].token).expect(403);
    await get('/api/stats/on-time', query, null).expect(401);
    await get(`/api/halls/${t.hallId}/monitor`, {}, otherManager).expect(403);
    await get('/api/stats/overdue', { hallId: t.hallId }, otherManager).expect(403);
    await get(`/api/stats/overdue/${ZERO}`, {})
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('CASE_NOT_FOUND'));
    await get('/api/stats/overdue/not-a-case', {})
      .expect(400)
      .expect((r) => expect(r.body.code).toBe('INVALID_ID'));
  });
});
