import { readFileSync } from 'node:fs';
import { CalendarAdminService } from '../src/calendar/calendar-admin.service';
import { currentScheduleYear } from '../src/calendar/calendar.service';
import { NOTICE_2025, NOTICE_2026, officialCalendar } from '../src/calendar/domain/__fixtures__/official-schedules';
import { createTestApp, TestApp } from './support/test-app';

type Day = { date: string; kind: string; name: string };
const CHINESE = /[\u4e00-\u9fff]/;

describe('national calendar: seeded schedule, loading a year, hall overrides', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let clerk: string;
  let otherHallId: string;
  let outsider: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const yearDays = async (year: number): Promise<Day[]> =>
    (await t.http.get(`/api/calendar/years/${year}`).set(bearer(admin)).expect(200)).body.days;
  const revision = async () => (await t.dataSource.query(`select revision::int as r from calendar_revision`))[0].r as number;
  const snapshot = async () => ({
    days: await t.dataSource.query(`select date::text, kind, name from calendar_days order by date`),
    years: await t.dataSource.query(`select year, source, loaded_at from calendar_years order by year`),
    overrides: await t.dataSource.query(
      `select hall_id, date::text, kind, name, hours from hall_calendar_overrides order by hall_id, date`,
    ),
  });

  beforeAll(async () => {
    t = await createTestApp();
    [admin, manager, clerk] = await Promise.all([t.login('admin'), t.login('manager'), t.login('clerk1')]);
    otherHallId = (await t.http.post('/api/halls').set(bearer(admin)).send({ code: 'CAL2', name: '第二大厅' }).expect(201)).body.id;
    await t.http
      .post('/api/users')
      .set(bearer(await t.login('security')))
      .send({ username: 'manager-cal2', password: 'Other-password#1', displayName: '外厅主任', role: 'manager', hallIds: [otherHallId] })
      .expect(201);
    outsider = await t.login('manager-cal2', 'Other-password#1');
  });
  afterAll(() => t.close());

  describe('seeded from chinese-days at start', () => {
    it('matches the official 2025 and 2026 schedules', async () => {
      for (const notice of [NOTICE_2025, NOTICE_2026]) {
        const days = await yearDays(notice.year);
        const expected = officialCalendar([notice]);
        expect(days.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual([...expected.holidays.keys()].sort());
        expect(days.filter((d) => d.kind === 'makeup_workday').map((d) => d.date)).toEqual([...expected.makeupWorkdays.keys()].sort());
      }
    });

    it('names the days in Chinese: the 2025 autumn block is 国庆节 and 中秋节', async () => {
      const days2025 = new Map((await yearDays(2025)).map((d) => [d.date, d]));
      expect(days2025.get('2025-09-28')).toEqual({ date: '2025-09-28', kind: 'makeup_workday', name: '国庆节' });
      for (const d of ['01', '02', '03', '04', '05', '06', '07', '08']) {
        expect(days2025.get(`2025-10-${d}`)).toMatchObject({ kind: 'holiday', name: d === '06' ? '中秋节' : '国庆节' });
      }
      const days2026 = new Map((await yearDays(2026)).map((d) => [d.date, d]));
      expect(days2026.get('2026-02-14')).toEqual({ date: '2026-02-14', kind: 'makeup_workday', name: '春节' });
    });

    it('holds every year of the package, with its release as the source, and reports them on /api/health', async () => {
      const res = await t.http.get('/api/calendar/years').set(bearer(clerk)).expect(200);
      const years = res.body.years.map((y: { year: number }) => y.year);
      expect(years[0]).toBe(2004);
      expect(years).toEqual(expect.arrayContaining([2025, 2026]));
      expect(res.body.years.find((y: { year: number }) => y.year === 2025)).toMatchObject({
        source: expect.stringMatching(/^chinese-days@/),
        holidays: 28,
        makeupWorkdays: 5,
      });
      const health = await t.http.get('/api/health').expect(200);
      expect(health.body.calendar.loadedYears).toEqual(years);
    });

    it('loads only missing years, once, even with two instances starting together', async () => {
      const before = await snapshot();
      expect(await t.app.get(CalendarAdminService).seedMissingYears()).toEqual([]);
      expect(await snapshot()).toEqual(before);

      await t.dataSource.query(`delete from calendar_years where year in (2010, 2011)`);
      const [a, b] = await Promise.all([createTestApp({ databaseUrl: t.databaseUrl }), createTestApp({ databaseUrl: t.databaseUrl })]);
      await Promise.all([a.close(), b.close()]);
      const after = await snapshot();
      expect(after.days).toEqual(before.days);
      expect(after.years.map((y: { year: number }) => y.year)).toEqual(before.years.map((y: { year: number }) => y.year));
    });
  });

  describe('years and the warning about next year', () => {
    const nextYear = currentScheduleYear() + 1;
    const schedule = (year: number): Day[] => {
      // Test data, not a published schedule: 1–3 Jan off, and the first Sunday after the
      // 3rd a make-up working day.
      const firstSunday = [4, 5, 6, 7, 8, 9, 10].find((d) => new Date(Date.UTC(year, 0, d)).getUTCDay() === 0)!;
      return [
        ...[1, 2, 3].map((d) => ({ date: `${year}-01-0${d}`, kind: 'holiday', name: '元旦' })),
        { date: `${year}-01-${String(firstSunday).padStart(2, '0')}`, kind: 'makeup_workday', name: '元旦' },
      ];
    };
    const ics = (year: number) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//CN',
        'BEGIN:VEVENT',
        `DTSTART;VALUE=DATE:${year}0501`,
        `DTEND;VALUE=DATE:${year}0506`,
        'SUMMARY:劳动节(休)',
        'END:VEVENT',
        // Last year's New Year's Eve: not part of this year, so left out.
        'BEGIN:VEVENT',
        `DTSTART;VALUE=DATE:${year - 1}1231`,
        `DTEND;VALUE=DATE:${year}0101`,
        'SUMMARY:元旦(休)',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n');

    it("warns while next year's schedule is missing", async () => {
      const res = await t.http.get('/api/calendar/years').set(bearer(manager)).expect(200);
      expect(res.body).toMatchObject({ currentYear: nextYear - 1, nextYearLoaded: false });
      expect(res.body.warnings).toContainEqual({ code: 'NEXT_YEAR_NOT_LOADED', year: nextYear, message: expect.stringMatching(CHINESE) });
    });

    it('an admin loads next year as JSON; the warning goes away', async () => {
      const before = await revision();
      const res = await t.http
        .put(`/api/calendar/years/${nextYear}`)
        .set(bearer(admin))
        .send({ days: schedule(nextYear) })
        .expect(200);
      expect(res.body).toMatchObject({ year: nextYear, source: 'json', days: schedule(nextYear) });
      expect(await revision()).toBeGreaterThan(before);
      const years = await t.http.get('/api/calendar/years').set(bearer(manager)).expect(200);
      expect(years.body.nextYearLoaded).toBe(true);
      expect(years.body.warnings).toEqual([]);
    });

    it('loading the year again from ICS replaces it as a whole', async () => {
      const res = await t.http
        .put(`/api/calendar/years/${nextYear}/ics`)
        .set(bearer(admin))
        .send({ ics: ics(nextYear) })
        .expect(200);
      expect(res.body.source).toBe('ics');
      expect(res.body.days).toEqual([1, 2, 3, 4, 5].map((d) => ({ date: `${nextYear}-05-0${d}`, kind: 'holiday', name: '劳动节' })));
      expect(await yearDays(nextYear)).toEqual(res.body.days);
    });

    it('the ICS chinese-days publishes loads as it is', async () => {
      const feed = readFileSync(require.resolve('chinese-days/dist/holidays.ics'), 'utf8');
      const before = await yearDays(2025);
      const res = await t.http.put('/api/calendar/years/2025/ics').set(bearer(admin)).send({ ics: feed }).expect(200);
      expect(res.body.days).toEqual(before);
    });

    const y = nextYear;
    const monday = [1, 2, 3, 4, 5, 6, 7].find((d) => new Date(Date.UTC(y, 0, d)).getUTCDay() === 1)!;
    const oneEvent = (dtstart: string, summary: string) =>
      `BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:${dtstart}\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR`;
    it.each([
      ['a year that is not a number', '20x7', { days: [{ date: `${y}-01-01`, kind: 'holiday', name: '元旦' }] }, 'CALENDAR_YEAR_INVALID'],
      ['a year out of bounds', '1999', { days: [{ date: '1999-01-01', kind: 'holiday', name: '元旦' }] }, 'CALENDAR_YEAR_INVALID'],
      ['an impossible date', `${y}`, { days: [{ date: `${y}-02-30`, kind: 'holiday', name: '春节' }] }, 'VALIDATION_FAILED'],
      ['an unknown kind', `${y}`, { days: [{ date: `${y}-01-01`, kind: 'party', name: '元旦' }] }, 'VALIDATION_FAILED'],
      ['no days', `${y}`, { days: [] }, 'VALIDATION_FAILED'],
      [
        'a date of another year',
        `${y}`,
        { days: [{ date: `${y - 1}-12-31`, kind: 'holiday', name: '元旦' }] },
        'CALENDAR_DATE_OUTSIDE_YEAR',
      ],
      [
        'a date twice',
        `${y}`,
        {
          days: [
            { date: `${y}-01-01`, kind: 'holiday', name: '元旦' },
            { date: `${y}-01-01`, kind: 'holiday', name: '新年' },
          ],
        },
        'CALENDAR_DUPLICATE_DATE',
      ],
      [
        'a make-up working day on a weekday',
        `${y}`,
        { days: [{ date: `${y}-01-0${monday}`, kind: 'makeup_workday', name: '元旦' }] },
        'CALENDAR_MAKEUP_NOT_WEEKEND',
      ],
      ['ICS that is not a calendar', `${y}/ics`, { ics: 'BEGIN:VCARD\r\nEND:VCARD' }, 'CALENDAR_ICS_INVALID'],
      ['ICS without 休 or 班', `${y}/ics`, { ics: oneEvent(`${y}0101`, 'New Year') }, 'CALENDAR_ICS_INVALID'],
      ['ICS with nothing in the year', `${y}/ics`, { ics: oneEvent('20200101', '元旦(休)') }, 'CALENDAR_EMPTY_SCHEDULE'],
    ])('refuses %s (400 with a code) and writes nothing', async (_what, path, body, code) => {
      const before = await snapshot();
      const res = await t.http.put(`/api/calendar/years/${path}`).set(bearer(admin)).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code, message: expect.stringMatching(CHINESE) });
      expect(await snapshot()).toEqual(before);
    });

    it('says where an ICS feed went wrong', async () => {
      const res = await t.http
        .put(`/api/calendar/years/${y}/ics`)
        .set(bearer(admin))
        .send({ ics: oneEvent(`${y}0230`, '元旦(休)') })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'CALENDAR_ICS_INVALID', details: { line: 3 } });
    });

    it('a year not loaded is a 404', async () => {
      const res = await t.http.get('/api/calendar/years/2099').set(bearer(admin)).expect(404);
      expect(res.body.code).toBe('CALENDAR_YEAR_NOT_LOADED');
    });

    it('only an admin loads a year: clerk and manager 403, anonymous 401', async () => {
      const body = { days: schedule(nextYear) };
      for (const token of [clerk, manager, outsider]) {
        const res = await t.http.put(`/api/calendar/years/${nextYear}`).set(bearer(token)).send(body).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
        await t.http
          .put(`/api/calendar/years/${nextYear}/ics`)
          .set(bearer(token))
          .send({ ics: ics(nextYear) })
          .expect(403);
      }
      await t.http.put(`/api/calendar/years/${nextYear}`).send(body).expect(401);
    });
  });

  describe('hall overrides', () => {
    const path = (hallId: string) => `/api/halls/${hallId}/calendar/overrides`;

    it("the hall's manager adds, lists and removes them", async () => {
      const closed = await t.http
        .post(path(t.hallId))
        .set(bearer(manager))
        .send({ date: '2026-12-24', kind: 'closed', name: '设备检修' })
        .expect(201);
      expect(closed.body).toMatchObject({ hallId: t.hallId, date: '2026-12-24', kind: 'closed', name: '设备检修', hours: null });
      const open = await t.http
        .post(path(t.hallId))
        .set(bearer(manager))
        .send({ date: '2026-12-26', kind: 'open', hours: [{ start: '09:00', end: '12:00' }] })
        .expect(201);
      expect(open.body).toMatchObject({ kind: 'open', name: null, hours: [{ start: '09:00', end: '12:00' }] });

      const list = await t.http
        .get(`${path(t.hallId)}?year=2026`)
        .set(bearer(manager))
        .expect(200);
      expect(list.body.map((o: { date: string }) => o.date)).toEqual(['2026-12-24', '2026-12-26']);
      expect(
        (
          await t.http
            .get(`${path(t.hallId)}?year=2025`)
            .set(bearer(manager))
            .expect(200)
        ).body,
      ).toEqual([]);

      await t.http
        .delete(`${path(t.hallId)}/${closed.body.id}`)
        .set(bearer(manager))
        .expect(204);
      await t.http
        .delete(`${path(t.hallId)}/${open.body.id}`)
        .set(bearer(admin))
        .expect(204);
      expect((await t.http.get(path(t.hallId)).set(bearer(admin)).expect(200)).body).toEqual([]);
    });

    it('a manager of another hall gets 403, a clerk 403, an unknown hall 404; nothing is written', async () => {
      const [{ id: foreignId }] = await t.dataSource.query(
        `insert into hall_calendar_overrides (hall_id, date, kind) values ($1, '2026-12-31', 'closed') returning id`,
        [otherHallId],
      );
      const before = await snapshot();
      const body = { date: '2026-12-30', kind: 'closed' };
      const denied = await t.http.post(path(t.hallId)).set(bearer(outsider)).send(body).expect(403);
      expect(denied.body).toMatchObject({ code: 'HALL_ACCESS_DENIED', message: expect.stringMatching(CHINESE) });
      await t.http.get(path(t.hallId)).set(bearer(outsider)).expect(403);
      await t.http
        .delete(`${path(otherHallId)}/${foreignId}`)
        .set(bearer(manager))
        .expect(403);
      const clerkRes = await t.http.post(path(t.hallId)).set(bearer(clerk)).send(body).expect(403);
      expect(clerkRes.body.code).toBe('FORBIDDEN');
      const unknown = await t.http.post(path('00000000-0000-4000-8000-000000000000')).set(bearer(admin)).send(body).expect(404);
      expect(unknown.body).toMatchObject({ code: 'HALL_NOT_FOUND', message: expect.stringMatching(CHINESE) });
      // Another hall's override cannot be reached through one's own hall either.
      const sideways = await t.http
        .delete(`${path(t.hallId)}/${foreignId}`)
        .set(bearer(manager))
        .expect(404);
      expect(sideways.body.code).toBe('CALENDAR_OVERRIDE_NOT_FOUND');
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['an impossible date', { date: '2025-02-30', kind: 'closed' }, 400, 'VALIDATION_FAILED'],
      ['a date out of bounds', { date: '1999-01-01', kind: 'closed' }, 400, 'CALENDAR_YEAR_INVALID'],
      ['an unknown kind', { date: '2026-12-30', kind: 'holiday' }, 400, 'VALIDATION_FAILED'],
      [
        'hours on a closed day',
        { date: '2026-12-30', kind: 'closed', hours: [{ start: '09:00', end: '12:00' }] },
        400,
        'CALENDAR_OVERRIDE_HOURS_WHEN_CLOSED',
      ],
      [
        'hours out of order',
        {
          date: '2026-12-30',
          kind: 'open',
          hours: [
            { start: '13:00', end: '17:00' },
            { start: '09:00', end: '12:00' },
          ],
        },
        400,
        'WORKING_HOURS_INVALID',
      ],
      ['malformed hours', { date: '2026-12-30', kind: 'open', hours: [{ start: '9', end: '25:00' }] }, 400, 'VALIDATION_FAILED'],
      ['a second override on one day', { date: '2026-12-28', kind: 'open' }, 409, 'CALENDAR_OVERRIDE_EXISTS'],
    ])('refuses %s', async (_what, body, status, code) => {
      await t.dataSource.query(
        `insert into hall_calendar_overrides (hall_id, date, kind) values ($1, '2026-12-28', 'closed') on conflict do nothing`,
        [t.hallId],
      );
      const before = await snapshot();
      const res = await t.http.post(path(t.hallId)).set(bearer(manager)).send(body);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code, message: expect.stringMatching(CHINESE) });
      expect(await snapshot()).toEqual(before);
    });

    it('removing an override that is not there is a 404', async () => {
      const res = await t.http
        .delete(`${path(t.hallId)}/00000000-0000-4000-8000-000000000000`)
        .set(bearer(manager))
        .expect(404);
      expect(res.body.code).toBe('CALENDAR_OVERRIDE_NOT_FOUND');
    });
  });
});
