import { DEMO_DEVICES } from '../seeds/demo-hall.data';
import { CalendarService, REVISION_CHECK_INTERVAL_MS } from '../src/calendar/calendar.service';
import { AppException } from '../src/common/errors/app-exception';
import { createTestApp, TestApp } from './support/test-app';

const CHINESE = /[\u4e00-\u9fff]/;
const ZERO = '00000000-0000-4000-8000-000000000000';
const at = (local: string) => Date.parse(`${local}+08:00`);
const holiday = (date: string, name = '国庆节') => ({ date, name, kind: 'holiday' });
// 2025: Sat 27 Sep off, Sun 28 Sep worked (调休), 1–8 Oct off (6 Oct 中秋节), Sat 11 Oct worked.
const NATIONAL_DAY_2025 = ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) =>
  holiday(`2025-10-${d}`, d === '06' ? '中秋节' : '国庆节'),
);

describe('deadlines: GET /api/halls/{hallId}/deadline and the CalendarService', () => {
  let t: TestApp;
  let clerk: string;
  let manager: string;
  let admin: string;
  let calendar: CalendarService;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const deadline = (query: string, token = clerk, hallId = t.hallId) =>
    t.http.get(`/api/halls/${hallId}/deadline?${query}`).set(bearer(token));
  const DOMAIN_EXAMPLE = 'start=2025-09-26T16:00%2B08:00&limit=5&unit=working_days';

  beforeAll(async () => {
    t = await createTestApp();
    [clerk, manager, admin] = await Promise.all([t.login('clerk1'), t.login('manager'), t.login('admin')]);
    calendar = t.app.get(CalendarService);
  });
  afterAll(() => t.close());

  describe('the endpoint', () => {
    it('DOMAIN.md: accepted Fri 2025-09-26 16:00 with 5 working days is due Fri 10 Oct at closing', async () => {
      const res = await deadline(DOMAIN_EXAMPLE).expect(200);
      expect(res.body).toEqual({
        dueAt: '2025-10-10T17:30:00+08:00',
        // Day 1 is the next working day: Sunday 28 Sep, a make-up working day.
        clockStartAt: '2025-09-28T09:00:00+08:00',
        provisional: false,
        skippedDays: [{ date: '2025-09-27', name: '周六', kind: 'weekend' }, ...NATIONAL_DAY_2025],
      });
    });

    it("counts working hours across the holiday, within the hall's periods", async () => {
      // Tue 30 Sep 16:00–17:30 is 1.5 h; the other 1.5 h run Thu 9 Oct 09:00–10:30.
      const res = await deadline('start=2025-09-30T16:00%2B08:00&limit=3&unit=working_hours').expect(200);
      expect(res.body).toMatchObject({ dueAt: '2025-10-09T10:30:00+08:00', provisional: false, skippedDays: NATIONAL_DAY_2025 });
      // 90 minutes from 11:00: an hour to the lunch break, half an hour after it.
      const minutes = await deadline('start=2025-09-26T03:00Z&limit=90&unit=minutes').expect(200);
      expect(minutes.body).toMatchObject({ dueAt: '2025-09-26T14:00:00+08:00', skippedDays: [] });
    });

    it('a natural-day period ending on a holiday ends on the next working day (民法典 第二百零三条)', async () => {
      // Day 5 after Fri 26 Sep is Wed 1 Oct, a holiday: the period runs to the close of Thu 9 Oct.
      const res = await deadline('start=2025-09-26T10:00%2B08:00&limit=5&unit=natural_days').expect(200);
      expect(res.body).toMatchObject({ dueAt: '2025-10-09T17:30:00+08:00', provisional: false, skippedDays: NATIONAL_DAY_2025 });
    });

    it('marks a deadline that reaches into a year without a loaded schedule as provisional', async () => {
      const [{ year }] = await t.dataSource.query(`select max(year) + 1 as year from calendar_years`);
      const inside = await deadline(`start=${year}-03-01T10:00%2B08:00&limit=5&unit=working_days`).expect(200);
      expect(inside.body.provisional).toBe(true);
      // Counted Monday to Friday only: no holiday is known there.
      expect(inside.body.skippedDays.every((d: { kind: string }) => d.kind === 'weekend')).toBe(true);
      const across = await deadline(`start=${year - 1}-12-20T10:00%2B08:00&limit=20&unit=working_days`).expect(200);
      expect(across.body.provisional).toBe(true);
      const before = await deadline(`start=${year - 1}-03-02T10:00%2B08:00&limit=5&unit=working_days`).expect(200);
      expect(before.body.provisional).toBe(false);
    });

    it.each([
      ['a negative limit', 'start=2025-09-26T16:00%2B08:00&limit=-1&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['a fractional limit', 'start=2025-09-26T16:00%2B08:00&limit=1.5&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['a limit that is not a number', 'start=2025-09-26T16:00%2B08:00&limit=five&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['an empty limit', 'start=2025-09-26T16:00%2B08:00&limit=&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['no limit', 'start=2025-09-26T16:00%2B08:00&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['an unknown unit', 'start=2025-09-26T16:00%2B08:00&limit=5&unit=fortnights', 400, 'VALIDATION_FAILED'],
      ['an impossible date', 'start=2025-02-30T10:00%2B08:00&limit=5&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['an impossible time', 'start=2025-09-26T25:00%2B08:00&limit=5&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['a start without offset', 'start=2025-09-26T16:00&limit=5&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['a start that is no date', 'start=tomorrow&limit=5&unit=working_days', 400, 'VALIDATION_FAILED'],
      ['a start outside the calendar', 'start=1990-01-01T10:00%2B08:00&limit=5&unit=working_days', 400, 'CLOCK_OUT_OF_RANGE'],
      ['a hall id that is no id', 'start=2025-09-26T16:00%2B08:00&limit=5&unit=working_days&hall=x', 400, 'INVALID_ID'],
      ['an unknown hall', 'start=2025-09-26T16:00%2B08:00&limit=5&unit=working_days&hall=zero', 404, 'HALL_NOT_FOUND'],
    ])('refuses %s', async (_what, query, status, code) => {
      const hall = query.includes('hall=x') ? 'x' : query.includes('hall=zero') ? ZERO : t.hallId;
      const res = await deadline(query.replace(/&hall=\w+$/, ''), clerk, hall);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code, message: expect.stringMatching(CHINESE) });
    });

    it('names every bad parameter at once', async () => {
      const res = await deadline('start=2025-02-30T10:00%2B08:00&limit=-1&unit=weeks').expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'start', 'unit']);
    });

    it('is for staff of the hall: others 403, devices 403, anonymous 401', async () => {
      const other = await t.http.post('/api/halls').set(bearer(admin)).send({ code: 'DL2', name: '另一个大厅' }).expect(201);
      await t.http
        .post('/api/users')
        .set(bearer(await t.login('security')))
        .send({ username: 'clerk-dl2', password: 'Other-password#1', displayName: '外厅受理员', role: 'clerk', hallIds: [other.body.id] })
        .expect(201);
      const outsider = await t.login('clerk-dl2', 'Other-password#1');
      const denied = await deadline(DOMAIN_EXAMPLE, outsider).expect(403);
      expect(denied.body).toMatchObject({ code: 'HALL_ACCESS_DENIED', message: expect.stringMatching(CHINESE) });
      await deadline(DOMAIN_EXAMPLE, clerk, other.body.id).expect(403);
      await deadline(DOMAIN_EXAMPLE, outsider, other.body.id).expect(200);
      for (const token of [manager, admin, await t.login('approver-scjg')]) await deadline(DOMAIN_EXAMPLE, token).expect(200);
      await deadline(DOMAIN_EXAMPLE, DEMO_DEVICES[0].token).expect(403);
      await t.http.get(`/api/halls/${t.hallId}/deadline?${DOMAIN_EXAMPLE}`).expect(401);
    });
  });

  describe('the cache', () => {
    const dueAt = async (app: TestApp = t) =>
      (await app.http.get(`/api/halls/${t.hallId}/deadline?${DOMAIN_EXAMPLE}`).set(bearer(clerk)).expect(200)).body;

    it('an extra closing day moves the due on the very next call, and removing it moves it back', async () => {
      expect((await dueAt()).dueAt).toBe('2025-10-10T17:30:00+08:00');
      const closed = await t.http
        .post(`/api/halls/${t.hallId}/calendar/overrides`)
        .set(bearer(manager))
        .send({ date: '2025-10-09', kind: 'closed', name: '台风停止对外办公' })
        .expect(201);
      const moved = await dueAt();
      // Day 4 is now Fri 10 Oct, day 5 Sat 11 Oct (调休上班).
      expect(moved.dueAt).toBe('2025-10-11T17:30:00+08:00');
      expect(moved.skippedDays).toContainEqual({ date: '2025-10-09', name: '台风停止对外办公', kind: 'closed' });
      await t.http.delete(`/api/halls/${t.hallId}/calendar/overrides/${closed.body.id}`).set(bearer(manager)).expect(204);
      expect((await dueAt()).dueAt).toBe('2025-10-10T17:30:00+08:00');
    });

    it('a weekend opening with short hours counts as a working day', async () => {
      const open = await t.http
        .post(`/api/halls/${t.hallId}/calendar/overrides`)
        .set(bearer(manager))
        .send({ date: '2025-10-04', kind: 'open', name: '国庆假期便民服务', hours: [{ start: '09:00', end: '12:00' }] })
        .expect(201);
      // Day 4 is Sat 4 Oct (opened), day 5 Thu 9 Oct.
      expect((await dueAt()).dueAt).toBe('2025-10-09T17:30:00+08:00');
      const hours = await deadline('start=2025-10-04T11:00%2B08:00&limit=2&unit=working_hours').expect(200);
      expect(hours.body.dueAt).toBe('2025-10-09T10:00:00+08:00');
      await t.http.delete(`/api/halls/${t.hallId}/calendar/overrides/${open.body.id}`).set(bearer(admin)).expect(204);
    });

    /**
     * Polls this instance until it answers `expected`, which must happen within the check interval.
     * Staleness is measured to the start of the first request that saw the change, so the time a
     * loaded machine takes to answer does not count; the slack covers scheduling on a busy CI.
     */
    async function expectSeenHere(expected: string) {
      const started = Date.now();
      let askedAt = Date.now();
      let seen = (await dueAt()).dueAt;
      while (seen !== expected && Date.now() - started < 10 * REVISION_CHECK_INTERVAL_MS) {
        await new Promise((r) => setTimeout(r, 50));
        askedAt = Date.now();
        seen = (await dueAt()).dueAt;
      }
      expect(seen).toBe(expected);
      expect(askedAt - started).toBeLessThan(REVISION_CHECK_INTERVAL_MS + 1500);
    }

    it('sees a change made through another instance on the same database within the check interval', async () => {
      const other = await createTestApp({ databaseUrl: t.databaseUrl });
      try {
        expect((await dueAt()).dueAt).toBe('2025-10-10T17:30:00+08:00');
        expect((await dueAt(other)).dueAt).toBe('2025-10-10T17:30:00+08:00');
        const otherManager = bearer(await other.login('manager'));
        const closed = await other.http
          .post(`/api/halls/${t.hallId}/calendar/overrides`)
          .set(otherManager)
          .send({ date: '2025-10-09', kind: 'closed' })
          .expect(201);
        expect((await dueAt(other)).dueAt).toBe('2025-10-11T17:30:00+08:00');
        await expectSeenHere('2025-10-11T17:30:00+08:00');
        await other.http.delete(`/api/halls/${t.hallId}/calendar/overrides/${closed.body.id}`).set(otherManager).expect(204);
        await expectSeenHere('2025-10-10T17:30:00+08:00');
      } finally {
        await other.close();
      }
    });

    it("a change of the hall's working hours on another instance reaches this one too", async () => {
      const other = await createTestApp({ databaseUrl: t.databaseUrl });
      try {
        expect((await dueAt()).dueAt).toBe('2025-10-10T17:30:00+08:00');
        await other.http
          .patch(`/api/halls/${t.hallId}`)
          .set(bearer(await other.login('admin')))
          .send({
            workingHours: [
              { start: '09:00', end: '12:00' },
              { start: '13:30', end: '17:00' },
            ],
          })
          .expect(200);
        await expectSeenHere('2025-10-10T17:00:00+08:00');
      } finally {
        await other.http
          .patch(`/api/halls/${t.hallId}`)
          .set(bearer(await other.login('admin')))
          .send({
            workingHours: [
              { start: '09:00', end: '12:00' },
              { start: '13:30', end: '17:30' },
            ],
          })
          .expect(200);
        await other.close();
      }
      await expectSeenHere('2025-10-10T17:30:00+08:00');
    });

    it('a clock rebuilt after the calendar check but before the settings check has the new hours', async () => {
      // The two caches are checked on separate timers. CI once caught this instance rebuilding the
      // clock between them: built from the hall it still had cached, and then kept for good.
      const checkCalendar = () => (calendar as unknown as { checkRevision(): Promise<void> }).checkRevision();
      const other = await createTestApp({ databaseUrl: t.databaseUrl });
      const token = bearer(await other.login('admin'));
      const hours = (end: string) => ({
        workingHours: [
          { start: '09:00', end: '12:00' },
          { start: '13:30', end },
        ],
      });
      try {
        expect((await dueAt()).dueAt).toBe('2025-10-10T17:30:00+08:00');
        await other.http.patch(`/api/halls/${t.hallId}`).set(token).send(hours('17:00')).expect(200);
        await checkCalendar();
        expect((await dueAt()).dueAt).toBe('2025-10-10T17:00:00+08:00');
      } finally {
        await other.http.patch(`/api/halls/${t.hallId}`).set(token).send(hours('17:30')).expect(200);
        await other.close();
      }
      await checkCalendar();
      expect((await dueAt()).dueAt).toBe('2025-10-10T17:30:00+08:00');
    });

    it('answers from memory: many deadlines, no query', async () => {
      // Start from a fresh check, so that the loop stays well inside one check interval.
      calendar.invalidate();
      await calendar.dueFor(t.hallId, at('2025-09-26T16:00'), { value: 5, unit: 'working_days' });
      const spy = jest.spyOn(t.dataSource, 'createQueryRunner');
      try {
        for (let i = 0; i < 500; i++)
          await calendar.dueFor(t.hallId, at('2025-09-26T16:00') + i * 60_000, { value: 5, unit: 'working_days' });
        // At most the one revision check a second may fall into the loop.
        expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('the service the cases module uses', () => {
    const wd = (value: number) => ({ value, unit: 'working_days' as const });

    it('moves the due by suspended working time and reports a still-open suspension', async () => {
      // Suspended Mon 29 Sep 09:00 → Thu 9 Oct 09:00: two working days (29 and 30 Sep) off the clock, so the
      // due moves from Fri 10 Oct over Sat 11 Oct (调休上班) to Mon 13 Oct.
      const due = await calendar.dueFor(t.hallId, at('2025-09-26T16:00'), wd(5), {
        suspensions: [{ fromMs: at('2025-09-29T09:00'), toMs: at('2025-10-09T09:00') }],
      });
      expect(due).toMatchObject({ stillSuspended: false, dueMs: at('2025-10-13T17:30'), suspendedWorkingMinutes: 840, provisional: false });
      const open = await calendar.dueFor(t.hallId, at('2025-09-26T16:00'), wd(5), { suspensions: [{ fromMs: at('2025-09-29T09:00') }] });
      expect(open).toMatchObject({ stillSuspended: true, dueMs: null, remainingWorkingMinutes: 4 * 420 });
    });

    it('adds a granted extension in working days', async () => {
      // 15 working days from Sun 28 Sep: 28, 29, 30 Sep, 9, 10, 11 (调休上班), 13–17, 20–23 Oct.
      const due = await calendar.dueFor(t.hallId, at('2025-09-26T16:00'), wd(5), { extensionWorkingDays: 10 });
      expect(due.dueMs).toBe(at('2025-10-23T17:30'));
    });

    it("reads the clock and the warning level with the hall's thresholds", async () => {
      const reading = await calendar.elapsedAndRemaining(t.hallId, at('2025-09-26T16:00'), wd(5), {}, at('2025-10-09T17:30'));
      expect(reading).toMatchObject({ state: 'running', totalWorkingDays: 5, elapsedWorkingDays: 4, remainingWorkingDays: 1 });
      const query = { startMs: at('2025-09-26T16:00'), promised: wd(5), legal: wd(20) };
      expect((await calendar.warningLevelFor(t.hallId, { ...query, atMs: at('2025-09-29T10:00') })).level).toBe('green');
      expect((await calendar.warningLevelFor(t.hallId, { ...query, atMs: at('2025-10-09T17:30') })).level).toBe('yellow');
      expect((await calendar.warningLevelFor(t.hallId, { ...query, atMs: at('2025-10-13T09:00') })).level).toBe('red');
      const report = await calendar.warningLevelFor(t.hallId, { ...query, atMs: at('2025-12-01T09:00') });
      expect(report).toMatchObject({ level: 'red_card', promised: { state: 'overdue' } });
    });

    it('splits the time between the approval steps', async () => {
      const steps = await calendar.stepDeadlines(t.hallId, {
        clockStartMs: at('2025-09-28T09:00'),
        dueMs: at('2025-10-10T17:30'),
        steps: [
          { step: '承办', share: 40 },
          { step: '审核', share: 30 },
          { step: '批准', share: 30 },
        ],
      });
      // 5 working days: 承办 2 days (28–29 Sep), 审核 1.5 days, 批准 the rest.
      expect(steps).toEqual([
        { step: '承办', dueMs: at('2025-09-29T17:30') },
        { step: '审核', dueMs: at('2025-10-09T14:00') },
        { step: '批准', dueMs: at('2025-10-10T17:30') },
      ]);
    });

    it.each([
      [
        'a suspension that ends before it starts',
        () =>
          calendar.dueFor(t.hallId, at('2025-09-26T16:00'), wd(5), {
            suspensions: [{ fromMs: at('2025-10-09T09:00'), toMs: at('2025-09-29T09:00') }],
          }),
        'CLOCK_SUSPENSION_ENDS_BEFORE_START',
      ],
      [
        'a negative extension',
        () => calendar.dueFor(t.hallId, at('2025-09-26T16:00'), wd(5), { extensionWorkingDays: -1 }),
        'CLOCK_INVALID_EXTENSION',
      ],
      [
        'a fractional limit',
        () => calendar.dueFor(t.hallId, at('2025-09-26T16:00'), { value: 1.5, unit: 'working_days' }),
        'CLOCK_INVALID_LIMIT',
      ],
      [
        'zero step shares',
        () => calendar.stepDeadlines(t.hallId, { clockStartMs: 0, dueMs: 0, steps: [{ step: 'x', share: 0 }] }),
        'CLOCK_INVALID_STEP_SHARES',
      ],
      ['an unknown hall', () => calendar.dueFor(ZERO, at('2025-09-26T16:00'), wd(5)), 'HALL_NOT_FOUND'],
    ])('refuses %s with a coded client error', async (_what, call, code) => {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppException);
      expect(error).toMatchObject({ code, message: expect.stringMatching(CHINESE) });
      expect((error as AppException).status).toBeGreaterThanOrEqual(400);
      expect((error as AppException).status).toBeLessThan(500);
    });
  });
});
