import { io, Socket } from 'socket.io-client';
import { EvaluationService } from '../src/evaluation/evaluation.service';
import { Clock } from '../src/common/time/clock';
import { apply } from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, waitFor, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** Local Asia/Shanghai time, the demo hall's zone. */
const at = (local: string) => `${local}:00+08:00`;
const iso = (local: string) => new Date(at(local)).toISOString();

interface Visit {
  id: string;
  number: string;
  accessCode: string;
}

describe('evaluation (好差评)', () => {
  let t: TestApp;
  let refs: HallRefs;
  let clerk1: string;
  let clerk2: string;
  let manager: string;
  let admin: string;
  let clerkIds: Record<string, string>;
  const clock = new ManualClock(at('2025-09-30T08:50'));
  const RATE_LIMIT = 8;

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      overrides: [{ provide: Clock, useValue: clock }],
      env: { PUBLIC_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) },
    });
    refs = await hallRefs(t);
    [clerk1, clerk2, manager, admin] = await Promise.all([t.login('clerk1'), t.login('clerk2'), t.login('manager'), t.login('admin')]);
    const users: { id: string; username: string }[] = await t.dataSource.query(`select id, username from users`);
    clerkIds = Object.fromEntries(users.map((u) => [u.username, u.id]));
    await t.http.post(`/api/windows/${refs.window[3]}/open`).set(auth(clerk1)).expect(200);
    await t.http.post(`/api/windows/${refs.window[6]}/open`).set(auth(clerk2)).expect(200);
  });
  afterAll(() => t.close());

  let address = 0;
  /** Each call from its own client address, so only the rate-limit test meets the limit. */
  const rate = (code: string, body: object, token?: string) => {
    let req = t.http.post(`/api/tickets/${code}/rating`).set('X-Forwarded-For', `198.51.100.${++address}`);
    if (token) req = req.set(auth(token));
    return req.send(body);
  };

  /** Issues a ticket at the kiosk, and serves it to the end at a window unless told to stop earlier. */
  const visit = async (opts: { window?: 3 | 6; itemName?: string; until?: 'waiting' | 'called' | 'done' } = {}): Promise<Visit> => {
    const window = opts.window ?? 3;
    const token = window === 3 ? clerk1 : clerk2;
    // A ticket left waiting is of category B, which neither open window serves, so it never stands
    // in front of a later visit.
    const categoryId = refs.category[opts.until === 'waiting' ? 'B' : window === 3 ? 'A' : 'C'];
    const body = opts.itemName ? { itemId: refs.item[opts.itemName], source: 'kiosk' } : { categoryId, source: 'kiosk' };
    const issued = (await issue(t, body, { token: KIOSK_TOKEN }).expect(201)).body as Visit;
    if (opts.until === 'waiting') return issued;
    const called = await t.http.post(`/api/windows/${refs.window[window]}/call-next`).set(auth(token)).expect(200);
    expect(called.body.ticket.id).toBe(issued.id);
    if (opts.until === 'called') return issued;
    await windowMove(t, token, refs.window[window], issued.id, 'start').expect(200);
    await windowMove(t, token, refs.window[window], issued.id, 'finish').expect(200);
    return issued;
  };

  const counts = async () => {
    const [row] = await t.dataSource.query(`
      select (select count(*)::int from ratings) as ratings,
             (select count(*)::int from rectification_tasks) as tasks,
             (select count(*)::int from rectification_events) as events`);
    return row as { ratings: number; tasks: number; events: number };
  };

  describe('rating a visit (一次一评)', () => {
    it('stores a 5 with the hall, window, clerk, category, department and item of the visit, and opens no task', async () => {
      clock.set(at('2025-09-30T09:00'));
      const v = await visit({ itemName: '企业变更登记' });
      clock.set(at('2025-09-30T09:20'));
      const res = await rate(v.accessCode, { score: 5, comment: '  很耐心  ' }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        score: 5,
        level: '非常满意',
        comment: '很耐心',
        reasons: [],
        ratedAt: iso('2025-09-30T09:20'),
      });

      const [row] = await t.dataSource.query(`select * from ratings where id = $1`, [res.body.id]);
      const [{ department_id: scjg }] = await t.dataSource.query(`select department_id from service_items where id = $1`, [
        refs.item['企业变更登记'],
      ]);
      expect(row).toMatchObject({
        hall_id: t.hallId,
        ticket_id: v.id,
        reference: v.number,
        window_id: refs.window[3],
        clerk_id: clerkIds.clerk1,
        category_id: refs.category.A,
        item_id: refs.item['企业变更登记'],
        department_id: scjg,
        score: 5,
      });
      expect(await t.dataSource.query(`select 1 from rectification_tasks where rating_id = $1`, [res.body.id])).toEqual([]);

      const page = await t.http.get(`/api/tickets/${v.accessCode}/rating`).expect(200);
      expect(page.body).toEqual({ ticketNumber: v.number, ticketStatus: 'done', ratable: false, rating: res.body });
    });

    it('stores nothing personal: no such column, and phone or ID numbers typed into the comment are masked', async () => {
      const columns: { column_name: string }[] = await t.dataSource.query(
        `select column_name from information_schema.columns where table_name = 'ratings' order by ordinal_position`,
      );
      expect(columns.map((c) => c.column_name)).toEqual([
        'id',
        'hall_id',
        'channel',
        'ticket_id',
        'case_id',
        'reference',
        'window_id',
        'clerk_id',
        'category_id',
        'department_id',
        'item_id',
        'score',
        'comment',
        'reasons',
        'rated_at',
      ]);
      const v = await visit();
      const res = await rate(v.accessCode, { score: 3, comment: '请回电 13812345678，身份证 11010519491231002X' }).expect(201);
      expect(res.body.comment).toBe('请回电 138****5678，身份证 110***********002X');
      const [row] = await t.dataSource.query(`select comment from ratings where id = $1`, [res.body.id]);
      expect(row.comment).toBe(res.body.comment);
    });

    it('a 2 (差评) opens a task in the same transaction: contact by the end of one working day, reply by the end of five, across the National Day holiday', async () => {
      const socket = await managerSocket(manager);
      try {
        clock.set(at('2025-09-30T10:00'));
        const v = await visit();
        clock.set(at('2025-09-30T10:15'));
        const res = await rate(v.accessCode, { score: 2, reasons: ['态度不好', '一次性告知不到位'], comment: '材料要求没一次说清' }).expect(
          201,
        );
        expect(res.body).toMatchObject({ score: 2, level: '不满意', reasons: ['态度不好', '一次性告知不到位'] });

        const [task] = await t.dataSource.query(`select * from rectification_tasks where rating_id = $1`, [res.body.id]);
        // 1–8 Oct are off: day 1 is Thu 9 Oct. Five days: 9, 10, Sat 11 (a make-up working day), 13, 14.
        expect(task).toMatchObject({
          hall_id: t.hallId,
          status: 'open',
          opened_at: new Date(at('2025-09-30T10:15')),
          contact_due_at: new Date(at('2025-10-09T17:30')),
          reply_due_at: new Date(at('2025-10-14T17:30')),
        });
        const pushed = await waitFor(() => socket.received.find((e) => e.taskId === task.id));
        expect(pushed).toEqual({
          taskId: task.id,
          hallId: t.hallId,
          ratingId: res.body.id,
          score: 2,
          reasons: ['态度不好', '一次性告知不到位'],
          comment: '材料要求没一次说清',
          channel: 'visit',
          reference: v.number,
          windowId: refs.window[3],
          clerkId: clerkIds.clerk1,
          openedAt: iso('2025-09-30T10:15'),
          contactDueAt: iso('2025-10-09T17:30'),
          replyDueAt: iso('2025-10-14T17:30'),
        });
        poorTaskId = task.id;
      } finally {
        socket.close();
      }
    });

    it("a clerk cannot follow the managers' room (the clerk may be the one rated)", async () => {
      const socket = io(t.url, { auth: { token: clerk1 }, transports: ['websocket'], forceNew: true });
      try {
        const ack = await socket.timeout(5000).emitWithAck('subscribe', { kind: 'rectifications', hallId: t.hallId });
        expect(ack).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      } finally {
        socket.close();
      }
    });
  });

  let poorTaskId: string;

  describe('working a rectification task', () => {
    const task = (id = poorTaskId) => t.http.get(`/api/rectifications/${id}`).set(auth(manager));
    const step = (move: string, body: object, token = manager, id = poorTaskId) =>
      t.http.post(`/api/rectifications/${id}/${move}`).set(auth(token)).send(body);
    const list = (query: string, token = manager) => t.http.get(`/api/halls/${t.hallId}/rectifications?${query}`).set(auth(token));

    it('is open and not overdue until its contact due time has passed; then the list shows it as overdue', async () => {
      clock.set(at('2025-10-09T17:30'));
      expect((await task().expect(200)).body).toMatchObject({
        status: 'open',
        overdue: false,
        overdueSteps: [],
        allowedMoves: ['contact'],
      });
      expect((await list('overdue=true').expect(200)).body.items.map((x: { id: string }) => x.id)).not.toContain(poorTaskId);

      clock.set(at('2025-10-09T17:31'));
      const overdue = await list('overdue=true').expect(200);
      expect(overdue.body.items.find((x: { id: string }) => x.id === poorTaskId)).toMatchObject({
        overdue: true,
        overdueSteps: ['contact'],
        lateSteps: [],
      });
      expect((await list('overdue=false').expect(200)).body.items.map((x: { id: string }) => x.id)).not.toContain(poorTaskId);
      expect((await list('status=open').expect(200)).body).toMatchObject({
        total: 1,
        items: [{ id: poorTaskId, rating: { score: 2, reference: expect.any(String) } }],
      });
    });

    it('refuses a move out of order with the moves allowed now, and writes nothing', async () => {
      const before = await counts();
      const res = await step('close', {}).expect(409);
      expect(res.body).toMatchObject({
        code: 'ILLEGAL_RECTIFICATION_MOVE',
        message: '整改任务当前状态不允许此操作',
        details: { status: 'open', move: 'close', allowed: ['contact'] },
      });
      await step('reply', { outcome: '已整改', citizenSatisfied: true }).expect(409);
      expect(await counts()).toEqual(before);
    });

    it('refuses a contact time before the 差评 or in the future', async () => {
      for (const contactedAt of ['2025-09-30T10:14+08:00', '2025-10-09T17:32+08:00']) {
        const res = await step('contact', { method: 'phone', contactedAt }).expect(400);
        expect(res.body.code).toBe('RECTIFICATION_TIME_INVALID');
      }
      await step('contact', { method: 'pigeon' }).expect(400);
      await step('contact', { method: 'phone', contactedAt: 'yesterday' }).expect(400);
    });

    it("the manager records the contact (late), the rectification and reply, and closes; every change is an event and reaches the managers' screens", async () => {
      const socket = await managerSocket(manager);
      clock.set(at('2025-10-10T09:00'));
      const contacted = await step('contact', {
        method: 'phone',
        contactedAt: '2025-10-10T08:45+08:00',
        note: '已致电 13912345678 致歉',
      }).expect(200);
      expect(contacted.body).toMatchObject({
        status: 'contacted',
        contactMethod: 'phone',
        contactNote: '已致电 139****5678 致歉',
        contactedAt: iso('2025-10-10T08:45'),
        contactedBy: clerkIds.manager,
        overdue: false,
        overdueSteps: [],
        lateSteps: ['contact'],
        allowedMoves: ['reply'],
      });
      await step('contact', { method: 'phone' }).expect(409);

      clock.set(at('2025-10-14T16:00'));
      const replied = await step('reply', {
        outcome: '已对窗口人员进行一次性告知培训，并向群众说明所需材料',
        citizenSatisfied: true,
      }).expect(200);
      expect(replied.body).toMatchObject({
        status: 'replied',
        citizenSatisfied: true,
        repliedAt: iso('2025-10-14T16:00'),
        lateSteps: ['contact'],
        allowedMoves: ['close'],
      });

      clock.set(at('2025-10-14T16:05'));
      const closed = await step('close', { note: '回访满意' }).expect(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        closedAt: iso('2025-10-14T16:05'),
        closeNote: '回访满意',
        closedBy: clerkIds.manager,
        allowedMoves: [],
      });
      await step('close', {}).expect(409);

      const full = await task().expect(200);
      expect(
        full.body.events.map(
          (e: { move: string; fromStatus: string | null; toStatus: string; actorKind: string; actorId: string | null }) => [
            e.move,
            e.fromStatus,
            e.toStatus,
            e.actorKind,
            e.actorId,
          ],
        ),
      ).toEqual([
        ['open', null, 'open', 'citizen', null],
        ['contact', 'open', 'contacted', 'user', clerkIds.manager],
        ['reply', 'contacted', 'replied', 'user', clerkIds.manager],
        ['close', 'replied', 'closed', 'user', clerkIds.manager],
      ]);
      expect((await list('status=closed').expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([poorTaskId]);

      await waitFor(() => socket.updates.length === 3);
      socket.close();
      expect(socket.updates).toEqual([
        { taskId: poorTaskId, hallId: t.hallId, move: 'contact', status: 'contacted', at: iso('2025-10-10T09:00') },
        { taskId: poorTaskId, hallId: t.hallId, move: 'reply', status: 'replied', at: iso('2025-10-14T16:00') },
        { taskId: poorTaskId, hallId: t.hallId, move: 'close', status: 'closed', at: iso('2025-10-14T16:05') },
      ]);
    });

    it('keeps the history: the events refuse updates and deletes', async () => {
      await expect(t.dataSource.query(`update rectification_events set details = '{}'`)).rejects.toThrow(
        /rectification_events is append-only/,
      );
      await expect(t.dataSource.query(`delete from rectification_events`)).rejects.toThrow(/rectification_events is append-only/);
    });

    it("lets only managers of the hall work tasks: another hall's manager 403, a clerk 403, admin reads but does not act", async () => {
      clock.set(at('2025-10-15T09:00'));
      const v = await visit();
      await rate(v.accessCode, { score: 1 }).expect(201);
      const [{ id }] = await t.dataSource.query(
        `select t.id from rectification_tasks t join ratings r on r.id = t.rating_id where r.ticket_id = $1`,
        [v.id],
      );

      const hall = await t.http.post('/api/halls').set(auth(admin)).send({ code: 'EVAL2', name: '另一个大厅' }).expect(201);
      await t.http
        .post('/api/users')
        .set(auth(await t.login('security')))
        .send({
          username: 'eval-outsider',
          password: 'Outsider-password#1',
          displayName: '外厅主任',
          role: 'manager',
          hallIds: [hall.body.id],
        })
        .expect(201);
      const outsider = await t.login('eval-outsider', 'Outsider-password#1');

      const before = await counts();
      for (const res of [
        await step('contact', { method: 'phone' }, outsider, id),
        await t.http.get(`/api/rectifications/${id}`).set(auth(outsider)),
        await list('', outsider),
        await t.http.get(`/api/halls/${t.hallId}/ratings`).set(auth(outsider)),
      ]) {
        expect([res.status, res.body.code]).toEqual([403, 'HALL_ACCESS_DENIED']);
      }
      expect((await step('contact', { method: 'phone' }, clerk1, id)).status).toBe(403);
      expect((await list('', clerk1)).status).toBe(403);
      expect((await t.http.get(`/api/halls/${t.hallId}/ratings`).set(auth(clerk1))).status).toBe(403);
      expect((await step('contact', { method: 'phone' }, admin, id)).status).toBe(403);
      await list('', admin).expect(200);
      expect(await counts()).toEqual(before);

      await step('contact', { method: 'on_site' }, manager, id).expect(200);
      await t.http
        .post(`/api/rectifications/00000000-0000-4000-8000-000000000000/contact`)
        .set(auth(manager))
        .send({ method: 'phone' })
        .expect(404);
      await t.http.post(`/api/rectifications/not-a-uuid/contact`).set(auth(manager)).send({ method: 'phone' }).expect(400);
    });
  });

  describe('bad input', () => {
    it('refuses twice the same visit with 409 ALREADY_RATED, also when both arrive at once', async () => {
      clock.set(at('2025-10-16T09:00'));
      const v = await visit();
      await rate(v.accessCode, { score: 4 }).expect(201);
      const again = await rate(v.accessCode, { score: 1 }).expect(409);
      expect(again.body).toMatchObject({ code: 'ALREADY_RATED', message: '已经评价过，不能重复评价' });

      const w = await visit();
      const before = await counts();
      const results = await Promise.all([
        rate(w.accessCode, { score: 1 }),
        rate(w.accessCode, { score: 2 }),
        rate(w.accessCode, { score: 1 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('ALREADY_RATED');
      // One rating, one task, one event: the losers wrote nothing.
      expect(await counts()).toEqual({ ratings: before.ratings + 1, tasks: before.tasks + 1, events: before.events + 1 });
    });

    it('refuses a visit that is not finished (409) and an unknown access code (404)', async () => {
      const waiting = await visit({ until: 'waiting' });
      const res = await rate(waiting.accessCode, { score: 5 }).expect(409);
      expect(res.body).toMatchObject({ code: 'VISIT_NOT_FINISHED', message: '业务办理完成后才能评价', details: { status: 'waiting' } });
      const page = await t.http.get(`/api/tickets/${waiting.accessCode}/rating`).expect(200);
      expect(page.body).toEqual({ ticketNumber: waiting.number, ticketStatus: 'waiting', ratable: false, rating: null });

      const called = await visit({ until: 'called' });
      expect((await rate(called.accessCode, { score: 5 }).expect(409)).body.details).toMatchObject({ status: 'called' });
      await windowMove(t, clerk1, refs.window[3], called.id, 'start').expect(200);
      await windowMove(t, clerk1, refs.window[3], called.id, 'finish').expect(200);
      expect((await t.http.get(`/api/tickets/${called.accessCode}/rating`).expect(200)).body.ratable).toBe(true);

      expect((await rate('ZZZZZZZZZZ', { score: 5 }).expect(404)).body.code).toBe('TICKET_NOT_FOUND');
      expect((await rate('bad', { score: 5 }).expect(404)).body.code).toBe('TICKET_NOT_FOUND');
      await t.http.get('/api/tickets/ZZZZZZZZZZ/rating').expect(404);
    });

    it('refuses a score outside 1–5, reasons with a good score, unknown reasons and a long comment, with Chinese messages and nothing written', async () => {
      const v = await visit();
      const before = await counts();
      for (const body of [
        {},
        { score: 0 },
        { score: 6 },
        { score: 2.5 },
        { score: '5' },
        { score: null },
        { score: 1, reasons: ['不知道'] },
        { score: 1, reasons: ['其他', '其他'] },
        { score: 1, reasons: '其他' },
        { score: 5, comment: 'x'.repeat(501) },
        { score: 5, comment: 5 },
        { score: 5, extra: true },
      ]) {
        const res = await rate(v.accessCode, body);
        expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), 400, 'VALIDATION_FAILED']);
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      }
      const reasons = await rate(v.accessCode, { score: 4, reasons: ['其他'] }).expect(400);
      expect(reasons.body).toMatchObject({ code: 'RATING_REASONS_ONLY_FOR_POOR', message: '只有“不满意”和“非常不满意”可以选择原因' });
      expect(await counts()).toEqual(before);
      await rate(v.accessCode, { score: 3, comment: 'x'.repeat(500) }).expect(201);
    });

    it("refuses a rating sent with a staff token: nobody rates on the citizen's behalf", async () => {
      const v = await visit();
      const before = await counts();
      for (const token of [clerk1, manager, admin]) {
        const res = await rate(v.accessCode, { score: 5 }, token).expect(403);
        expect(res.body.code).toBe('RATING_BY_STAFF_FORBIDDEN');
      }
      expect(await counts()).toEqual(before);
      // The window's rating pad may run on a hall device.
      await rate(v.accessCode, { score: 5 }, KIOSK_TOKEN).expect(201);
    });

    it('stores a 差评 and its task together or not at all', async () => {
      const v = await visit();
      const before = await counts();
      // Stands in for any failure of the task's insert (a lost connection, a bug).
      await t.dataSource.query(`alter table rectification_tasks add constraint ck_test_refuse check (false) not valid`);
      try {
        expect((await rate(v.accessCode, { score: 1 })).status).toBe(400);
      } finally {
        await t.dataSource.query(`alter table rectification_tasks drop constraint ck_test_refuse`);
      }
      expect(await counts()).toEqual(before);
      await rate(v.accessCode, { score: 1 }).expect(201);
      expect(await counts()).toEqual({ ratings: before.ratings + 1, tasks: before.tasks + 1, events: before.events + 1 });
    });

    it('rate-limits the public route per client address (429), whatever the answer', async () => {
      const from = (ip: string, code: string) => t.http.post(`/api/tickets/${code}/rating`).set('X-Forwarded-For', ip).send({ score: 5 });
      clock.set(at('2025-10-16T10:00'));
      for (let i = 0; i < RATE_LIMIT; i++) await from('203.0.113.99', 'ZZZZZZZZZZ').expect(404);
      const v = await visit();
      const limited = await from('203.0.113.99', v.accessCode).expect(429);
      expect(limited.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: expect.any(Number) } });
      await from('203.0.113.100', v.accessCode).expect(201);
      clock.advanceMinutes(1);
      await from('203.0.113.99', 'ZZZZZZZZZZ').expect(404);
    });
  });

  describe('rating a case online (一事一评)', () => {
    const APPLICANT = { kind: 'person', name: '张三', idNumber: '11010519491231002X', contactPhone: '13812345678' };
    let instantCase: { caseNumber: string; queryCode: string; id: string };
    let items: Record<string, { id: string; departmentId: string; categoryId: string; materials: { name: string }[] }>;

    /** A case accepted at window 3 for the visit being served there; an instant item concludes on the spot. */
    const accept = async (itemName: string) => {
      const v = await visit({ until: 'called' });
      await windowMove(t, clerk1, refs.window[3], v.id, 'start').expect(200);
      const item = items[itemName];
      const res = await apply(t, clerk1, {
        ticketId: v.id,
        applicant: APPLICANT,
        items: [{ itemId: item.id, materials: item.materials.map((m) => ({ name: m.name, provided: true })), decision: 'accept' }],
      });
      if (res.status !== 201) throw new Error(`application: ${res.status} ${JSON.stringify(res.body)}`);
      await windowMove(t, clerk1, refs.window[3], v.id, 'finish').expect(200);
      return res.body.cases[0] as { caseNumber: string; queryCode: string; id: string; status: string };
    };
    const rateCase = (body: object, token?: string) => {
      let req = t.http.post('/api/cases/rating').set('X-Forwarded-For', `198.51.100.${++address}`);
      if (token) req = req.set(auth(token));
      return req.send(body);
    };

    beforeAll(async () => {
      clock.set(at('2025-10-17T09:00'));
      const res = await t.http.get(`/api/halls/${t.hallId}/items`).set(auth(admin)).expect(200);
      items = Object.fromEntries(res.body.map((i: { name: string }) => [i.name, i]));
      instantCase = await accept('企业设立登记');
    });

    it('stores a rating of a concluded case with its department, item and category, and no window or clerk', async () => {
      const res = await rateCase({
        caseNumber: instantCase.caseNumber.toLowerCase(),
        queryCode: instantCase.queryCode,
        score: 4,
        comment: '网上就能评',
      }).expect(201);
      expect(res.body).toMatchObject({ score: 4, level: '满意', comment: '网上就能评' });
      const item = items['企业设立登记'];
      const [row] = await t.dataSource.query(`select * from ratings where id = $1`, [res.body.id]);
      expect(row).toMatchObject({
        hall_id: t.hallId,
        channel: 'case',
        ticket_id: null,
        case_id: instantCase.id,
        reference: instantCase.caseNumber,
        window_id: null,
        clerk_id: null,
        category_id: item.categoryId,
        department_id: item.departmentId,
        item_id: item.id,
        score: 4,
      });
      const page = await t.http
        .get('/api/case-rating')
        .query({ caseNumber: instantCase.caseNumber, queryCode: instantCase.queryCode })
        .expect(200);
      expect(page.body).toEqual({ caseNumber: instantCase.caseNumber, caseStatus: 'picked_up', ratable: false, rating: res.body });
    });

    it('refuses a second rating, a wrong number or code (the same 404), a case not concluded, and a staff token; nothing written', async () => {
      const open = await accept('食品经营许可');
      expect(open.status).toBe('accepted');
      const before = await counts();
      const twice = await rateCase({ caseNumber: instantCase.caseNumber, queryCode: instantCase.queryCode, score: 1 }).expect(409);
      expect(twice.body.code).toBe('ALREADY_RATED');
      const wrongCode = await rateCase({ caseNumber: instantCase.caseNumber, queryCode: 'AAAAAAAA', score: 5 }).expect(404);
      const wrongNumber = await rateCase({ caseNumber: 'DEMO-20251017-0999', queryCode: instantCase.queryCode, score: 5 }).expect(404);
      expect([wrongCode.body.code, wrongNumber.body.message]).toEqual(['CASE_NOT_FOUND', wrongCode.body.message]);
      const unfinished = await rateCase({ caseNumber: open.caseNumber, queryCode: open.queryCode, score: 5 }).expect(409);
      expect(unfinished.body).toMatchObject({ code: 'CASE_NOT_FINISHED', message: '办件办结后才能评价', details: { status: 'accepted' } });
      expect((await rateCase({ caseNumber: open.caseNumber, queryCode: open.queryCode, score: 5 }, manager).expect(403)).body.code).toBe(
        'RATING_BY_STAFF_FORBIDDEN',
      );
      for (const body of [
        { caseNumber: open.caseNumber, score: 5 },
        { queryCode: open.queryCode, score: 5 },
        { caseNumber: '', queryCode: open.queryCode, score: 5 },
      ]) {
        expect((await rateCase(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
      }
      const page = await t.http.get('/api/case-rating').query({ caseNumber: open.caseNumber, queryCode: open.queryCode }).expect(200);
      expect(page.body).toMatchObject({ caseStatus: 'accepted', ratable: false, rating: null });
      await t.http.get('/api/case-rating').query({ caseNumber: open.caseNumber, queryCode: 'AAAAAAAA' }).expect(404);
      expect(await counts()).toEqual(before);
    });

    it("a 差评 of a case opens a task like a visit's, on the hall's working days", async () => {
      clock.set(at('2025-10-17T16:00'));
      const c = await accept('企业设立登记');
      const socket = await managerSocket(manager);
      try {
        const res = await rateCase({ caseNumber: c.caseNumber, queryCode: c.queryCode, score: 1, reasons: ['办理时间长'] }).expect(201);
        const pushed = await waitFor(() => socket.received.find((e) => (e as { ratingId?: string }).ratingId === res.body.id));
        // Fri 17 Oct: day 1 is Mon 20 Oct; five working days end on Fri 24 Oct.
        expect(pushed).toMatchObject({
          channel: 'case',
          reference: c.caseNumber,
          windowId: null,
          clerkId: null,
          contactDueAt: iso('2025-10-20T17:30'),
          replyDueAt: iso('2025-10-24T17:30'),
        });
        const task = await t.http.get(`/api/rectifications/${pushed.taskId}`).set(auth(manager)).expect(200);
        expect(task.body.rating).toMatchObject({
          channel: 'case',
          caseId: c.id,
          ticketId: null,
          reference: c.caseNumber,
          score: 1,
          reasons: ['办理时间长'],
        });
      } finally {
        socket.close();
      }
    });
  });

  describe('the measures: counts per level, 好评率, 差评率, rectification rate', () => {
    // Monday 2 March 2026, a day of its own: W3 (clerk1) gets 5, 5, 4, 2 and W6 (clerk2) gets 3, 1.
    const FROM = '2026-03-02T00:00+08:00';
    const TO = '2026-03-03T00:00+08:00';
    let w3PoorTask: string;

    beforeAll(async () => {
      clock.set(at('2026-03-02T09:00'));
      for (const [window, score] of [
        [3, 5],
        [3, 5],
        [3, 4],
        [3, 2],
        [6, 3],
        [6, 1],
      ] as const) {
        const v = await visit({ window });
        clock.advanceMinutes(5);
        await rate(v.accessCode, { score }).expect(201);
      }
      const [row] = await t.dataSource.query(
        `select t.id from rectification_tasks t join ratings r on r.id = t.rating_id where r.score = 2 and r.rated_at >= $1`,
        [new Date(FROM)],
      );
      w3PoorTask = row.id;
      const step = (move: string, body: object) =>
        t.http.post(`/api/rectifications/${w3PoorTask}/${move}`).set(auth(manager)).send(body).expect(200);
      await step('contact', { method: 'phone' });
      await step('reply', { outcome: '已整改', citizenSatisfied: false });
      await step('close', {});
    });

    const levels = (five: number, four: number, three: number, two: number, one: number) => [
      { score: 5, level: '非常满意', count: five },
      { score: 4, level: '满意', count: four },
      { score: 3, level: '基本满意', count: three },
      { score: 2, level: '不满意', count: two },
      { score: 1, level: '非常不满意', count: one },
    ];

    it("GET /api/halls/{hallId}/ratings: the period's ratings and measures worked out by hand", async () => {
      const res = await t.http.get(`/api/halls/${t.hallId}/ratings`).query({ from: FROM, to: TO }).set(auth(manager)).expect(200);
      expect(res.body.total).toBe(6);
      expect(res.body.items.map((r: { score: number }) => r.score)).toEqual([1, 3, 2, 4, 5, 5]);
      expect(res.body.measures).toEqual({
        key: null,
        levels: levels(2, 1, 1, 1, 1),
        total: 6,
        good: 3,
        poor: 2,
        goodRate: 0.5,
        poorRate: 1 / 3,
        tasks: 2,
        closedTasks: 1,
        rectificationRate: 0.5,
      });
      expect(res.body.items[2]).toMatchObject({ score: 2, rectificationId: w3PoorTask, rectificationStatus: 'closed' });
      expect(res.body.items[3]).toMatchObject({ score: 4, rectificationId: null, rectificationStatus: null });
    });

    it('filters the list by level while the counts keep every level; by window and clerk both narrow', async () => {
      const poor = await t.http.get(`/api/halls/${t.hallId}/ratings`).query({ from: FROM, to: TO, score: 2 }).set(auth(admin)).expect(200);
      expect(poor.body).toMatchObject({ total: 1, items: [{ score: 2 }], measures: { total: 6 } });
      const w6 = await t.http
        .get(`/api/halls/${t.hallId}/ratings`)
        .query({ from: FROM, to: TO, windowId: refs.window[6] })
        .set(auth(manager))
        .expect(200);
      expect(w6.body.measures).toEqual({
        key: null,
        levels: levels(0, 0, 1, 0, 1),
        total: 2,
        good: 0,
        poor: 1,
        goodRate: 0,
        poorRate: 0.5,
        tasks: 1,
        closedTasks: 0,
        rectificationRate: 0,
      });
      const clerk1Only = await t.http
        .get(`/api/halls/${t.hallId}/ratings`)
        .query({ from: FROM, to: TO, clerkId: clerkIds.clerk1 })
        .set(auth(manager))
        .expect(200);
      expect(clerk1Only.body.measures).toMatchObject({
        total: 4,
        good: 3,
        poor: 1,
        goodRate: 0.75,
        poorRate: 0.25,
        tasks: 1,
        closedTasks: 1,
        rectificationRate: 1,
      });
      const paged = await t.http
        .get(`/api/halls/${t.hallId}/ratings`)
        .query({ from: FROM, to: TO, limit: 2, offset: 4 })
        .set(auth(manager))
        .expect(200);
      expect(paged.body.items.map((r: { score: number }) => r.score)).toEqual([5, 5]);
      for (const query of [{ from: 'monday' }, { score: 6 }, { windowId: 'w3' }, { limit: 0 }, { limit: 201 }, { offset: -1 }]) {
        await t.http.get(`/api/halls/${t.hallId}/ratings`).query(query).set(auth(manager)).expect(400);
      }
    });

    it('EvaluationService.ratingMeasures groups by window and clerk for the statistics module', async () => {
      const evaluation = t.app.get(EvaluationService);
      const period = { hallId: t.hallId, from: new Date(FROM), to: new Date(TO) };
      expect(await evaluation.ratingMeasures({ ...period, groupBy: 'window' })).toEqual([
        {
          key: refs.window[3],
          levels: levels(2, 1, 0, 1, 0),
          total: 4,
          good: 3,
          poor: 1,
          goodRate: 0.75,
          poorRate: 0.25,
          tasks: 1,
          closedTasks: 1,
          rectificationRate: 1,
        },
        {
          key: refs.window[6],
          levels: levels(0, 0, 1, 0, 1),
          total: 2,
          good: 0,
          poor: 1,
          goodRate: 0,
          poorRate: 0.5,
          tasks: 1,
          closedTasks: 0,
          rectificationRate: 0,
        },
      ]);
      const byClerk = await evaluation.ratingMeasures({ ...period, groupBy: 'clerk' });
      expect(byClerk.map((m) => [m.key, m.total, m.goodRate])).toEqual([
        [clerkIds.clerk1, 4, 0.75],
        [clerkIds.clerk2, 2, 0],
      ]);
      const byChannel = await evaluation.ratingMeasures({ hallId: t.hallId, groupBy: 'channel' });
      expect(byChannel.find((m) => m.key === 'case')).toMatchObject({
        total: 2,
        good: 1,
        poor: 1,
        goodRate: 0.5,
        tasks: 1,
        closedTasks: 0,
      });
      // These visits were for a category, not an item: one group without item or department.
      expect((await evaluation.ratingMeasures({ ...period, groupBy: 'item' })).map((m) => [m.key, m.total])).toEqual([[null, 6]]);
      expect(await evaluation.ratingMeasures({ hallId: t.hallId, from: new Date('2030-01-01'), to: new Date('2030-02-01') })).toEqual([
        {
          key: null,
          levels: levels(0, 0, 0, 0, 0),
          total: 0,
          good: 0,
          poor: 0,
          goodRate: null,
          poorRate: null,
          tasks: 0,
          closedTasks: 0,
          rectificationRate: null,
        },
      ]);
    });

    it('the overdue filter and the task list agree with the rule on every task', async () => {
      clock.set(at('2026-03-20T09:00'));
      const all = (await t.http.get(`/api/halls/${t.hallId}/rectifications?limit=200`).set(auth(manager)).expect(200)).body;
      const overdue = (await t.http.get(`/api/halls/${t.hallId}/rectifications?overdue=true&limit=200`).set(auth(manager)).expect(200))
        .body;
      const onTime = (await t.http.get(`/api/halls/${t.hallId}/rectifications?overdue=false&limit=200`).set(auth(manager)).expect(200))
        .body;
      const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
      expect(ids(overdue.items)).toEqual(ids(all.items.filter((x: { overdue: boolean }) => x.overdue)));
      expect(ids(onTime.items)).toEqual(ids(all.items.filter((x: { overdue: boolean }) => !x.overdue)));
      expect(overdue.total + onTime.total).toBe(all.total);
      expect(overdue.total).toBeGreaterThan(0);
      await t.http.get(`/api/halls/${t.hallId}/rectifications?overdue=yes`).set(auth(manager)).expect(400);
      await t.http.get(`/api/halls/${t.hallId}/rectifications?status=pending`).set(auth(manager)).expect(400);
    });
  });

  interface ManagerSocket {
    received: { taskId: string }[];
    updates: { taskId: string; move: string; status: string }[];
    close(): void;
  }

  async function managerSocket(token: string): Promise<ManagerSocket> {
    const socket: Socket = io(t.url, { auth: { token }, transports: ['websocket'], forceNew: true });
    const received: ManagerSocket['received'] = [];
    const updates: ManagerSocket['updates'] = [];
    socket.on('rectification.opened', (payload: { taskId: string }) => received.push(payload));
    socket.on('rectification.updated', (payload: ManagerSocket['updates'][number]) => updates.push(payload));
    const ack = await socket.timeout(5000).emitWithAck('subscribe', { kind: 'rectifications', hallId: t.hallId });
    expect(ack).toEqual({ ok: true, room: `hall:${t.hallId}:managers` });
    return { received, updates, close: () => socket.close() };
  }
});
