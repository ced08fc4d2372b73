import { Workbook } from 'exceljs';
import { Clock } from '../src/common/time/clock';
import { erlangC } from '../src/staffing/domain/erlang-c';
import { recommendedWindows } from '../src/staffing/domain/queue-model';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, windowMove } from './support/queue-helpers';
import { morningOfA } from './support/staffing-history';
import { createTestApp, TestApp } from './support/test-app';

const ZERO = '00000000-0000-4000-8000-000000000000';
const CHINESE = /[\u4e00-\u9fff]/;
const at = (date: string, time: string) => `${date}T${time}+08:00`;

/**
 * The planner on the demo hall (Asia/Shanghai, target wait 20 minutes, A served by windows 1–4).
 * History, made through the kiosk and a window like any day: on the Mondays 9, 16 and 23 March
 * 2026, 9, 10 and 11 A tickets between 10:00 and 11:00, two of them served for 12 minutes each;
 * and on 2 March (the month's first working day, so not in the baseline) 30. The question is
 * asked for Monday 30 March at 10:00.
 */
describe('staffing planner', () => {
  let t: TestApp;
  let refs: HallRefs;
  let manager: string;
  let clerk: string;
  let admin: string;
  let otherManager: string;
  let otherCategory: string;
  const clock = new ManualClock(at('2026-03-02', '08:50:00'));
  const A = () => refs.category.A;
  const url = (path: string, hallId = t.hallId) => `/api/halls/${hallId}/staffing/${path}`;

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
    refs = await hallRefs(t);
    [manager, clerk, admin] = await Promise.all([t.login('manager'), t.login('clerk1'), t.login('admin')]);
    const otherHall = (await t.http.post('/api/halls').set(auth(admin)).send({ code: 'OTHER', name: '另一个大厅' }).expect(201)).body.id;
    otherCategory = (
      await t.http.post(`/api/halls/${otherHall}/categories`).set(auth(admin)).send({ prefix: 'A', name: '综合' }).expect(201)
    ).body.id;
    await t.http
      .post('/api/users')
      .set(auth(await t.login('security')))
      .send({ username: 'other-manager', password: 'Other#Pass2026', displayName: '别人', role: 'manager', hallIds: [otherHall] })
      .expect(201);
    otherManager = await t.login('other-manager', 'Other#Pass2026');
  });
  afterAll(() => t.close());

  it('builds its history through the kiosk and a window', async () => {
    await morningOfA(t, clock, refs, clerk, '2026-03-02', 30, 0);
    await morningOfA(t, clock, refs, clerk, '2026-03-09', 9, 2);
    await morningOfA(t, clock, refs, clerk, '2026-03-16', 10, 2);
    await morningOfA(t, clock, refs, clerk, '2026-03-23', 11, 2);
    // Wednesday 25 March: 20 A tickets at 10:00, called one a minute from 10:30 and gone (no-show): they gave up after 30…49 minutes.
    clock.set(at('2026-03-25', '09:00:00'));
    await t.http.post(`/api/windows/${refs.window[3]}/open`).set(auth(clerk)).expect(200);
    clock.set(at('2026-03-25', '10:00:00'));
    const gone: string[] = [];
    for (let i = 0; i < 20; i++)
      gone.push((await issue(t, { categoryId: A(), source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body.id);
    for (let i = 0; i < 20; i++) {
      clock.set(at('2026-03-25', `10:${30 + i}:00`));
      await windowMove(t, clerk, refs.window[3], gone[i], 'call').expect(200);
      clock.set(at('2026-03-25', `10:${30 + i}:30`));
      await windowMove(t, clerk, refs.window[3], gone[i], 'no-show').expect(200);
    }
    await t.http.post(`/api/windows/${refs.window[3]}/close`).set(auth(clerk)).expect(200);
    clock.set(at('2026-03-27', '16:00:00'));
  });

  it('reports the staff figures of a day per window and per clerk, and exports them', async () => {
    // 9 March at window 3 (clerk1, open 08:55–11:50): A tickets from 10:00, two served 11:00/11:01–11:13 and 11:15/11:16–11:28,
    // seven still waiting. Idle while A waited: 10:00–11:50 less the 26 busy minutes = 84 minutes.
    const MIN = 60_000;
    const staff = (groupBy: string, query: object = {}) =>
      t.http
        .get('/api/stats/staff')
        .query({ hallId: t.hallId, from: '2026-03-09', to: '2026-03-09', groupBy, ...query })
        .set(auth(manager));
    const expected = { served: 2, servingMs: 24 * MIN, walkMs: 2 * MIN, walkAvgMs: MIN, openMs: 175 * MIN, idleWhileWaitingMs: 84 * MIN };
    const byWindow = (await staff('window').expect(200)).body;
    expect(byWindow.groups).toHaveLength(1);
    expect(byWindow.groups[0]).toMatchObject({ key: refs.window[3], label: '3号综合窗口', ...expected });
    expect(byWindow.groups[0].servedPerHour).toBeCloseTo(2 / (175 / 60), 9);
    expect(byWindow.total).toMatchObject({ key: null, label: '合计', ...expected });
    const clerkId = (await t.dataSource.query(`select id from users where username = 'clerk1'`))[0].id;
    expect((await staff('clerk').expect(200)).body.groups).toEqual([expect.objectContaining({ key: clerkId, ...expected })]);
    expect((await staff('hour')).body.code).toBe('VALIDATION_FAILED');
    expect((await staff('clerk', { from: '2026-01-01', to: '2026-04-02' })).status).toBe(200);
    expect((await staff('clerk', { from: '2026-01-01', to: '2026-04-03' })).body.code).toBe('STATS_STAFF_RANGE_TOO_LONG');
    expect(
      (
        await t.http
          .get('/api/stats/staff')
          .query({ hallId: t.hallId, from: '2026-03-09', to: '2026-03-09', groupBy: 'clerk' })
          .set(auth(otherManager))
      ).body.code,
    ).toBe('HALL_ACCESS_DENIED');
    const csv = await t.http
      .get('/api/stats/staff/export')
      .query({ hallId: t.hallId, from: '2026-03-09', to: '2026-03-09', groupBy: 'window' })
      .set(auth(manager))
      .buffer(true)
      .expect(200);
    expect(
      csv.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n'),
    ).toEqual([
      '分组,办结数,办理时长（小时）,叫号至开始（分钟，平均）,开窗时长（小时）,有人等候时的空闲（小时）,每小时办结',
      '3号综合窗口,2,0.4,1,2.92,1.4,0.69',
      '合计,2,0.4,1,2.92,1.4,0.69',
    ]);
  });

  it('answers the 10:00 question for Monday 30 March', async () => {
    const res = await t.http.get(url('plan')).query({ date: '2026-03-30' }).set(auth(manager)).expect(200);
    const plan = res.body;
    expect(plan).toMatchObject({
      workingDay: true,
      model: 'erlang-c',
      targetWaitMinutes: 20,
      targetShare: 0.9,
      weeks: 8,
      patienceMinutes: null,
    });
    expect(plan.hours).toEqual([9, 10, 11, 13, 14, 15, 16, 17]);
    expect(plan.baselineDates).toEqual(['2026-03-09', '2026-03-16', '2026-03-23']);
    const category = plan.categories.find((c: { id: string }) => c.id === A());
    expect(category).toMatchObject({ serviceSource: 'history', served: 6, servingWindows: 4 });
    expect(category.meanServiceMinutes).toBeCloseTo(12, 9);
    const ten = plan.rows.find((r: { hour: number; categoryId: string }) => r.hour === 10 && r.categoryId === A());
    expect(ten.forecast.mean).toBeCloseTo(10, 9);
    expect(ten.forecast.p10).toBeCloseTo(9.2, 9);
    expect(ten.forecast.p90).toBeCloseTo(10.8, 9);
    expect(ten.forecast.standardDeviation).toBeCloseTo(1, 9);
    const row = { arrivalsPerMinute: 10 / 60, meanServiceMinutes: 12, targetWaitMinutes: 20 };
    expect(ten).toMatchObject({
      plannedWindows: 4,
      plannedFrom: 'default',
      recommendedWindows: recommendedWindows({ ...row, model: 'erlang-c' }, 0.9),
    });
    expect(ten.recommendedWindows).toBe(3);
    expect(ten.expected.withinTargetShare).toBeCloseTo(erlangC({ ...row, windows: 4 }).withinTargetShare, 9);
    expect(ten.expected.utilisation).toBeCloseTo(0.5, 9);
    // Nobody came at 9:00 in the history: nothing forecast, nothing recommended.
    expect(plan.rows.find((r: { hour: number; categoryId: string }) => r.hour === 9 && r.categoryId === A())).toMatchObject({
      forecast: { mean: 0 },
      recommendedWindows: 0,
    });
  });

  it('plans with Erlang A too, never more windows than Erlang C', async () => {
    const res = await t.http
      .get(url('plan'))
      .query({ date: '2026-03-30', model: 'erlang-a', patienceMinutes: '25', targetShare: '0.95' })
      .set(auth(manager))
      .expect(200);
    expect(res.body).toMatchObject({ model: 'erlang-a', patienceMinutes: 25, targetShare: 0.95 });
    const ten = res.body.rows.find((r: { hour: number; categoryId: string }) => r.hour === 10 && r.categoryId === A());
    expect(ten.recommendedWindows).toBeLessThanOrEqual(
      recommendedWindows({ arrivalsPerMinute: 10 / 60, meanServiceMinutes: 12, targetWaitMinutes: 20, model: 'erlang-c' }, 0.95),
    );
    expect(ten.expected.abandonmentShare).toBeGreaterThan(0);
  });

  it("takes Erlang A's patience from the history: the time tickets waited ÷ the citizens who gave up", async () => {
    // Waits that ended: the six served (60 + 69, 60 + 70, 60 + 70 minutes) and the 20 no-shows (30 + 31 + … + 49 = 790): 1,179 minutes over 20 who gave up.
    const res = await t.http.get(url('plan')).query({ date: '2026-03-30', model: 'erlang-a' }).set(auth(manager)).expect(200);
    expect(res.body.patienceSource).toBe('history');
    expect(res.body.patienceMinutes).toBeCloseTo(1179 / 20, 9);
    const given = await t.http
      .get(url('plan'))
      .query({ date: '2026-03-30', model: 'erlang-a', patienceMinutes: '25' })
      .set(auth(manager))
      .expect(200);
    expect(given.body).toMatchObject({ patienceSource: 'query', patienceMinutes: 25 });
    // Before the no-shows, too few gave up: 30 minutes.
    const early = await t.http.get(url('plan')).query({ date: '2026-03-24', model: 'erlang-a' }).set(auth(manager)).expect(200);
    expect(early.body).toMatchObject({ patienceSource: 'default', patienceMinutes: 30 });
    expect((await t.http.get(url('plan')).query({ date: '2026-03-30' }).set(auth(manager)).expect(200)).body).toMatchObject({
      patienceSource: null,
      patienceMinutes: null,
    });
  });

  it('says a day the hall does not open has no rows', async () => {
    const res = await t.http.get(url('plan')).query({ date: '2026-03-29' }).set(auth(manager)).expect(200);
    expect(res.body).toMatchObject({ workingDay: false, hours: [], rows: [] });
  });

  it("answers the what-if of the issue, with the hall's target wait by default", async () => {
    const res = await t.http
      .post(url('what-if'))
      .set(auth(manager))
      .send({
        targetShare: 0.9,
        model: 'erlang-c',
        rows: [{ hour: 10, categoryId: A(), arrivalsPerHour: 30, meanServiceMinutes: 12, windows: 7 }],
      })
      .expect(200);
    expect(res.body).toMatchObject({ model: 'erlang-c', targetWaitMinutes: 20, targetShare: 0.9, patienceMinutes: null });
    const [row] = res.body.rows;
    expect(row).toMatchObject({ stable: true, windows: 7, offeredLoad: 6, recommendedWindows: 8 });
    expect(row.probabilityOfWaiting).toBeCloseTo(0.6138, 4);
    expect(row.withinTargetShare).toBeCloseTo(0.8841, 4);
    expect(row.meanWaitMinutes).toBeCloseTo(7.366, 3);
    expect(row.utilisation).toBeCloseTo(6 / 7, 9);
  });

  it('answers an unstable roster honestly: no finite wait', async () => {
    const res = await t.http
      .post(url('what-if'))
      .set(auth(manager))
      .send({
        model: 'erlang-c',
        targetWaitMinutes: 15,
        rows: [{ hour: 10, categoryId: A(), arrivalsPerHour: 60, meanServiceMinutes: 12, windows: 7 }],
      })
      .expect(200);
    expect(res.body.rows[0]).toMatchObject({
      stable: false,
      meanWaitMinutes: null,
      withinTargetShare: 0,
      probabilityOfWaiting: 1,
      recommendedWindows: 14,
    });
    const a = await t.http
      .post(url('what-if'))
      .set(auth(manager))
      .send({
        model: 'erlang-a',
        patienceMinutes: 20,
        rows: [{ hour: 10, categoryId: A(), arrivalsPerHour: 60, meanServiceMinutes: 12, windows: 7 }],
      })
      .expect(200);
    expect(a.body.rows[0].stable).toBe(true);
    expect(a.body.rows[0].abandonmentShare).toBeGreaterThan(0.3);
  });

  it('refuses impossible input with a code and a Chinese message', async () => {
    const row = { hour: 10, categoryId: ZERO, arrivalsPerHour: 30, meanServiceMinutes: 12, windows: 7 };
    const cases: [string, object, number, string][] = [
      ['no windows', { model: 'erlang-c', rows: [{ ...row, categoryId: '$A', windows: 0 }] }, 400, 'STAFFING_NO_WINDOWS'],
      ['negative arrivals', { model: 'erlang-c', rows: [{ ...row, categoryId: '$A', arrivalsPerHour: -1 }] }, 400, 'VALIDATION_FAILED'],
      ['no service time', { model: 'erlang-c', rows: [{ ...row, categoryId: '$A', meanServiceMinutes: 0 }] }, 400, 'VALIDATION_FAILED'],
      ['a rate as text', { model: 'erlang-c', rows: [{ ...row, categoryId: '$A', arrivalsPerHour: 'many' }] }, 400, 'VALIDATION_FAILED'],
      ['no rows', { model: 'erlang-c', rows: [] }, 400, 'VALIDATION_FAILED'],
      ['an unknown model', { model: 'erlang-b', rows: [{ ...row, categoryId: '$A' }] }, 400, 'VALIDATION_FAILED'],
      ['a share of 1', { model: 'erlang-c', targetShare: 1, rows: [{ ...row, categoryId: '$A' }] }, 400, 'VALIDATION_FAILED'],
      ['an unknown category', { model: 'erlang-c', rows: [row] }, 404, 'CATEGORY_NOT_FOUND'],
      ["another hall's category", { model: 'erlang-c', rows: [{ ...row, categoryId: otherCategory }] }, 404, 'CATEGORY_NOT_FOUND'],
    ];
    for (const path of ['what-if', 'simulate']) {
      for (const [what, body, status, code] of cases) {
        const sent = JSON.parse(JSON.stringify(body).replace('"$A"', JSON.stringify(A())));
        const res = await t.http.post(url(path)).set(auth(manager)).send(sent);
        expect({ path, what, status: res.status, code: res.body.code }).toEqual({ path, what, status, code });
        expect(res.body.message).toMatch(CHINESE);
      }
    }
  });

  it('lets only managers and admins of the hall in', async () => {
    const body = { model: 'erlang-c', rows: [{ hour: 10, categoryId: A(), arrivalsPerHour: 30, meanServiceMinutes: 12, windows: 7 }] };
    expect((await t.http.post(url('what-if')).set(auth(otherManager)).send(body)).body.code).toBe('HALL_ACCESS_DENIED');
    expect((await t.http.get(url('plan')).query({ date: '2026-03-30' }).set(auth(otherManager))).status).toBe(403);
    expect(
      (
        await t.http
          .put(url('roster'))
          .set(auth(otherManager))
          .send({ date: '2026-03-30', entries: [{ hour: 10, categoryId: A(), windows: 1 }] })
      ).status,
    ).toBe(403);
    expect((await t.http.post(url('what-if')).set(auth(clerk)).send(body)).status).toBe(403);
    expect((await t.http.post(url('what-if')).send(body)).status).toBe(401);
    expect((await t.http.post(url('what-if')).set(auth(admin)).send(body)).status).toBe(200);
    expect((await t.http.post(url('what-if', ZERO)).set(auth(admin)).send(body)).body.code).toBe('HALL_NOT_FOUND');
  });

  it('saves the roster, which the plan then uses; bad entries change nothing', async () => {
    const rosterRows = async () =>
      (await t.dataSource.query(`select hour, windows from staffing_roster order by hour`)) as { hour: number; windows: number }[];
    const put = (entries: object[]) => t.http.put(url('roster')).set(auth(manager)).send({ date: '2026-03-30', entries });
    expect(
      (
        await put([
          { hour: 10, categoryId: A(), windows: 2 },
          { hour: 10, categoryId: A(), windows: 3 },
        ])
      ).body.code,
    ).toBe('STAFFING_DUPLICATE_ROW');
    expect(
      (
        await put([
          { hour: 10, categoryId: A(), windows: 2 },
          { hour: 11, categoryId: A(), windows: 99 },
        ])
      ).body.code,
    ).toBe('STAFFING_WINDOWS_EXCEED_HALL');
    expect((await put([{ hour: 24, categoryId: A(), windows: 2 }])).body.code).toBe('VALIDATION_FAILED');
    expect((await put([{ hour: 10, categoryId: otherCategory, windows: 2 }])).body.code).toBe('CATEGORY_NOT_FOUND');
    expect(await rosterRows()).toEqual([]);

    expect(
      (
        await put([
          { hour: 10, categoryId: A(), windows: 2 },
          { hour: 11, categoryId: A(), windows: 1 },
        ])
      ).body,
    ).toEqual({ date: '2026-03-30', saved: 2 });
    expect((await put([{ hour: 10, categoryId: A(), windows: 3 }])).status).toBe(200);
    expect(await rosterRows()).toEqual([
      { hour: 10, windows: 3 },
      { hour: 11, windows: 1 },
    ]);
    const plan = (await t.http.get(url('plan')).query({ date: '2026-03-30' }).set(auth(manager)).expect(200)).body;
    const ten = plan.rows.find((r: { hour: number; categoryId: string }) => r.hour === 10 && r.categoryId === A());
    expect(ten).toMatchObject({ plannedWindows: 3, plannedFrom: 'roster' });
    expect(ten.expected.withinTargetShare).toBeCloseTo(
      erlangC({ arrivalsPerMinute: 10 / 60, meanServiceMinutes: 12, windows: 3, targetWaitMinutes: 20 }).withinTargetShare,
      9,
    );
  });

  it("simulates a roster and puts the measured figures beside the model's, reproducibly", async () => {
    const body = {
      model: 'erlang-c',
      seed: 7,
      rows: [{ hour: 10, categoryId: A(), arrivalsPerHour: 30, meanServiceMinutes: 12, windows: 8 }],
    };
    const res = await t.http.post(url('simulate')).set(auth(manager)).send(body).expect(200);
    const [row] = res.body.rows;
    expect(row.simulated.arrivals).toBeGreaterThan(10_000);
    expect(Math.abs(row.simulated.withinTargetShare - row.withinTargetShare)).toBeLessThan(0.03);
    expect(Math.abs(row.simulated.utilisation - row.utilisation)).toBeLessThan(0.02);
    expect((await t.http.post(url('simulate')).set(auth(manager)).send(body).expect(200)).body).toEqual(res.body);
    const overloaded = await t.http
      .post(url('simulate'))
      .set(auth(manager))
      .send({ model: 'erlang-c', rows: [{ hour: 10, categoryId: A(), arrivalsPerHour: 60, meanServiceMinutes: 12, windows: 7 }] })
      .expect(200);
    expect(overloaded.body.rows[0]).toMatchObject({ stable: false, meanWaitMinutes: null, simulated: { minutes: 480 } });
    expect(overloaded.body.rows[0].simulated.meanWaitMinutes).toBeGreaterThan(30);
  });

  it('exports the plan as CSV and Excel', async () => {
    const csv = await t.http.get(url('plan/export')).query({ date: '2026-03-30' }).set(auth(manager)).buffer(true).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '时段,号类,预测到达（人/小时）,预测 P10,预测 P90,平均办理时长（分钟）,计划窗口,建议窗口,预计等候达标率（%）,预计平均等候（分钟）,窗口利用率（%）',
    );
    expect(lines.filter((l) => l.startsWith('10:00–11:00,A 企业开办与市场准入,10,9.2,10.8,12,3,3,'))).toHaveLength(1);
    const xlsx = await t.http
      .get(url('plan/export'))
      .query({ date: '2026-03-30', format: 'xlsx' })
      .set(auth(manager))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body);
    const sheet = workbook.getWorksheet('窗口配置')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('时段');
    expect(sheet.rowCount).toBe(lines.length);
    expect((await t.http.get(url('plan/export')).query({ date: '2026-03-30', format: 'pdf' }).set(auth(manager))).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });
});
