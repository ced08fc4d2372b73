import { Workbook } from 'exceljs';
import { io, Socket } from 'socket.io-client';
import { Clock } from '../src/common/time/clock';
import type { HallMonitorState } from '../src/realtime/realtime-events';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, waitFor, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** Monday 2 March 2026 in Asia/Shanghai, the demo hall's zone; the hall's target wait is 20 minutes. */
const at = (time: string) => `2026-03-02T${time}+08:00`;
const MIN = 60_000;
const DAY = { from: '2026-03-02', to: '2026-03-02' };

interface Ticket {
  id: string;
  number: string;
  accessCode: string;
}

/**
 * One morning at two windows, with every figure worked out by hand:
 *
 * | ticket | issued | first call | wait  | then                                        | service |
 * |--------|--------|------------|-------|---------------------------------------------|---------|
 * | A001   | 09:00  | 09:10 W3   | 10    | start 09:11, finish 09:23                   | 12      |
 * | C001   | 09:02  | 09:12 W6   | 10    | start 09:13, finish 09:21                   | 8       |
 * | A002   | 09:04  | 09:25 W3   | 21    | no-show 09:27, requeued 09:28, called again 09:40, start 09:41, finish 10:11 | 30 |
 * | E001   | 10:00  | 10:20 W6   | 20    | no-show 10:22 (stays one)                    | —       |
 * | C002   | 10:05  | 10:25:30 W6| 20.5  | start 10:26, finish 10:31                   | 5       |
 * | A003   | 10:40  | 10:45 W3   | 5     | cancelled 10:46                             | —       |
 *
 * W3 (clerk1) is open 08:50–11:30 and again from 13:30; W6 (clerk2) 08:50–11:00.
 */
describe('stats: queue measures, window load, ratings, the live monitor and exports', () => {
  let t: TestApp;
  let refs: HallRefs;
  let clerk1: string;
  let clerk2: string;
  let manager: string;
  let ids: Record<string, string>;
  const clock = new ManualClock(at('08:50:00'));
  const tickets: Record<string, Ticket> = {};
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ listen: true, overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
    refs = await hallRefs(t);
    [clerk1, clerk2, manager] = await Promise.all([t.login('clerk1'), t.login('clerk2'), t.login('manager')]);
    const users: { id: string; username: string }[] = await t.dataSource.query(`select id, username from users`);
    ids = Object.fromEntries(users.map((u) => [u.username, u.id]));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const W3 = () => refs.window[3];
  const W6 = () => refs.window[6];
  const report = async (path: string, query: Record<string, string> = {}) => {
    const res = await t.http
      .get(`/api/stats/${path}`)
      .query({ hallId: t.hallId, ...DAY, ...query })
      .set(auth(manager));
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const move = async (token: string, windowId: string, number: string, name: string) => {
    const res = await windowMove(t, token, windowId, tickets[number].id, name);
    if (res.status !== 200) throw new Error(`${name} ${number}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const windowAction = (token: string, windowId: string, action: string) =>
    t.http.post(`/api/windows/${windowId}/${action}`).set(auth(token)).expect(200);
  const take = async (number: string, categoryPrefix: string, time: string) => {
    clock.set(at(time));
    const res = await issue(t, { categoryId: refs.category[categoryPrefix], source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201);
    expect(res.body.number).toBe(number);
    tickets[number] = res.body;
  };
  const step = async (time: string, token: string, windowId: string, number: string, name: string) => {
    clock.set(at(time));
    await move(token, windowId, number, name);
  };

  it('plays the morning', async () => {
    await windowAction(clerk1, W3(), 'open');
    await windowAction(clerk2, W6(), 'open');
    await take('A001', 'A', '09:00:00');
    await take('C001', 'C', '09:02:00');
    await take('A002', 'A', '09:04:00');
    await step('09:10:00', clerk1, W3(), 'A001', 'call');
    await step('09:11:00', clerk1, W3(), 'A001', 'start');
    await step('09:12:00', clerk2, W6(), 'C001', 'call');
    await step('09:13:00', clerk2, W6(), 'C001', 'start');
    await step('09:21:00', clerk2, W6(), 'C001', 'finish');
    await step('09:23:00', clerk1, W3(), 'A001', 'finish');
    await step('09:25:00', clerk1, W3(), 'A002', 'call');
    await step('09:27:00', clerk1, W3(), 'A002', 'no-show');
    await step('09:28:00', clerk1, W3(), 'A002', 'requeue');
    await step('09:40:00', clerk1, W3(), 'A002', 'call');
    await step('09:41:00', clerk1, W3(), 'A002', 'start');
    await take('E001', 'E', '10:00:00');
    await take('C002', 'C', '10:05:00');
    await step('10:11:00', clerk1, W3(), 'A002', 'finish');
    await step('10:20:00', clerk2, W6(), 'E001', 'call');
    await step('10:22:00', clerk2, W6(), 'E001', 'no-show');
    await step('10:25:30', clerk2, W6(), 'C002', 'call');
    await step('10:26:00', clerk2, W6(), 'C002', 'start');
    await step('10:31:00', clerk2, W6(), 'C002', 'finish');
    await take('A003', 'A', '10:40:00');
    await step('10:45:00', clerk1, W3(), 'A003', 'call');
    await step('10:46:00', clerk1, W3(), 'A003', 'cancel');
    clock.set(at('11:00:00'));
    await windowAction(clerk2, W6(), 'close');
    clock.set(at('11:30:00'));
    await windowAction(clerk1, W3(), 'pause');
    clock.set(at('13:30:00'));
    await windowAction(clerk1, W3(), 'open');
    clock.set(at('14:00:00'));
  });

  it('counts the day: 等候达标率 4/6 (a first call at exactly 20 minutes is within), 弃号率 1/6 (the requeued no-show is served), exact averages', async () => {
    const body = await report('queue');
    expect(body).toMatchObject({
      hallId: t.hallId,
      groupBy: null,
      timezone: 'Asia/Shanghai',
      targetWaitMinutes: 20,
      targetWaitMinutesApplied: 20,
    });
    expect(body.total).toEqual({
      key: null,
      label: '合计',
      called: 6,
      withinTarget: 4,
      targetWaitRate: 4 / 6,
      noShow: 1,
      noShowRate: 1 / 6,
      cancelled: 1,
      served: 4,
      waitAvgMs: 865_000,
      waitP90Ms: 21 * MIN,
      serviceAvgMs: 825_000,
      serviceP90Ms: 30 * MIN,
    });
    expect(body.groups).toEqual([body.total]);
  });

  it("by category: the 90th percentile of C (10 and 20.5 minutes) is reported at its bucket's bound, 21 minutes", async () => {
    const { groups } = await report('queue', { groupBy: 'category' });
    const byKey = Object.fromEntries(groups.map((g: { key: string }) => [g.key, g]));
    expect(byKey[refs.category.A]).toMatchObject({
      label: 'A 企业开办与市场准入',
      called: 3,
      withinTarget: 2,
      noShow: 0,
      cancelled: 1,
      served: 2,
      waitAvgMs: 12 * MIN,
      waitP90Ms: 21 * MIN,
      serviceAvgMs: 21 * MIN,
      serviceP90Ms: 30 * MIN,
    });
    expect(byKey[refs.category.C]).toMatchObject({
      called: 2,
      withinTarget: 1,
      served: 2,
      waitAvgMs: 915_000,
      waitP90Ms: 21 * MIN,
      serviceAvgMs: 390_000,
    });
    expect(byKey[refs.category.E]).toMatchObject({
      called: 1,
      withinTarget: 1,
      noShow: 1,
      noShowRate: 1,
      served: 0,
      serviceAvgMs: null,
      serviceP90Ms: null,
    });
    expect(groups.map((g: { called: number }) => g.called)).toEqual([3, 2, 1]);
  });

  it('by window, clerk and hour of issue, and filtered', async () => {
    const byWindow = await report('queue', { groupBy: 'window' });
    expect(
      byWindow.groups
        .map((g: { key: string; label: string; called: number; withinTarget: number; noShow: number; served: number }) => [
          g.key,
          g.label,
          g.called,
          g.withinTarget,
          g.noShow,
          g.served,
        ])
        .sort((a: string[], b: string[]) => a[1].localeCompare(b[1])),
    ).toEqual([
      [W3(), '3号综合窗口', 3, 2, 0, 2],
      [W6(), '6号综合窗口', 3, 2, 1, 2],
    ]);
    const byClerk = await report('queue', { groupBy: 'clerk' });
    expect(byClerk.groups.map((g: { key: string; label: string }) => [g.key, g.label]).sort()).toEqual(
      [
        [ids.clerk1, '王晓明'],
        [ids.clerk2, '陈静'],
      ].sort(),
    );
    const byHour = await report('queue', { groupBy: 'hour' });
    expect(byHour.groups).toEqual(
      [
        expect.objectContaining({
          key: '09',
          label: '09:00–10:00',
          called: 3,
          withinTarget: 2,
          served: 3,
          waitAvgMs: 820_000,
          serviceAvgMs: (50 * MIN) / 3,
        }),
        expect.objectContaining({
          key: '10',
          label: '10:00–11:00',
          called: 3,
          withinTarget: 2,
          noShow: 1,
          cancelled: 1,
          served: 1,
          serviceAvgMs: 5 * MIN,
        }),
      ].map((g) => g),
    );
    const w6ByHour = await report('queue', { groupBy: 'hour', windowId: W6() });
    expect(w6ByHour.groups.map((g: { key: string; called: number }) => [g.key, g.called])).toEqual([
      ['09', 1],
      ['10', 2],
    ]);
    const monthOfHours = await report('queue', { groupBy: 'hour', from: '2026-03-01', to: '2026-04-30' });
    expect(monthOfHours.total).toEqual({ ...byHour.total });
    const byMonth = await report('queue', { groupBy: 'month', from: '2026-01-01', to: '2026-12-31', categoryId: refs.category.C });
    expect(byMonth.groups).toEqual([expect.objectContaining({ key: '2026-03-01', label: '2026-03', called: 2 })]);
  });

  it('window load: service time ÷ open time per window, a window open now counted up to now', async () => {
    const body = await report('window-load', { groupBy: 'window' });
    const w3 = { openMs: (160 + 30) * MIN, busyMs: 42 * MIN, served: 2 };
    const w6 = { openMs: 130 * MIN, busyMs: 13 * MIN, served: 2 };
    expect(body.groups.sort((a: { openMs: number }, b: { openMs: number }) => b.openMs - a.openMs)).toEqual([
      { key: W3(), label: '3号综合窗口', ...w3, load: w3.busyMs / w3.openMs },
      { key: W6(), label: '6号综合窗口', ...w6, load: 0.1 },
    ]);
    expect(body.total).toEqual({ key: null, label: '合计', openMs: 320 * MIN, busyMs: 55 * MIN, served: 4, load: 55 / 320 });
    const byClerk = await report('window-load', { groupBy: 'clerk', clerkId: ids.clerk2 });
    expect(byClerk.groups).toEqual([{ key: ids.clerk2, label: '陈静', ...w6, load: 0.1 }]);
  });

  it('ratings through the evaluation module: 好评率, 差评率 and the rectification rate, by window and by day', async () => {
    clock.set(at('14:05:00'));
    await t.http
      .post(`/api/tickets/${tickets.A001.accessCode}/rating`)
      .set('X-Forwarded-For', '198.51.100.1')
      .send({ score: 5 })
      .expect(201);
    await t.http
      .post(`/api/tickets/${tickets.C001.accessCode}/rating`)
      .set('X-Forwarded-For', '198.51.100.2')
      .send({ score: 2, reasons: ['等候时间长'] })
      .expect(201);
    const byWindow = await report('ratings', { groupBy: 'window' });
    expect(byWindow.total).toMatchObject({
      total: 2,
      good: 1,
      poor: 1,
      goodRate: 0.5,
      poorRate: 0.5,
      tasks: 1,
      closedTasks: 0,
      rectificationRate: 0,
    });
    expect(byWindow.groups.map((g: { label: string; good: number; poor: number }) => [g.label, g.good, g.poor]).sort()).toEqual([
      ['3号综合窗口', 1, 0],
      ['6号综合窗口', 0, 1],
    ]);
    const byDay = await report('ratings', { groupBy: 'day', from: '2026-03-01', to: '2026-03-31' });
    expect(byDay.groups).toEqual([expect.objectContaining({ key: '2026-03-02', label: '2026-03-02', total: 2 })]);
    expect((await report('ratings', { from: '2026-03-03', to: '2026-03-31' })).total).toMatchObject({ total: 0, goodRate: null });
  });

  describe('the live monitor', () => {
    const connect = (token: string) => {
      const s = io(t.url, { transports: ['websocket'], auth: { token }, forceNew: true });
      sockets.push(s);
      return s;
    };

    it('sends the snapshot on subscribing, then a push per burst of committed changes, at most one per 500 ms', async () => {
      const screen = connect(manager);
      const states: HallMonitorState[] = [];
      screen.on('monitor.state', (s: HallMonitorState) => states.push(s));
      expect(await screen.timeout(5000).emitWithAck('subscribe', { kind: 'monitor', hallId: t.hallId })).toEqual({
        ok: true,
        room: `hall:${t.hallId}:managers`,
      });
      const initial = await waitFor(() => states[0]);
      expect(initial).toMatchObject({
        hallId: t.hallId,
        localDate: '2026-03-02',
        openWindows: 1,
        longestWaitMs: null,
        today: { called: 6, targetWaitRate: 4 / 6, noShow: 1, concluded: 0, onTimeRate: null },
        cases: { green: 0, yellow: 0, red: 0, red_card: 0, overdue: 0, suspended: 0 },
      });
      expect(initial.windows.find((w) => w.id === W3())).toMatchObject({ status: 'open', current: null });

      clock.set(at('14:10:00'));
      const started = Date.now();
      for (const n of ['A004', 'A005', 'A006', 'A007', 'A008']) await take(n, 'A', '14:10:00');
      clock.set(at('14:12:00'));
      await waitFor(() => states.at(-1)?.waiting.find((c) => c.prefix === 'A')?.waiting === 5, 5000);
      const pushes = states.slice(1);
      const elapsed = Date.now() - started;
      expect(pushes.length).toBeGreaterThanOrEqual(1);
      expect(pushes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
      for (let i = 1; i < pushes.length; i++) expect(Date.parse(pushes[i].at)).toBeGreaterThanOrEqual(Date.parse(pushes[i - 1].at));
    });

    it('is the same as GET /api/halls/{hallId}/monitor, and only for managers and admins of the hall', async () => {
      const snapshot = await t.http.get(`/api/halls/${t.hallId}/monitor`).set(auth(manager)).expect(200);
      expect(snapshot.body.waiting.find((c: { prefix: string }) => c.prefix === 'A')).toMatchObject({ waiting: 5, longestWaitMs: 2 * MIN });
      await t.http.get(`/api/halls/${t.hallId}/monitor`).set(auth(clerk1)).expect(403);
      const clerkScreen = connect(clerk1);
      expect(await clerkScreen.timeout(5000).emitWithAck('subscribe', { kind: 'monitor', hallId: t.hallId })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    });
  });

  describe('exports', () => {
    beforeAll(() => clock.set(at('14:00:00')));

    it('CSV: UTF-8 with a byte-order mark, Chinese titles, the groups and a 合计 row', async () => {
      const res = await t.http
        .get('/api/stats/queue/export')
        .query({ hallId: t.hallId, ...DAY, groupBy: 'window' })
        .set(auth(manager))
        .responseType('blob')
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain(`filename="queue_2026-03-02_2026-03-02.csv"`);
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
      expect(lines[0]).toBe(
        '分组,叫号数,等候达标数,等候达标率（%）,弃号数,弃号率（%）,取消数,办理完成数,平均等候（分钟）,90% 等候（分钟）,平均办理（分钟）,90% 办理（分钟）',
      );
      // Windows with as many calls come in any order; the total is last.
      expect([...lines.slice(1, 3).sort(), lines[3]]).toEqual([
        '3号综合窗口,3,2,66.67,0,0,1,2,12,21,21,30',
        '6号综合窗口,3,2,66.67,1,33.33,0,2,16.8,21,6.5,8',
        '合计,6,4,66.67,1,16.67,1,4,14.4,21,13.8,30',
      ]);
    });

    it('Excel: an xlsx workbook with the same rows', async () => {
      const res = await t.http
        .get('/api/stats/window-load/export')
        .query({ hallId: t.hallId, ...DAY, groupBy: 'window', format: 'xlsx' })
        .set(auth(manager))
        .responseType('blob')
        .expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new Workbook();
      await workbook.xlsx.load(res.body);
      const sheet = workbook.getWorksheet('窗口饱和度')!;
      const rows = sheet
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
      expect(rows).toEqual([
        ['分组', '开窗时长（小时）', '办理时长（小时）', '办理完成数', '窗口饱和度（%）'],
        ['3号综合窗口', 3.17, 0.7, 2, 22.11],
        ['6号综合窗口', 2.17, 0.22, 2, 10],
        ['合计', 5.33, 0.92, 4, 17.19],
      ]);
    });
  });
});
