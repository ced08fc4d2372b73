import { Clock } from '../src/common/time/clock';
import { RealNameRetention } from '../src/queue/real-name-retention.service';
import { local, ok, residentId } from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** Monday 2 March 2026 in the demo hall. */
const at = (time: string) => local(`2026-03-02T${time}:00`);
const TOUT = residentId('11010519800101001');
const ZHAO = residentId('44030419800101123');

describe('实名取号 and 实名预约 (against ticket touts)', () => {
  let t: TestApp;
  let refs: HallRefs;
  let admin: string;
  let clerk: string;
  const clock = new ManualClock(at('09:00'));

  beforeAll(async () => {
    t = await createTestApp({
      overrides: [{ provide: Clock, useValue: clock }],
      env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000', CASE_SWEEP_INTERVAL_SECONDS: '0' },
    });
    refs = await hallRefs(t);
    [admin, clerk] = await Promise.all([t.login('admin'), t.login('clerk1')]);
  });
  afterAll(() => t.close());

  const phone = (idNumber: string | undefined, from = '203.0.113.7', categoryId = refs.category.A) =>
    issue(t, { categoryId, source: 'phone', ...(idNumber === undefined ? {} : { idNumber }) }, { from });

  it("without the setting, tickets stay anonymous: two addresses take a category's whole daily cap", async () => {
    await ok(t.http.patch(`/api/categories/${refs.category.C}`).set(auth(admin)).send({ dailyCap: 10 }));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => phone(undefined, i % 2 ? '203.0.113.1' : '203.0.113.2', refs.category.C)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
  });

  it('with 实名取号 on, the same two addresses get one ticket per person, never the cap', async () => {
    const category = await ok<{ realName: boolean; personDailyLimit: number }>(
      t.http.patch(`/api/categories/${refs.category.A}`).set(auth(admin)).send({ realName: true, personDailyLimit: 2, dailyCap: 10 }),
    );
    expect(category).toMatchObject({ realName: true, personDailyLimit: 2 });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => phone(i % 2 ? TOUT : ZHAO, i % 2 ? '203.0.113.1' : '203.0.113.2')),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    const refused = results.filter((r) => r.status !== 201);
    expect(new Set(refused.map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['409 REAL_NAME_TICKET_ACTIVE']));
    const [{ n }] = await t.dataSource.query(`select count(*)::int as n from tickets where issue_category_id = $1`, [refs.category.A]);
    expect(n).toBe(2);
  });

  it("asks for the ID and checks it: missing 400, a wrong check character 400, at the kiosk too; a clerk's walk-in needs none", async () => {
    expect((await phone(undefined).expect(400)).body.code).toBe('REAL_NAME_ID_REQUIRED');
    const wrong = TOUT.slice(0, 17) + (TOUT[17] === '1' ? '2' : '1');
    expect((await phone(wrong).expect(400)).body).toMatchObject({ code: 'REAL_NAME_ID_INVALID', details: { reason: 'CHECKSUM' } });
    expect((await issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(400)).body.code).toBe(
      'REAL_NAME_ID_REQUIRED',
    );
    expect(
      (await issue(t, { categoryId: refs.category.A, source: 'kiosk', idNumber: TOUT }, { token: KIOSK_TOKEN }).expect(409)).body.code,
    ).toBe('REAL_NAME_TICKET_ACTIVE');
    await ok(issue(t, { categoryId: refs.category.A, source: 'walk_in' }, { token: clerk }), 201);
  });

  it('keeps only the keyed fingerprint: the ID number is in no ticket column or event', async () => {
    const rows = await t.dataSource.query(
      `select person_index from tickets where person_index is not null union all select t::text from tickets t where t::text like '%' || $1 || '%'
       union all select e::text from ticket_events e where e::text like '%' || $1 || '%'`,
      [TOUT.slice(0, 17)],
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.person_index).toMatch(/^[0-9a-f]{64}$/);
    const ticket = await ok<Record<string, unknown>>(phone(residentId('11010519900307002'), '203.0.113.9', refs.category.A), 201);
    expect(Object.keys(ticket)).not.toContain('personIndex');
  });

  it('a person may take the next ticket once the last is done, up to the daily limit (429)', async () => {
    const person = residentId('11010519700101003');
    const serveOut = async (ticketId: string) => {
      for (const move of ['call', 'start', 'finish']) await ok(windowMove(t, clerk, refs.window[1], ticketId, move));
    };
    await ok(t.http.post(`/api/windows/${refs.window[1]}/open`).set(auth(clerk)));
    // Window 1 calls the oldest waiting ticket first: serve the queue out until it is empty.
    const waiting = async () =>
      (
        await t.dataSource.query(`select id from tickets where status = 'waiting' and category_id = $1 order by enqueued_at`, [
          refs.category.A,
        ])
      ).map((r: { id: string }) => r.id);
    const serveAll = async () => {
      for (const id of await waiting()) await serveOut(id);
    };
    await serveAll();
    await ok(phone(person), 201);
    await serveAll();
    await ok(phone(person), 201);
    await serveAll();
    const limit = await phone(person).expect(429);
    expect(limit.body).toMatchObject({ code: 'REAL_NAME_DAILY_LIMIT', details: { personDailyLimit: 2 } });
    // Tomorrow is another day.
    clock.set(local('2026-03-03T09:00:00'));
    await ok(phone(person), 201);
    clock.set(at('09:30'));
  });

  it('refused real-name tickets do not fail the anonymous ones issued beside them', async () => {
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => issue(t, { categoryId: refs.category.B, source: 'kiosk' }, { token: KIOSK_TOKEN })),
      ...Array.from({ length: 5 }, () => phone(ZHAO)),
    ]);
    expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(201));
    // 赵's first ticket was served out above: one more today, and only one of five sent at once.
    expect(
      results
        .slice(20)
        .map((r) => r.status)
        .sort(),
    ).toEqual([201, 409, 409, 409, 409]);
  });

  describe('实名预约: bookings bound to the person', () => {
    const book = (body: object) =>
      t.http
        .post(`/api/halls/${t.hallId}/appointments`)
        .set('X-Forwarded-For', '203.0.113.50')
        .send({ itemId: refs.item['不动产转移登记'], date: '2026-03-02', ...body });

    it("requires the ID when the item's category is real-name, and limits bookings per person, item and day", async () => {
      await ok(t.http.patch(`/api/categories/${refs.category.D}`).set(auth(admin)).send({ realName: true, personDailyLimit: 1 }));
      expect((await book({ slotStart: '10:00' }).expect(400)).body.code).toBe('REAL_NAME_ID_REQUIRED');
      const booked = await ok<Record<string, unknown>>(book({ slotStart: '10:00', idNumber: TOUT }), 201);
      expect(Object.keys(booked)).not.toContain('personIndex');
      expect((await book({ slotStart: '10:30', idNumber: TOUT }).expect(429)).body.code).toBe('REAL_NAME_APPOINTMENT_LIMIT');
      await ok(book({ slotStart: '10:30', idNumber: ZHAO }), 201);
    });

    it('checks in only with the ID it was booked with', async () => {
      const [{ code }] = await t.dataSource.query(`select code from appointments where slot_start = '10:00' and status = 'booked'`);
      const checkIn = (body: object) =>
        t.http
          .post(`/api/halls/${t.hallId}/appointments/check-in`)
          .set(auth(KIOSK_TOKEN))
          .send({ code, ...body });
      expect((await checkIn({}).expect(400)).body.code).toBe('REAL_NAME_ID_REQUIRED');
      expect((await checkIn({ idNumber: ZHAO }).expect(403)).body.code).toBe('REAL_NAME_MISMATCH');
      const done = await ok<{ appointment: { status: string } }>(checkIn({ idNumber: TOUT.toLowerCase() }));
      expect(done.appointment.status).toBe('checked_in');
    });
  });

  it("forgets the fingerprints once their day is past: finished tickets, and bookings when the hall's bookings are next read", async () => {
    const count = async (table: string, also = 'true') =>
      (await t.dataSource.query(`select count(*)::int as n from ${table} where person_index is not null and ${also}`))[0].n as number;
    const active = await count('tickets', `status in ('waiting', 'called', 'serving', 'held')`);
    expect(active).toBeGreaterThan(0);
    expect(await count('tickets')).toBeGreaterThan(active);
    expect(await count('appointments')).toBe(2);
    clock.set(local('2026-03-05T09:00:00'));
    await t.app.get(RealNameRetention).sweep();
    // Still in the queue from 2 March: kept until it leaves.
    expect(await count('tickets')).toBe(active);
    await t.http.get(`/api/halls/${t.hallId}/appointments`).set(auth(clerk)).expect(200);
    expect(await count('appointments')).toBe(0);
  });
});
