import { createTestApp, TestApp } from './support/test-app';

describe('halls and catalogue: invariants and bad input', () => {
  let t: TestApp;
  let admin: string;
  let departmentId: string;
  let categoryId: string;
  const auth = () => ({ Authorization: `Bearer ${admin}` });
  const counts = async () =>
    (
      await t.dataSource.query(
        `select (select count(*) from service_items)::int as items, (select count(*) from windows)::int as windows,
            (select count(*) from departments)::int as departments, (select count(*) from window_categories)::int as categories,
            (select count(*) from service_item_materials)::int as materials`,
      )
    )[0];

  const item = (over: Record<string, unknown> = {}) => ({
    departmentId,
    categoryId,
    basicCode: '000999001000',
    implementationCode: 'T-000999001000',
    name: '测试事项',
    itemType: '行政许可',
    caseType: 'promised',
    legalLimit: { value: 20, unit: 'working_days' },
    promisedLimit: { value: 10, unit: 'working_days' },
    materials: [
      { name: '申请书', necessity: 'required', originals: 1 },
      { name: '健康证明', necessity: 'deferrable', copies: 1 },
    ],
    steps: [
      { name: '承办', timeSharePercent: 40 },
      { name: '审核', timeSharePercent: 30 },
      { name: '批准', timeSharePercent: 30 },
    ],
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    [{ id: departmentId }] = await t.dataSource.query(`select id from departments where code = 'SCJG'`);
    [{ id: categoryId }] = await t.dataSource.query(`select id from window_categories where prefix = 'A'`);
  });
  afterAll(() => t.close());

  it('publishes an item with every catalogue field and returns it in order', async () => {
    const res = await t.http
      .post(`/api/halls/${t.hallId}/items`)
      .set(auth())
      .send(
        item({
          flagOnline: true,
          flagOneVisit: true,
          visitsRequired: 1,
          commitmentAllowed: true,
          fees: [{ name: '工本费', amount: 0 }],
          legalBasis: '《食品安全法》',
          resultName: '许可证',
          deliveryOptions: ['window', 'electronic'],
          bookable: true,
          slotMinutes: 30,
          dailyQuota: 20,
        }),
      )
      .expect(201);
    expect(res.body).toMatchObject({
      name: '测试事项',
      caseType: 'promised',
      legalLimit: { value: 20, unit: 'working_days' },
      promisedLimit: { value: 10, unit: 'working_days' },
      flagOnline: true,
      commitmentAllowed: true,
      deliveryOptions: ['window', 'electronic'],
      bookable: true,
      dailyQuota: 20,
    });
    expect(res.body.materials.map((m: { name: string; necessity: string }) => [m.name, m.necessity])).toEqual([
      ['申请书', 'required'],
      ['健康证明', 'deferrable'],
    ]);
    expect(res.body.steps.map((s: { name: string }) => s.name)).toEqual(['承办', '审核', '批准']);
  });

  it('names every bad field and writes nothing', async () => {
    const before = await counts();
    const res = await t.http
      .post(`/api/halls/${t.hallId}/items`)
      .set(auth())
      .send(item({ implementationCode: 'T-0002', caseType: 'sometimes', promisedLimit: { value: -1, unit: 'fortnights' }, extra: 1 }))
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['caseType', 'extra', 'promisedLimit.unit', 'promisedLimit.value']);
    expect(res.body.message).toContain('extra 不允许的字段');
    expect(await counts()).toEqual(before);
  });

  it('refuses a promised limit longer than the legal one, also across units', async () => {
    const before = await counts();
    const same = await t.http
      .post(`/api/halls/${t.hallId}/items`)
      .set(auth())
      .send(item({ implementationCode: 'T-0003', promisedLimit: { value: 25, unit: 'working_days' } }))
      .expect(400);
    expect(same.body.code).toBe('PROMISED_EXCEEDS_LEGAL');
    await t.http
      .post(`/api/halls/${t.hallId}/items`)
      .set(auth())
      .send(
        item({
          implementationCode: 'T-0004',
          legalLimit: { value: 2, unit: 'working_hours' },
          promisedLimit: { value: 1, unit: 'working_days' },
        }),
      )
      .expect(400);
    await t.http
      .post(`/api/halls/${t.hallId}/items`)
      .set(auth())
      .send(
        item({
          implementationCode: 'T-0005',
          legalLimit: { value: 1, unit: 'working_days' },
          promisedLimit: { value: 60, unit: 'minutes' },
        }),
      )
      .expect(201);
    expect((await counts()).items).toBe(before.items + 1);
  });

  it('refuses step shares that do not add up to 100', async () => {
    const res = await t.http
      .post(`/api/halls/${t.hallId}/items`)
      .set(auth())
      .send(
        item({
          implementationCode: 'T-0006',
          steps: [
            { name: '承办', timeSharePercent: 50 },
            { name: '批准', timeSharePercent: 40 },
          ],
        }),
      )
      .expect(400);
    expect(res.body).toMatchObject({ code: 'STEP_SHARES_INVALID', details: { total: 90 } });
  });

  it('refuses a duplicate implementation code with 409', async () => {
    const res = await t.http.post(`/api/halls/${t.hallId}/items`).set(auth()).send(item()).expect(409);
    expect(res.body.code).toBe('DUPLICATE_CODE');
  });

  it('a window cannot serve a category of another hall, and nothing is written', async () => {
    const other = await t.http.post('/api/halls').set(auth()).send({ code: 'H2', name: '第二大厅' }).expect(201);
    const foreign = await t.http.post(`/api/halls/${other.body.id}/categories`).set(auth()).send({ prefix: 'A', name: '企业' }).expect(201);
    // The answer is the whole category, as listing it gives it, with the defaults the request left out.
    const listed = await t.http.get(`/api/halls/${other.body.id}/categories`).set(auth()).expect(200);
    expect(foreign.body).toEqual(listed.body[0]);
    expect(foreign.body).toMatchObject({ personDailyLimit: 2, realName: false, sortOrder: 0 });
    const before = await counts();
    const res = await t.http
      .post(`/api/halls/${t.hallId}/windows`)
      .set(auth())
      .send({
        number: 50,
        name: '50号窗口',
        kind: 'comprehensive',
        categories: [{ categoryId, weight: 2 }, { categoryId: foreign.body.id }],
      })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'CATEGORY_OF_OTHER_HALL', details: { categoryIds: [foreign.body.id] } });
    expect(await counts()).toEqual(before);
    // The database refuses it as well, whatever a service might let through.
    const [{ id: windowId }] = await t.dataSource.query(`select id from windows where hall_id = $1 limit 1`, [t.hallId]);
    await expect(
      t.dataSource.query(`insert into window_served_categories (window_id, category_id, hall_id) values ($1, $2, $3)`, [
        windowId,
        foreign.body.id,
        t.hallId,
      ]),
    ).rejects.toThrow(/fk_window_served_category/);
  });

  it('refuses duplicate window numbers and category prefixes with 409', async () => {
    const win = await t.http
      .post(`/api/halls/${t.hallId}/windows`)
      .set(auth())
      .send({ number: 1, name: '重复', kind: 'comprehensive' })
      .expect(409);
    expect(win.body.code).toBe('DUPLICATE_WINDOW_NUMBER');
    const cat = await t.http.post(`/api/halls/${t.hallId}/categories`).set(auth()).send({ prefix: 'A', name: '重复' }).expect(409);
    expect(cat.body.code).toBe('DUPLICATE_PREFIX');
  });

  it('a department that still owns items cannot be deleted; an empty one can', async () => {
    const res = await t.http.delete(`/api/departments/${departmentId}`).set(auth()).expect(409);
    expect(res.body.code).toBe('DEPARTMENT_HAS_ITEMS');
    expect(await t.dataSource.query('select 1 from departments where id = $1', [departmentId])).toHaveLength(1);
    const empty = await t.http.post(`/api/halls/${t.hallId}/departments`).set(auth()).send({ code: 'TMP', name: '临时部门' }).expect(201);
    await t.http.delete(`/api/departments/${empty.body.id}`).set(auth()).expect(204);
  });

  it('working hours must be ordered and not overlap', async () => {
    const res = await t.http
      .patch(`/api/halls/${t.hallId}`)
      .set(auth())
      .send({
        workingHours: [
          { start: '13:30', end: '17:30' },
          { start: '09:00', end: '12:00' },
        ],
      })
      .expect(400);
    expect(res.body.code).toBe('WORKING_HOURS_INVALID');
    const bad = await t.http
      .patch(`/api/halls/${t.hallId}`)
      .set(auth())
      .send({ timezone: 'Mars/Olympus', targetWaitMinutes: 0 })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['targetWaitMinutes', 'timezone']);
  });

  it('an approver needs a department of their own hall', async () => {
    const security = { Authorization: `Bearer ${await t.login('security')}` };
    const res = await t.http
      .post('/api/users')
      .set(security)
      .send({ username: 'approver-x', password: 'long-enough', displayName: '无部门', role: 'approver', hallIds: [t.hallId] })
      .expect(400);
    expect(res.body.code).toBe('APPROVER_NEEDS_DEPARTMENT');
    const dup = await t.http
      .post('/api/users')
      .set(security)
      .send({ username: 'CLERK1', password: 'long-enough', displayName: '重名', role: 'clerk', hallIds: [t.hallId] })
      .expect(409);
    expect(dup.body.code).toBe('DUPLICATE_USERNAME');
  });

  it('malformed ids, malformed JSON and unknown routes get clear 4xx answers', async () => {
    expect((await t.http.get('/api/items/not-a-uuid').set(auth()).expect(400)).body.code).toBe('INVALID_ID');
    expect((await t.http.get('/api/items/00000000-0000-4000-8000-000000000000').set(auth()).expect(404)).body.code).toBe('ITEM_NOT_FOUND');
    const json = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
    expect(json.body).toMatchObject({ code: 'BAD_REQUEST', message: '请求体不是有效的 JSON' });
    expect((await t.http.get('/api/nothing-here').set(auth()).expect(404)).body.code).toBe('ROUTE_NOT_FOUND');
  });
});
