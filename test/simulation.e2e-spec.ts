import { DemoClockService } from '../src/simulation/demo-clock.service';
import { DEFAULT_OPTIONS, SimulationReport, Simulator, SimulatorOptions } from '../src/simulation/simulator';
import { auth } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

// Two short simulations (a back-filled day and a morning) on two fresh databases, played as fast as the server goes.
jest.setTimeout(300_000);

const LIVE_DAY = '2026-03-03';
const PAST_DAY = '2026-03-02';

function options(t: TestApp, over: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return {
    ...DEFAULT_OPTIONS,
    url: t.url,
    seed: 7,
    days: 1,
    speed: 0,
    date: LIVE_DAY,
    until: '10:30',
    citizens: 130,
    windows: 4,
    log: () => undefined,
    progressEveryMs: 60_000,
    ...over,
  };
}

function demoApp(): Promise<TestApp> {
  return createTestApp({ listen: true, env: { DEMO_CLOCK: 'on', CASE_SWEEP_INTERVAL_SECONDS: '0' } });
}

const countBy = async (t: TestApp, sql: string): Promise<Record<string, number>> =>
  Object.fromEntries((await t.dataSource.query(sql)).map((r: { k: string; n: number }) => [r.k, r.n]));

describe('a simulated day through the real services', () => {
  let t: TestApp;
  let report: SimulationReport;

  beforeAll(async () => {
    t = await demoApp();
    report = await new Simulator(options(t)).run();
  });
  afterAll(() => t?.close());

  it('plays the back-filled day and the live morning on the demo clock, and leaves the clock where the day stopped', async () => {
    expect(report.days).toEqual([PAST_DAY, LIVE_DAY]);
    const days = await countBy(t, `select local_date::text as k, count(*)::int as n from tickets group by 1`);
    expect(Object.keys(days).sort()).toEqual([PAST_DAY, LIVE_DAY]);
    const clock = await t.http
      .get('/api/demo-clock')
      .set(auth(await t.login('admin')))
      .expect(200);
    expect(clock.body.enabled).toBe(true);
    expect(new Date(clock.body.at).getTime()).toBeGreaterThanOrEqual(new Date(`${LIVE_DAY}T10:20:00+08:00`).getTime());
    expect(new Date(clock.body.at).getTime()).toBeLessThanOrEqual(new Date(`${LIVE_DAY}T10:30:00+08:00`).getTime());
  });

  it('leaves tickets in every status a day produces, as the simulation counted them', async () => {
    const byStatus = await countBy(t, `select status as k, count(*)::int as n from tickets group by 1`);
    for (const status of ['waiting', 'serving', 'done', 'no_show', 'cancelled']) expect(byStatus[status]).toBeGreaterThan(0);
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    expect(total).toBe(report.tickets.issued);
    expect(byStatus.done).toBe(report.tickets.served);
    expect(byStatus.no_show).toBe(report.tickets.noShow);
    expect(byStatus.cancelled).toBe(report.tickets.cancelled);
    // Green channel, bookings checked in at the kiosk, pickups at the unified window.
    const [kinds] = await t.dataSource
      .query(`select count(*) filter (where priority)::int as priority, count(*) filter (where source = 'appointment')::int as booked,
      count(*) filter (where c.prefix = 'Z')::int as pickup from tickets t join window_categories c on c.id = t.issue_category_id`);
    expect(kinds.priority).toBeGreaterThan(0);
    expect(kinds.booked).toBe(report.tickets.checkedIn);
    expect(kinds.pickup).toBeGreaterThan(0);
    // Every move through the windows' state machine: an event per move, none written around it.
    const moves = await countBy(t, `select move as k, count(*)::int as n from ticket_events group by 1`);
    expect(moves.issue).toBe(report.tickets.issued);
    expect(moves.recall).toBe(report.tickets.recalled);
    expect(moves.requeue ?? 0).toBe(report.tickets.requeued);
  });

  it('takes cases from acceptance through the back office to pickup, some of them late', async () => {
    const byStatus = await countBy(t, `select status as k, count(*)::int as n from cases group by 1`);
    const a = report.applications;
    expect(Object.values(byStatus).reduce((x, y) => x + y, 0)).toBe(a.cases);
    expect(byStatus.not_accepted).toBe(a.notAccepted);
    expect(byStatus.correction_requested).toBe(a.correctionRequested);
    expect(byStatus.picked_up).toBeGreaterThan(report.pickup.handedOver); // 即办件 handed over in the visit, and pickups
    expect(byStatus.in_review).toBeGreaterThan(0);
    expect(byStatus.ready_for_pickup).toBeGreaterThan(0);
    expect(report.pickup.handedOver).toBeGreaterThan(0);
    expect(a.bundles).toBeGreaterThan(0);
    expect(a.deferral).toBeGreaterThan(0);
    expect(a.concludedAtWindow).toBeGreaterThan(0);
    expect(report.backOffice.approved).toBeGreaterThan(0);
    const handed = await countBy(
      t,
      `select (data->>'inVisit' is null)::text as k, count(*)::int as n from case_events where move = 'hand_over' group by 1`,
    );
    expect(handed.true).toBe(report.pickup.handedOver);
    // 电子监察: approvers late on short time limits leave cases at 预警 (yellow) or past due (red), open or concluded late.
    const levels = await countBy(t, `select warning_level as k, count(*)::int as n from cases where warning_level is not null group by 1`);
    expect((levels.yellow ?? 0) + (levels.red ?? 0)).toBeGreaterThan(0);
    expect(levels.green).toBeGreaterThan(0);
  });

  it('records the ratings, a 差评 opening its rectification task, which the manager follows up', async () => {
    const r = report.ratings;
    expect(r.poor).toBeGreaterThan(0);
    const [rows] = await t.dataSource.query(`select count(*)::int as ratings, count(*) filter (where score <= 2)::int as poor,
      count(*) filter (where channel = 'case')::int as cases from ratings`);
    expect(rows).toEqual({ ratings: r.visit + r.case, poor: r.poor, cases: r.case });
    const tasks = await countBy(t, `select status as k, count(*)::int as n from rectification_tasks group by 1`);
    expect(Object.values(tasks).reduce((x, y) => x + y, 0)).toBe(r.poor);
    expect(report.rectifications.contacted).toBeGreaterThan(0);
  });

  it('gives measures that match what the simulation did', async () => {
    const manager = await t.login('manager');
    const range = `hallId=${t.hallId}&from=${PAST_DAY}&to=${LIVE_DAY}`;
    const queue = (await t.http.get(`/api/stats/queue?${range}`).set(auth(manager)).expect(200)).body.total;
    expect(queue).toMatchObject({
      called: report.tickets.called,
      served: report.tickets.served,
      noShow: report.tickets.noShow,
      cancelled: report.tickets.cancelled,
    });
    const cases = (await t.http.get(`/api/stats/cases?${range}`).set(auth(manager)).expect(200)).body.total;
    const b = report.backOffice;
    expect(cases.concluded).toBe(report.applications.concludedAtWindow + b.approved + b.denied + b.reported);
    expect(cases.accepted).toBe(report.applications.concludedAtWindow + report.applications.accepted);
    expect(cases.notAccepted).toBe(report.applications.notAccepted);
    const ratings = (await t.http.get(`/api/stats/ratings?${range}`).set(auth(manager)).expect(200)).body.total;
    expect(ratings).toMatchObject({ total: report.ratings.visit + report.ratings.case, poor: report.ratings.poor });
  });

  it('plays the same morning again from the same seed on a fresh hall, and another with another seed', async () => {
    const halls = [await demoApp(), await demoApp()];
    try {
      const morning = { days: 0, until: '10:00', citizens: 60 };
      const strip = ({ hallId: _h, requests: _r, ...rest }: SimulationReport) => rest;
      const first = strip(await new Simulator(options(halls[0], morning)).run());
      const second = strip(await new Simulator(options(halls[1], morning)).run());
      expect(second).toEqual(first);
      expect(first.tickets.issued).toBeGreaterThan(10);
      const other = strip(await new Simulator(options(halls[0], { ...morning, seed: 8, date: '2026-03-04' })).run());
      expect(other.tickets).not.toEqual(first.tickets);
    } finally {
      await Promise.all(halls.map((h) => h.close()));
    }
  });
});

describe('the demo clock keeps real halls exact', () => {
  it('is not settable on a server on the real time, and the simulator there plays today only', async () => {
    const t = await createTestApp({ listen: true });
    try {
      const admin = await t.login('admin');
      const res = await t.http.put('/api/demo-clock').set(auth(admin)).send({ at: '2026-03-02T10:00:00+08:00', speed: 60 }).expect(409);
      expect(res.body.code).toBe('DEMO_CLOCK_OFF');
      const read = await t.http.get('/api/demo-clock').set(auth(admin)).expect(200);
      expect(read.body).toMatchObject({ enabled: false, speed: 1 });
      await expect(new Simulator(options(t)).run()).rejects.toThrow(/real time/);
    } finally {
      await t.close();
    }
  });

  it('refuses to drive a hall not marked as a demo hall, and to move the clock while one exists', async () => {
    const t = await demoApp();
    try {
      const admin = await t.login('admin');
      await t.http.post('/api/halls').set(auth(admin)).send({ code: 'REAL', name: '真实大厅', timezone: 'Asia/Shanghai' }).expect(201);
      // A hall made on a demo server is a demo hall; one marked otherwise (a real hall in the database) stops the clock.
      const [made] = await t.dataSource.query(`select is_demo from halls where code = 'REAL'`);
      expect(made.is_demo).toBe(true);
      await t.dataSource.query(`update halls set is_demo = false where code = 'REAL'`);
      await expect(new Simulator(options(t, { hall: 'REAL' })).run()).rejects.toThrow(/not marked as a demo hall/);
      const res = await t.http.put('/api/demo-clock').set(auth(admin)).send({ at: '2026-03-02T10:00:00+08:00', speed: 0 }).expect(409);
      expect(res.body).toMatchObject({ code: 'DEMO_CLOCK_REAL_HALL', details: { halls: ['REAL'] } });
      const tickets = await t.dataSource.query(`select count(*)::int as n from tickets`);
      expect(tickets[0].n).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('does not start on the demo clock with a real hall in the database', async () => {
    const t = await demoApp();
    try {
      await t.dataSource.query(`update halls set is_demo = false`);
      // What the start-up runs (onApplicationBootstrap), run again now that the database holds a real hall.
      await expect(t.app.get(DemoClockService).onApplicationBootstrap()).rejects.toThrow(/DEMO_CLOCK=on serves demo halls only.*DEMO/);
    } finally {
      await t.close();
    }
  });
});
