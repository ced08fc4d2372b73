import { Clock } from '../src/common/time/clock';
import { ManualClock } from './support/manual-clock';
import { auth, countRows, DISPLAY_TOKEN, hallRefs, HallRefs, KIOSK_TOKEN } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

const at = (time: string, date = '2026-03-02') => `${date}T${time}:00+08:00`;

describe('appointments (预约)', () => {
  let t: TestApp;
  let refs: HallRefs;
  let admin: string;
  let clerk: string;
  let item: string;
  const clock = new ManualClock(at('08:00'));

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }] });
    refs = await hallRefs(t);
    [admin, clerk] = await Promise.all([t.login('admin'), t.login('clerk1')]);
    item = refs.item['不动产转移登记'];
  });
  afterAll(() => t.close());

  const book = (date: string, slotStart: string, itemId = item) =>
    t.http.post(`/api/halls/${t.hallId}/appointments`).send({ itemId, date, slotStart });
  const checkIn = (code: string, token: string = KIOSK_TOKEN) =>
    t.http.post(`/api/halls/${t.hallId}/appointments/check-in`).set(auth(token)).send({ code });

  it("offers the day's slots from the working hours, with the quota spread over them", async () => {
    const res = await t.http.get(`/api/halls/${t.hallId}/appointment-slots`).query({ itemId: item, date: '2026-03-02' }).expect(200);
    // 09:00–12:00 and 13:30–17:30 in 30-minute slots; a quota of 40 over 14 slots.
    expect(res.body).toHaveLength(14);
    expect(res.body[0]).toEqual({ start: '09:00:00', end: '09:30:00', capacity: 3, booked: 0, available: 3 });
    expect(res.body[6].start).toBe('13:30:00');
  });

  it('fills a slot up to its capacity', async () => {
    for (let i = 0; i < 3; i++) await book('2026-03-02', '09:00').expect(201);
    const full = await book('2026-03-02', '09:00').expect(409);
    expect(full.body).toMatchObject({ code: 'SLOT_FULL', details: { capacity: 3 } });
    const slots = await t.http.get(`/api/halls/${t.hallId}/appointment-slots`).query({ itemId: item, date: '2026-03-02' }).expect(200);
    expect(slots.body[0]).toMatchObject({ booked: 3, available: 0 });
  });

  it("stops at the item's daily quota", async () => {
    await t.http.patch(`/api/items/${item}`).set(auth(admin)).send({ dailyQuota: 2 }).expect(200);
    await book('2026-03-03', '09:00').expect(201);
    await book('2026-03-03', '09:30').expect(201);
    expect((await book('2026-03-03', '10:00').expect(409)).body.code).toBe('DAILY_QUOTA_REACHED');
    await t.http.patch(`/api/items/${item}`).set(auth(admin)).send({ dailyQuota: 40 }).expect(200);
  });

  it('refuses bad days, slots and items with the reason, writing nothing', async () => {
    const before = await t.dataSource.query('select count(*)::int as n from appointments');
    expect((await book('2026-02-30', '09:00').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await book('2026-03-01', '09:00').expect(409)).body).toMatchObject({
      code: 'APPOINTMENT_DATE_INVALID',
      details: { from: '2026-03-02', until: '2026-03-16' },
    });
    expect((await book('2026-03-17', '09:00').expect(409)).body.code).toBe('APPOINTMENT_DATE_INVALID');
    expect((await book('2026-03-02', '09:10').expect(404)).body.code).toBe('SLOT_NOT_FOUND');
    expect((await book('2026-03-02', '09:30', refs.item['企业设立登记']).expect(409)).body.code).toBe('ITEM_NOT_BOOKABLE');
    clock.set(at('09:05'));
    expect((await book('2026-03-02', '09:00').expect(409)).body.code).toBe('SLOT_PASSED');
    clock.set(at('08:00'));
    expect(await t.dataSource.query('select count(*)::int as n from appointments')).toEqual(before);
  });

  it('checks in on the day from 30 minutes before the slot, once, into a priority ticket', async () => {
    const code = (await book('2026-03-02', '10:00').expect(201)).body.code;
    expect((await checkIn(code).expect(409)).body).toMatchObject({ code: 'CHECK_IN_TOO_EARLY', details: { slotStart: '10:00:00' } });
    await checkIn(code, DISPLAY_TOKEN).expect(403);
    await t.http.post(`/api/halls/${t.hallId}/appointments/check-in`).send({ code }).expect(401);

    clock.set(at('09:35'));
    const res = await checkIn(code, clerk).expect(200);
    expect(res.body.appointment).toMatchObject({ status: 'checked_in', code });
    expect(res.body.ticket).toMatchObject({ number: 'D001', source: 'appointment', priority: true, itemId: item });
    const before = await countRows(t);
    expect((await checkIn(code).expect(409)).body.code).toBe('APPOINTMENT_NOT_BOOKED');
    expect(await countRows(t)).toEqual(before);

    const tomorrow = (await t.dataSource.query(`select code from appointments where local_date = '2026-03-03' limit 1`))[0].code;
    expect((await checkIn(tomorrow).expect(409)).body.code).toBe('APPOINTMENT_NOT_TODAY');
  });

  it('cancels a booking by its code', async () => {
    const code = (await book('2026-03-02', '14:00').expect(201)).body.code;
    expect((await t.http.post(`/api/appointments/${code}/cancel`).expect(200)).body.status).toBe('cancelled');
    expect((await checkIn(code).expect(409)).body.code).toBe('APPOINTMENT_NOT_BOOKED');
    await t.http.get('/api/appointments/NOSUCHCD').expect(404);
  });

  it('records bookings nobody checked in for as no-shows once their slot is over', async () => {
    // The check-in at 09:35 above swept them already: any read or check-in of the hall's bookings does.
    const day = await t.http.get(`/api/halls/${t.hallId}/appointments`).set(auth(clerk)).query({ date: '2026-03-02' }).expect(200);
    const nineOClock = day.body.filter((a: { slotStart: string }) => a.slotStart === '09:00:00');
    expect(nineOClock.map((a: { status: string }) => a.status)).toEqual(['no_show', 'no_show', 'no_show']);
    expect(nineOClock[0].noShowAt).toBe(new Date(at('09:35')).toISOString());
    expect((await checkIn(nineOClock[0].code).expect(409)).body.code).toBe('APPOINTMENT_EXPIRED');
    expect((await t.http.get(`/api/appointments/${nineOClock[1].code}`).expect(200)).body.status).toBe('no_show');
  });
});
