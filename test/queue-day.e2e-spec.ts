import { Clock } from '../src/common/time/clock';
import { ManualClock } from './support/manual-clock';
import { auth, countRows, hallRefs, HallRefs, issue, KIOSK_TOKEN, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** 2026-03-02 is a Monday; times are Asia/Shanghai, the demo hall's zone. */
const at = (time: string, date = '2026-03-02') => `${date}T${time}:00+08:00`;
const iso = (time: string, date?: string) => new Date(at(time, date)).toISOString();

interface TicketBody {
  id: string;
  number: string;
  status: string;
  [key: string]: unknown;
}

describe('a whole queue day', () => {
  let t: TestApp;
  let refs: HallRefs;
  let admin: string;
  let clerk1: string;
  let clerk2: string;
  const clock = new ManualClock(at('08:40'));
  const tickets: Record<string, TicketBody> = {};

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }], env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '5' } });
    refs = await hallRefs(t);
    [admin, clerk1, clerk2] = await Promise.all([t.login('admin'), t.login('clerk1'), t.login('clerk2')]);
  });
  afterAll(() => t.close());

  const W3 = () => refs.window[3];
  const W6 = () => refs.window[6];
  const callNext = (token: string, windowId: string) => t.http.post(`/api/windows/${windowId}/call-next`).set(auth(token));
  const move = async (token: string, windowId: string, number: string, name: string, body: object = {}) => {
    const res = await windowMove(t, token, windowId, tickets[number].id, name, body);
    if (res.status !== 200) throw new Error(`${name} ${number}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as TicketBody;
  };
  const history = async (number: string) => {
    const res = await t.http.get(`/api/tickets/${tickets[number].id}`).set(auth(admin)).expect(200);
    return res.body as TicketBody & {
      events: {
        move: string;
        fromStatus: string | null;
        toStatus: string;
        hallVersion: number;
        windowId: string | null;
        actorKind: string;
        details: Record<string, unknown>;
        at: string;
      }[];
    };
  };

  describe('issuing from the four sources', () => {
    let bookingCode: string;

    it('books an appointment for the 09:00 slot', async () => {
      const res = await t.http
        .post(`/api/halls/${t.hallId}/appointments`)
        .send({ itemId: refs.item['开办企业一件事'], date: '2026-03-02', slotStart: '09:00' })
        .expect(201);
      expect(res.body).toMatchObject({ status: 'booked', localDate: '2026-03-02', slotStart: '09:00:00', slotEnd: '09:30:00' });
      bookingCode = res.body.code;
    });

    it('numbers per category and local day: kiosk, phone, clerk walk-in (green channel), appointment check-in', async () => {
      clock.set(at('08:45'));
      tickets.A001 = (await issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body;
      clock.set(at('08:46'));
      tickets.A002 = (await issue(t, { itemId: refs.item['企业变更登记'], source: 'phone' }, { from: '203.0.113.7' }).expect(201)).body;
      clock.set(at('08:47'));
      tickets.C001 = (
        await issue(
          t,
          { categoryId: refs.category.C, source: 'walk_in', priority: true, priorityReason: '老年人' },
          { token: clerk1 },
        ).expect(201)
      ).body;
      clock.set(at('08:50'));
      const checkIn = await t.http
        .post(`/api/halls/${t.hallId}/appointments/check-in`)
        .set(auth(KIOSK_TOKEN))
        .send({ code: bookingCode })
        .expect(200);
      tickets.A003 = checkIn.body.ticket;

      expect(Object.values(tickets).map((x) => x.number)).toEqual(['A001', 'A002', 'C001', 'A003']);
      expect(tickets.A001).toMatchObject({
        source: 'kiosk',
        priority: false,
        status: 'waiting',
        localDate: '2026-03-02',
        issuedAt: iso('08:45'),
        categoryName: '企业开办与市场准入',
      });
      expect(tickets.A002).toMatchObject({ source: 'phone', itemId: refs.item['企业变更登记'], categoryId: refs.category.A });
      expect(tickets.C001).toMatchObject({ source: 'walk_in', priority: true, priorityReason: '老年人' });
      expect(tickets.A003).toMatchObject({
        source: 'appointment',
        priority: true,
        priorityReason: '预约签到',
        itemId: refs.item['开办企业一件事'],
      });
      expect(checkIn.body.appointment).toMatchObject({ status: 'checked_in', ticketId: tickets.A003.id, checkedInAt: iso('08:50') });
      for (const x of Object.values(tickets)) expect(x.accessCode).toMatch(/^[0-9A-Z]{10}$/);
      // Nobody serves A yet: no honest estimate.
      expect(tickets.A001.estimatedWaitMs).toBeNull();
    });

    it('shows the citizen their own ticket by access code', async () => {
      const res = await t.http.get(`/api/ticket-live/${tickets.A002.accessCode}`).expect(200);
      expect(res.body).toMatchObject({ number: 'A002', status: 'waiting', ahead: 2, yourTurn: false, categoryName: '企业开办与市场准入' });
      await t.http.get('/api/ticket-live/NOTACODE00').expect(404);
    });
  });

  describe('calling at the windows', () => {
    it('opens window 3 and calls the checked-in appointment first (priority, weighted wait)', async () => {
      clock.set(at('08:55'));
      const opened = await t.http.post(`/api/windows/${W3()}/open`).set(auth(clerk1)).expect(200);
      expect(opened.body.window.status).toBe('open');
      expect(opened.body.waiting.map((w: { number: string }) => w.number)).toEqual(['A003', 'C001', 'A001', 'A002']);
      const res = await callNext(clerk1, W3()).expect(200);
      expect(res.body).toMatchObject({
        reason: 'priority',
        ticket: { number: 'A003', status: 'called', windowId: W3(), calledAt: iso('08:55'), firstCalledAt: iso('08:55') },
      });
      const live = await t.http.get(`/api/ticket-live/${tickets.A003.accessCode}`).expect(200);
      expect(live.body).toMatchObject({ status: 'called', yourTurn: true, window: { number: 3 } });
    });

    it('recalls (counted), marks a no-show, calls the next priority ticket and starts it', async () => {
      clock.set(at('08:56'));
      expect(await move(clerk1, W3(), 'A003', 'recall')).toMatchObject({ recallCount: 1, status: 'called' });
      clock.set(at('08:57'));
      expect(await move(clerk1, W3(), 'A003', 'no-show')).toMatchObject({ status: 'no_show' });
      const res = await callNext(clerk1, W3()).expect(200);
      expect(res.body).toMatchObject({ reason: 'priority', ticket: { number: 'C001' } });
      clock.set(at('08:58'));
      expect(await move(clerk1, W3(), 'C001', 'start')).toMatchObject({ status: 'serving', startedAt: iso('08:58') });
    });

    it('requeues the no-show behind the queue, holds the current ticket and calls again', async () => {
      clock.set(at('08:59'));
      expect(await move(clerk1, W3(), 'A003', 'requeue')).toMatchObject({
        status: 'waiting',
        requeueCount: 1,
        enqueuedAt: iso('08:59'),
        windowId: null,
      });
      clock.set(at('09:00'));
      expect(await move(clerk1, W3(), 'C001', 'hold')).toMatchObject({ status: 'held' });
      const res = await callNext(clerk1, W3()).expect(200);
      expect(res.body).toMatchObject({
        reason: 'priority',
        ticket: { number: 'A003', recallCount: 0, calledAt: iso('09:00'), firstCalledAt: iso('08:55') },
      });
      clock.set(at('09:01'));
      await move(clerk1, W3(), 'A003', 'start');
      clock.set(at('09:02'));
      const busy = await windowMove(t, clerk1, W3(), tickets.C001.id, 'resume').expect(409);
      expect(busy.body).toMatchObject({ code: 'WINDOW_BUSY', details: { tickets: [{ number: 'A003', status: 'serving' }] } });
      clock.set(at('09:10'));
      expect(await move(clerk1, W3(), 'A003', 'finish')).toMatchObject({ status: 'done', finishedAt: iso('09:10') });
      expect(await move(clerk1, W3(), 'C001', 'resume')).toMatchObject({ status: 'serving' });
    });

    it('transfers to another window keeping the number; that window calls it', async () => {
      clock.set(at('09:11'));
      expect(await move(clerk1, W3(), 'C001', 'transfer', { windowId: W6() })).toMatchObject({
        number: 'C001',
        status: 'waiting',
        targetWindowId: W6(),
        windowId: null,
        enqueuedAt: iso('09:11'),
      });
      // A001 has waited 26 minutes, past the hall's 20-minute target: it goes first.
      const res = await callNext(clerk1, W3()).expect(200);
      expect(res.body).toMatchObject({ reason: 'overdue', ticket: { number: 'A001' } });

      clock.set(at('09:12'));
      await t.http.post(`/api/windows/${W6()}/open`).set(auth(clerk2)).expect(200);
      const c = await callNext(clerk2, W6()).expect(200);
      expect(c.body).toMatchObject({ reason: 'priority', ticket: { number: 'C001', windowId: W6(), targetWindowId: null } });
      clock.set(at('09:13'));
      await move(clerk2, W6(), 'C001', 'start');
    });

    it('transfers to another category keeping the number', async () => {
      clock.set(at('09:14'));
      expect(await move(clerk1, W3(), 'A001', 'transfer', { categoryId: refs.category.E })).toMatchObject({
        number: 'A001',
        status: 'waiting',
        categoryId: refs.category.E,
        issueCategoryId: refs.category.A,
      });
      clock.set(at('09:15'));
      expect((await callNext(clerk1, W3()).expect(200)).body).toMatchObject({ reason: 'overdue', ticket: { number: 'A002' } });
      clock.set(at('09:16'));
      await move(clerk1, W3(), 'A002', 'start');
      clock.set(at('09:20'));
      await move(clerk2, W6(), 'C001', 'finish');
      clock.set(at('09:21'));
      expect((await callNext(clerk2, W6()).expect(200)).body).toMatchObject({
        reason: 'normal',
        ticket: { number: 'A001', windowId: W6() },
      });
      clock.set(at('09:22'));
      await move(clerk2, W6(), 'A001', 'start');
      clock.set(at('09:25'));
      await move(clerk1, W3(), 'A002', 'finish');
      clock.set(at('09:30'));
      await move(clerk2, W6(), 'A001', 'finish');
    });

    it('answers an empty queue with 200 and ticket null, writing nothing', async () => {
      const before = await countRows(t);
      const res = await callNext(clerk1, W3()).expect(200);
      expect(res.body).toEqual({ ticket: null, reason: 'empty' });
      expect(await countRows(t)).toEqual(before);
    });
  });

  describe('times and events', () => {
    it('keeps issued, called, started and finished times on the ticket', async () => {
      expect(await history('A003')).toMatchObject({
        status: 'done',
        issuedAt: iso('08:50'),
        firstCalledAt: iso('08:55'),
        calledAt: iso('09:00'),
        startedAt: iso('09:01'),
        finishedAt: iso('09:10'),
        requeueCount: 1,
        windowId: W3(),
      });
      expect(await history('C001')).toMatchObject({
        status: 'done',
        issuedAt: iso('08:47'),
        firstCalledAt: iso('08:57'),
        calledAt: iso('09:12'),
        startedAt: iso('09:13'),
        finishedAt: iso('09:20'),
        windowId: W6(),
      });
    });

    it('has one event per move, in order, with increasing hall versions', async () => {
      const a3 = await history('A003');
      expect(a3.events.map((e) => e.move)).toEqual(['issue', 'call', 'recall', 'no_show', 'requeue', 'call', 'start', 'finish']);
      expect(a3.events.map((e) => e.toStatus)).toEqual(['waiting', 'called', 'called', 'no_show', 'waiting', 'called', 'serving', 'done']);
      expect(a3.events[0]).toMatchObject({ fromStatus: null, actorKind: 'device', details: { source: 'appointment', priority: true } });
      expect(a3.events[1]).toMatchObject({
        windowId: W3(),
        actorKind: 'user',
        details: { reason: 'priority', priorityStreak: 1 },
        at: iso('08:55'),
      });
      expect(a3.events[2].details).toEqual({ recallCount: 1 });
      expect(a3.events[4].details).toEqual({ requeueCount: 1 });

      const c1 = await history('C001');
      expect(c1.events.map((e) => e.move)).toEqual(['issue', 'call', 'start', 'hold', 'resume', 'transfer', 'call', 'start', 'finish']);
      expect(c1.events[5].details).toEqual({ fromCategoryId: refs.category.C, toCategoryId: refs.category.C, toWindowId: W6() });

      const a1 = await history('A001');
      expect(a1.events.map((e) => e.move)).toEqual(['issue', 'call', 'transfer', 'call', 'start', 'finish']);
      expect(a1.events[1].details).toMatchObject({ reason: 'overdue', priorityStreak: 0 });
      expect(a1.events[2].details).toMatchObject({ toCategoryId: refs.category.E });

      const all: { hall_version: string }[] = await t.dataSource.query('select hall_version::text from ticket_events order by id');
      const versions = all.map((r) => Number(r.hall_version));
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
      expect(new Set(versions).size).toBe(versions.length);
    });

    it('refuses to change or delete an event row', async () => {
      await expect(t.dataSource.query(`update ticket_events set details = '{}'`)).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`delete from ticket_events`)).rejects.toThrow(/append-only/);
    });
  });

  describe('bad input', () => {
    const expectError = (body: Record<string, unknown>, statusCode: number, code: string) => {
      expect(body).toMatchObject({ statusCode, code });
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(body.requestId).toEqual(expect.any(String));
    };

    it('403 for a ticket at another window, 403 at a window that is not yours', async () => {
      clock.set(at('09:40'));
      tickets.E001 = (await issue(t, { categoryId: refs.category.E, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body;
      expect(tickets.E001.number).toBe('E001');
      // Window 3 serves E too; it calls it.
      expect((await callNext(clerk1, W3()).expect(200)).body.ticket.number).toBe('E001');
      const before = await countRows(t);
      const notHere = await windowMove(t, clerk2, W6(), tickets.E001.id, 'recall').expect(403);
      expectError(notHere.body, 403, 'TICKET_NOT_AT_WINDOW');
      const notYours = await windowMove(t, clerk2, W3(), tickets.E001.id, 'recall').expect(403);
      expectError(notYours.body, 403, 'WINDOW_NOT_YOURS');
      expectError((await callNext(clerk2, W3()).expect(403)).body, 403, 'WINDOW_NOT_YOURS');
      expect(await countRows(t)).toEqual(before);
    });

    it("409 ILLEGAL_TICKET_MOVE lists the allowed moves; requeues stop at the hall's maximum", async () => {
      const before = await countRows(t);
      const res = await windowMove(t, clerk1, W3(), tickets.E001.id, 'finish').expect(409);
      expectError(res.body, 409, 'ILLEGAL_TICKET_MOVE');
      expect(res.body.details).toEqual({
        ticketId: tickets.E001.id,
        number: 'E001',
        status: 'called',
        move: 'finish',
        allowed: ['recall', 'start', 'no_show', 'transfer', 'cancel'],
      });
      expect(await countRows(t)).toEqual(before);

      for (let i = 1; i <= 2; i++) {
        await move(clerk1, W3(), 'E001', 'no-show');
        expect(await move(clerk1, W3(), 'E001', 'requeue')).toMatchObject({ requeueCount: i });
        await move(clerk1, W3(), 'E001', 'call');
      }
      await move(clerk1, W3(), 'E001', 'no-show');
      const third = await windowMove(t, clerk1, W3(), tickets.E001.id, 'requeue').expect(409);
      expect(third.body.details).toMatchObject({ status: 'no_show', move: 'requeue', allowed: [] });
    });

    it('records an out-of-order call with what call-next would have chosen', async () => {
      clock.set(at('09:45'));
      const first = (await issue(t, { categoryId: refs.category.E, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body;
      clock.set(at('09:46'));
      const second = (await issue(t, { categoryId: refs.category.E, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body;
      tickets[second.number] = second;
      await move(clerk1, W3(), second.number, 'call');
      const h = await history(second.number);
      expect(h.events.at(-1)).toMatchObject({ move: 'call', details: { reason: 'chosen', outOfOrder: true, expectedTicketId: first.id } });
      await move(clerk1, W3(), second.number, 'cancel');
    });

    it('only an open window calls', async () => {
      await t.http.post(`/api/windows/${W3()}/pause`).set(auth(clerk1)).expect(200);
      expectError((await callNext(clerk1, W3()).expect(409)).body, 409, 'WINDOW_NOT_OPEN');
      await t.http.post(`/api/windows/${W3()}/open`).set(auth(clerk1)).expect(200);
      // Another clerk cannot take an occupied window, nor a clerk two windows.
      expectError((await t.http.post(`/api/windows/${W3()}/open`).set(auth(clerk2)).expect(409)).body, 409, 'WINDOW_OCCUPIED');
      expectError(
        (await t.http.post(`/api/windows/${refs.window[1]}/open`).set(auth(clerk1)).expect(409)).body,
        409,
        'CLERK_AT_OTHER_WINDOW',
      );
    });

    it('refuses a category outside its issuing hours, with the reason, writing nothing', async () => {
      clock.set(at('16:45'));
      const before = await countRows(t);
      const res = await issue(t, { categoryId: refs.category.D, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(409);
      expectError(res.body, 409, 'OUTSIDE_ISSUING_HOURS');
      expect(res.body.details).toMatchObject({ issueFrom: '08:30:00', issueUntil: '16:30:00', localTime: '16:45:00' });
      expect(await countRows(t)).toEqual(before);
    });

    it('refuses a category past its daily cap, and the refused number is not lost', async () => {
      clock.set(at('10:00'));
      await t.http.patch(`/api/categories/${refs.category.B}`).set(auth(admin)).send({ dailyCap: 1 }).expect(200);
      expect((await issue(t, { categoryId: refs.category.B, source: 'walk_in' }, { token: clerk1 }).expect(201)).body.number).toBe('B001');
      const before = await countRows(t);
      const res = await issue(t, { categoryId: refs.category.B, source: 'walk_in' }, { token: clerk1 }).expect(409);
      expectError(res.body, 409, 'DAILY_CAP_REACHED');
      expect(res.body.details).toMatchObject({ dailyCap: 1 });
      expect(await countRows(t)).toEqual(before);
      await t.http.patch(`/api/categories/${refs.category.B}`).set(auth(admin)).send({ dailyCap: 150 }).expect(200);
      expect((await issue(t, { categoryId: refs.category.B, source: 'walk_in' }, { token: clerk1 }).expect(201)).body.number).toBe('B002');
    });

    it('404 for an unknown category or item; 403 for a source the caller may not use; 400 for a green channel without reason', async () => {
      const before = await countRows(t);
      const zero = '00000000-0000-4000-8000-000000000000';
      expectError(
        (await issue(t, { categoryId: zero, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(404)).body,
        404,
        'CATEGORY_NOT_FOUND',
      );
      expectError((await issue(t, { itemId: zero, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(404)).body, 404, 'ITEM_NOT_FOUND');
      expectError(
        (await issue(t, { categoryId: refs.category.A, source: 'walk_in' }, { token: KIOSK_TOKEN }).expect(403)).body,
        403,
        'SOURCE_NOT_ALLOWED',
      );
      expectError((await issue(t, { categoryId: refs.category.A, source: 'kiosk' }).expect(403)).body, 403, 'SOURCE_NOT_ALLOWED');
      expectError(
        (
          await issue(
            t,
            { categoryId: refs.category.A, source: 'phone', priority: true, priorityReason: '孕妇' },
            { from: '203.0.113.50' },
          ).expect(403)
        ).body,
        403,
        'PRIORITY_NOT_ALLOWED',
      );
      expectError(
        (await issue(t, { categoryId: refs.category.A, source: 'kiosk', priority: true }, { token: KIOSK_TOKEN }).expect(400)).body,
        400,
        'VALIDATION_FAILED',
      );
      expectError((await issue(t, { source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(400)).body, 400, 'VALIDATION_FAILED');
      expect(await countRows(t)).toEqual(before);
    });

    it('429 for a phone flooding the issue route, counted per client address', async () => {
      clock.set(at('11:00'));
      for (let i = 0; i < 5; i++) await issue(t, { categoryId: refs.category.E, source: 'phone' }, { from: '198.51.100.9' }).expect(201);
      const before = await countRows(t);
      const res = await issue(t, { categoryId: refs.category.E, source: 'phone' }, { from: '198.51.100.9' }).expect(429);
      expectError(res.body, 429, 'TOO_MANY_REQUESTS');
      expect(res.body.details.retryAfterSeconds).toBeGreaterThan(0);
      expect(await countRows(t)).toEqual(before);
      await issue(t, { categoryId: refs.category.E, source: 'phone' }, { from: '198.51.100.10' }).expect(201);
      clock.advanceMinutes(1);
      await issue(t, { categoryId: refs.category.E, source: 'phone' }, { from: '198.51.100.9' }).expect(201);
    });
  });

  describe('the local day', () => {
    it("restarts numbers on the hall's local day, not the UTC one", async () => {
      await t.http
        .patch(`/api/categories/${refs.category.Z}`)
        .set(auth(admin))
        .send({ issueFrom: '00:00', issueUntil: '23:59' })
        .expect(200);
      clock.set(at('23:50'));
      const late = (await issue(t, { categoryId: refs.category.Z, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body;
      expect(late).toMatchObject({ number: 'Z001', localDate: '2026-03-02' });
      // 07:00 in Shanghai on 3 March is still 2 March in UTC.
      clock.set(at('07:00', '2026-03-03'));
      const next = (await issue(t, { categoryId: refs.category.Z, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body;
      expect(next).toMatchObject({ number: 'Z001', localDate: '2026-03-03' });
    });
  });
});
