import { io, Socket } from 'socket.io-client';
import { Clock } from '../src/common/time/clock';
import type { CaseLiveView, WorklistChanged } from '../src/realtime/realtime-events';
import { apply, caseMove, checklist, instant, ItemShape, itemsByName, local, ok, resubmit, ZHANG_SAN } from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, waitFor, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** Monday 2 March 2026 in the demo hall (Asia/Shanghai); March 2026 has no public holiday. */
const at = (time: string, date = '2026-03-02') => local(`${date}T${time}:00`);

interface CaseBody {
  id: string;
  caseNumber: string;
  status: string;
  version: number;
  queryCode?: string;
  pickupCode: string | null;
  applicant: { idNumber: string; name: string };
  steps: { name: string; dueAt: string | null }[];
  [key: string]: unknown;
}

describe('cases: a whole visit, from the ticket to the pickup window', () => {
  let t: TestApp;
  let refs: HallRefs;
  let items: Record<string, ItemShape>;
  let clerk1: string;
  let clerk2: string;
  let approver: string;
  let manager: string;
  const clock = new ManualClock(at('08:45'));
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '5', PUBLIC_BASE_URL: 'https://hall.example.gov.cn' },
    });
    refs = await hallRefs(t);
    items = await itemsByName(t);
    [clerk1, clerk2, approver, manager] = await Promise.all([
      t.login('clerk1'),
      t.login('clerk2'),
      t.login('approver-scjg'),
      t.login('manager'),
    ]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  function connect(authData: Record<string, string>): Socket {
    const socket = io(t.url, { auth: authData, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    return socket;
  }

  let serving: string | null = null;

  /** A ticket of category A issued, called and started at window 1 by clerk1, after finishing the one before. */
  async function servedTicket(): Promise<string> {
    if (serving) await ok(windowMove(t, clerk1, refs.window[1], serving, 'finish'));
    const ticket = await ok<{ id: string }>(issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }), 201);
    await ok(windowMove(t, clerk1, refs.window[1], ticket.id, 'call'));
    await ok(windowMove(t, clerk1, refs.window[1], ticket.id, 'start'));
    serving = ticket.id;
    return ticket.id;
  }

  let food: CaseBody;
  let queryCode: string;
  let ticketId: string;

  it('accepts a 食品经营许可 from the ticket being served: case number, query code, dues from the calendar', async () => {
    await ok(t.http.post(`/api/windows/${refs.window[1]}/open`).set(auth(clerk1)));
    clock.set(at('09:00'));
    ticketId = await servedTicket();
    const item = items['食品经营许可'];
    const result = await ok<{ bundle: null; cases: CaseBody[] }>(
      apply(t, clerk1, {
        ticketId,
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
      }),
      201,
    );
    expect(result.bundle).toBeNull();
    [food] = result.cases;
    expect(food).toMatchObject({
      caseNumber: 'DEMO-20260302-0001',
      status: 'accepted',
      ticketId,
      windowId: refs.window[1],
      acceptedAt: instant('2026-03-02T09:00:00'),
      // Day 1 is Tuesday 3 March; 10 working days end on Monday 16 March, 20 on Monday 30 March.
      clockStartAt: instant('2026-03-03T09:00:00'),
      promisedDueAt: instant('2026-03-16T17:30:00'),
      legalDueAt: instant('2026-03-30T17:30:00'),
      warningLevel: 'green',
      visits: 1,
      applicant: { kind: 'person', name: '张三', idNumber: ZHANG_SAN.idNumber },
    });
    expect(food.queryCode).toMatch(/^[0-9A-Z]{8}$/);
    queryCode = food.queryCode!;
    // 40/30/30 of ten working days: 4, 7 and 10 days.
    expect(food.steps.map((s) => [s.name, s.dueAt])).toEqual([
      ['承办', instant('2026-03-06T17:30:00')],
      ['审核', instant('2026-03-11T17:30:00')],
      ['批准', instant('2026-03-16T17:30:00')],
    ]);
  });

  it('shows the ID number in full only to the accepting clerk', async () => {
    const own = await ok<CaseBody>(t.http.get(`/api/cases/${food.id}`).set(auth(clerk1)));
    expect(own.applicant.idNumber).toBe(ZHANG_SAN.idNumber);
    expect(own.queryCode).toBe(food.queryCode);
    for (const token of [clerk2, approver, manager]) {
      const other = await ok<CaseBody>(t.http.get(`/api/cases/${food.id}`).set(auth(token)));
      expect(other.applicant.idNumber).toBe('110***********002X');
      expect(other.queryCode).toBeUndefined();
    }
  });

  it('shows the citizen their case by number and query code, masked, and the same 404 for a wrong number or code', async () => {
    const page = await ok(t.http.get(`/api/case-live?no=${food.caseNumber}&code=${food.queryCode}`));
    expect(page).toMatchObject({
      caseNumber: food.caseNumber,
      status: 'accepted',
      statusLabel: '已受理',
      hallName: '示范区政务服务中心',
      itemName: '食品经营许可',
      applicant: { name: '张*', idNumber: '110***********002X' },
      promisedDueAt: '2026-03-16T17:30:00+08:00',
      steps: [
        { name: '承办', state: 'current' },
        { name: '审核', state: 'pending' },
        { name: '批准', state: 'pending' },
      ],
    });
    const wrongCode = await t.http.get(`/api/case-live?no=${food.caseNumber}&code=AAAAAAAA`).expect(404);
    const wrongNumber = await t.http.get(`/api/case-live?no=DEMO-20260302-0999&code=${food.queryCode}`).expect(404);
    expect(wrongCode.body).toMatchObject({ code: 'CASE_NOT_FOUND' });
    expect(wrongNumber.body.message).toBe(wrongCode.body.message);
  });

  it('prints the 受理通知书 with the hall, the case number, the due date and a QR code to the case page', async () => {
    const res = await t.http.get(`/api/cases/${food.id}/documents/acceptance-notice`).set(auth(clerk1)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h1>受理通知书</h1>');
    expect(res.text).toContain('示范区政务服务中心');
    expect(res.text).toContain(food.caseNumber);
    expect(res.text).toContain('2026年3月16日 17:30');
    expect(res.text).toContain('110***********002X');
    expect(res.text).not.toContain(ZHANG_SAN.idNumber);
    expect(res.text).toMatch(/<svg[^>]*>/);
    expect(res.text).toContain('@page { size: A4');
    // Nothing to refuse or correct: those notices do not apply.
    const refusal = await t.http.get(`/api/cases/${food.id}/documents/refusal-notice`).set(auth(clerk1)).expect(409);
    expect(refusal.body.code).toBe('DOCUMENT_NOT_APPLICABLE');
  });

  it("puts the case on the SCJG work list; the approver claims it and passes it through two steps, live on the citizen's page", async () => {
    const citizen = connect({});
    const views: CaseLiveView[] = [];
    citizen.on('case.updated', (v: CaseLiveView) => views.push(v));
    expect(
      await citizen.timeout(5000).emitWithAck('subscribe', { kind: 'case', caseNumber: food.caseNumber, queryCode: 'WRONG000' }),
    ).toMatchObject({ ok: false, code: 'CASE_NOT_FOUND' });
    expect(await citizen.timeout(5000).emitWithAck('subscribe', { kind: 'case', caseNumber: food.caseNumber, queryCode })).toEqual({
      ok: true,
      room: `case:${food.id}`,
    });
    const initial = await waitFor(() => views[0]);
    expect(initial).toMatchObject({ status: 'accepted', version: food.version, applicant: { name: '张*' } });
    const screen = connect({ token: approver });
    const listChanges: WorklistChanged[] = [];
    screen.on('worklist.changed', (w: WorklistChanged) => listChanges.push(w));
    expect(await screen.timeout(5000).emitWithAck('subscribe', { kind: 'case-worklist', hallId: t.hallId })).toMatchObject({ ok: true });

    const list = await ok<{ id: string; status: string }[]>(t.http.get(`/api/halls/${t.hallId}/work-list`).set(auth(approver)));
    expect(list.map((c) => c.id)).toContain(food.id);
    clock.set(at('10:00', '2026-03-03'));
    expect(await ok(caseMove(t, approver, food.id, 'claim'))).toMatchObject({ status: 'in_review', currentStep: 0 });
    const live = await waitFor(() => views.find((v) => v.status === 'in_review'));
    expect(live).toMatchObject({ statusLabel: '审查中', version: food.version + 1 });
    expect(await waitFor(() => listChanges.find((w) => w.caseId === food.id))).toMatchObject({ status: 'in_review', listed: true });
    clock.set(at('11:00', '2026-03-04'));
    expect(await ok(caseMove(t, approver, food.id, 'advance'))).toMatchObject({ status: 'in_review', currentStep: 1 });
    clock.set(at('11:00', '2026-03-05'));
    expect(await ok(caseMove(t, approver, food.id, 'advance'))).toMatchObject({ currentStep: 2 });
    const early = await caseMove(t, approver, food.id, 'advance').expect(409);
    expect(early.body.code).toBe('AT_FINAL_STEP');
  });

  it('approves at the final step (idempotently): concluded, ready at the pickup windows with a pickup code', async () => {
    clock.set(at('15:00', '2026-03-05'));
    const first = await ok<CaseBody>(
      caseMove(t, approver, food.id, 'decision', { decision: 'approve' }).set('Idempotency-Key', 'decide-food-0001'),
    );
    expect(first).toMatchObject({ status: 'ready_for_pickup', decision: 'approved', concludedAt: instant('2026-03-05T15:00:00') });
    expect(first.pickupCode).toMatch(/^[0-9A-Z]{8}$/);
    clock.set(at('15:05', '2026-03-05'));
    const replay = await caseMove(t, approver, food.id, 'decision', { decision: 'approve' })
      .set('Idempotency-Key', 'decide-food-0001')
      .expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first);
    const events = await ok<{ move: string }[]>(t.http.get(`/api/cases/${food.id}/events`).set(auth(manager)));
    expect(events.filter((e) => e.move === 'approve')).toHaveLength(1);
    food = first;
  });

  it('finds the result at the pickup window by code and by ID number', async () => {
    await ok(t.http.post(`/api/windows/${refs.window[11]}/open`).set(auth(clerk2)));
    const byCode = await ok<{ caseId: string }[]>(t.http.get(`/api/halls/${t.hallId}/pickups?code=${food.pickupCode}`).set(auth(clerk2)));
    expect(byCode).toEqual([expect.objectContaining({ caseId: food.id, applicantIdNumber: '110***********002X' })]);
    const byId = await ok<{ caseId: string }[]>(
      t.http.get(`/api/halls/${t.hallId}/pickups?idNumber=${ZHANG_SAN.idNumber.toLowerCase()}`).set(auth(clerk2)),
    );
    expect(byId.map((e) => e.caseId)).toEqual([food.id]);
  });

  it('refuses a hand-over to the wrong identity (403, recorded) and hands over to the applicant', async () => {
    clock.set(at('09:30', '2026-03-06'));
    const wrong = await caseMove(t, clerk2, food.id, 'hand-over', { idNumber: '11010519491231003X' }).expect(403);
    expect(wrong.body.code).toBe('IDENTITY_MISMATCH');
    // Not at a pickup window: clerk1 staffs a comprehensive window.
    const notThere = await caseMove(t, clerk1, food.id, 'hand-over', { idNumber: ZHANG_SAN.idNumber }).expect(409);
    expect(notThere.body.code).toBe('NOT_AT_PICKUP_WINDOW');
    const handed = await ok<CaseBody>(
      caseMove(t, clerk2, food.id, 'hand-over', { idNumber: ZHANG_SAN.idNumber }).set('Idempotency-Key', 'handover-food-1'),
    );
    expect(handed).toMatchObject({ status: 'picked_up', pickedUpAt: instant('2026-03-06T09:30:00') });
    const replay = await caseMove(t, clerk2, food.id, 'hand-over', { idNumber: ZHANG_SAN.idNumber })
      .set('Idempotency-Key', 'handover-food-1')
      .expect(200);
    expect(replay.body.status).toBe('picked_up');

    const events = await ok<{ move: string; fromStatus: string | null; toStatus: string; actorRole: string }[]>(
      t.http.get(`/api/cases/${food.id}/events`).set(auth(manager)),
    );
    expect(events.map((e) => e.move)).toEqual([
      'receive',
      // A page of each material, scanned at the window.
      ...items['食品经营许可'].materials.map(() => 'add_file'),
      'accept',
      'start_review',
      'advance_step',
      'advance_step',
      'approve',
      'conclude',
      'prepare_result',
      'identity_check_failed',
      'hand_over',
    ]);
    expect(events[0]).toMatchObject({ fromStatus: null, toStatus: 'received', actorRole: 'clerk' });
    expect(events.at(-1)).toMatchObject({ fromStatus: 'ready_for_pickup', toStatus: 'picked_up', actorRole: 'clerk' });
  });

  it('concludes an instant case (企业设立登记) and hands it over in the same visit', async () => {
    clock.set(at('10:00', '2026-03-06'));
    const ticket = await servedTicket();
    const item = items['企业设立登记'];
    const {
      cases: [c],
    } = await ok<{ cases: CaseBody[] }>(
      apply(t, clerk1, {
        ticketId: ticket,
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
      }),
      201,
    );
    expect(c).toMatchObject({
      caseNumber: 'DEMO-20260306-0001',
      status: 'picked_up',
      decision: 'approved',
      visits: 1,
      acceptedAt: instant('2026-03-06T10:00:00'),
      concludedAt: instant('2026-03-06T10:00:00'),
      pickedUpAt: instant('2026-03-06T10:00:00'),
      promisedDueAt: instant('2026-03-06T10:00:00'),
      warningLevel: null,
    });
    const events = await ok<{ move: string }[]>(t.http.get(`/api/cases/${c.id}/events`).set(auth(manager)));
    expect(events.map((e) => e.move)).toEqual([
      'receive',
      ...item.materials.map(() => 'add_file'),
      'accept',
      'conclude_instant',
      'prepare_result',
      'hand_over',
    ]);
    // 容缺 makes no sense for a case concluded on the spot.
    const deferred = await apply(t, clerk1, {
      ticketId: ticket,
      applicant: ZHANG_SAN,
      items: [{ itemId: item.id, materials: checklist(item, ['住所使用证明']), decision: 'accept' }],
    }).expect(409);
    expect(deferred.body.code).toBe('DEFERRAL_NOT_POSSIBLE');
  });

  describe('bad input at the window: nothing written', () => {
    let before: number;
    beforeAll(async () => {
      [{ n: before }] = await t.dataSource.query(`select count(*)::int as n from cases`);
    });
    afterAll(async () => {
      const [{ n }] = await t.dataSource.query(`select count(*)::int as n from cases`);
      expect(n).toBe(before);
    });
    const food = () => items['食品经营许可'];

    it.each([
      ['a wrong check digit', '110105194912310021', '居民身份证号码无效：校验码不正确'],
      ['a wrong length', '1101051949123100', '居民身份证号码无效：应为 18 位'],
      ['an impossible birth date', '110105194913310028', '居民身份证号码无效：出生日期无效'],
    ])('400 for an ID number with %s', async (_what, idNumber, message) => {
      const res = await apply(t, clerk1, {
        applicant: { ...ZHANG_SAN, idNumber },
        items: [{ itemId: food().id, materials: checklist(food()), decision: 'accept' }],
      }).expect(400);
      expect(res.body).toMatchObject({ code: 'APPLICANT_ID_INVALID', message });
    });

    it('400 for a credit code with a wrong check character', async () => {
      const res = await apply(t, clerk1, {
        applicant: { kind: 'organisation', name: '某公司', idNumber: '91350100M000100Y44', contactPhone: '13800000000' },
        items: [{ itemId: food().id, materials: checklist(food()), decision: 'accept' }],
      }).expect(400);
      expect(res.body).toMatchObject({ code: 'APPLICANT_ID_INVALID', message: '统一社会信用代码无效：校验码不正确' });
    });

    it('400 listing every missing required material when accepting without a correction request', async () => {
      const res = await apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [{ itemId: food().id, materials: checklist(food(), ['营业执照复印件', '经营场所平面布局图']), decision: 'accept' }],
      }).expect(400);
      expect(res.body).toMatchObject({
        code: 'REQUIRED_MATERIAL_MISSING',
        details: { materials: ['营业执照复印件', '经营场所平面布局图'] },
      });
      expect(res.body.message).toContain('营业执照复印件、经营场所平面布局图');
    });

    it('409 for a ticket this clerk is not serving, 400 for an unknown material, a refusal without reason', async () => {
      const ticket = await ok<{ id: string }>(issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }), 201);
      const notServed = await apply(t, clerk1, {
        ticketId: ticket.id,
        applicant: ZHANG_SAN,
        items: [{ itemId: food().id, materials: checklist(food()), decision: 'accept' }],
      }).expect(409);
      expect(notServed.body.code).toBe('TICKET_NOT_SERVED');
      const unknown = await apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [{ itemId: food().id, materials: [...checklist(food()), { name: '户口簿', provided: true }], decision: 'accept' }],
      }).expect(400);
      expect(unknown.body).toMatchObject({ code: 'MATERIAL_UNKNOWN', details: { materials: ['户口簿'] } });
      const noReason = await apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [{ itemId: food().id, materials: checklist(food()), decision: 'refuse' }],
      }).expect(400);
      expect(noReason.body).toMatchObject({ code: 'CASE_INPUT_MISSING', details: { field: 'reason' } });
    });

    it('409 for 告知承诺 on an item that does not offer it, and for an obligation due after the promised deadline', async () => {
      const item = items['不动产转移登记'];
      const res = await apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept_on_commitment' }],
      }).expect(409);
      expect(res.body.code).toBe('COMMITMENT_NOT_OFFERED');
      const late = await apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [
          {
            itemId: food().id,
            decision: 'accept',
            materials: checklist(food(), ['食品安全管理人员健康证明']).map((m) =>
              m.provided ? m : { ...m, dueAt: '2026-12-31T17:30:00+08:00' },
            ),
          },
        ],
      }).expect(400);
      expect(late.body.code).toBe('OBLIGATION_DUE_INVALID');
    });
  });

  it('一次性告知: a correction request lists every missing material, the clock does not start; the resubmission accepts', async () => {
    clock.set(at('14:00', '2026-03-06'));
    const item = items['食品经营许可'];
    const {
      cases: [c],
    } = await ok<{ cases: CaseBody[] }>(
      apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [
          { itemId: item.id, materials: checklist(item, ['营业执照复印件', '食品安全管理人员健康证明']), decision: 'request_correction' },
        ],
      }),
      201,
    );
    expect(c).toMatchObject({
      status: 'correction_requested',
      missingMaterials: ['营业执照复印件', '食品安全管理人员健康证明'],
      acceptedAt: null,
      promisedDueAt: null,
    });
    const notice = await t.http.get(`/api/cases/${c.id}/documents/correction-notice`).set(auth(clerk1)).expect(200);
    expect(notice.text).toContain('<h1>一次性告知书</h1>');
    expect(notice.text).toContain('<li>营业执照复印件</li><li>食品安全管理人员健康证明</li>');
    const page = await ok(t.http.get(`/api/case-live?no=${c.caseNumber}&code=${c.queryCode}`));
    expect(page).toMatchObject({
      status: 'correction_requested',
      missingMaterials: ['营业执照复印件', '食品安全管理人员健康证明'],
      promisedDueAt: null,
    });

    clock.set(at('10:00', '2026-03-09'));
    const again = await ok<CaseBody>(resubmit(t, clerk1, c.id, { materials: checklist(item), decision: 'accept' }));
    expect(again).toMatchObject({
      status: 'accepted',
      visits: 2,
      acceptedAt: instant('2026-03-09T10:00:00'),
      promisedDueAt: instant('2026-03-23T17:30:00'),
    });
  });

  it('不予受理 with its reason prints the notice with the remedies', async () => {
    const item = items['不动产转移登记'];
    const {
      cases: [c],
    } = await ok<{ cases: CaseBody[] }>(
      apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'refuse', reason: '该不动产已被司法查封，依法不予办理' }],
      }),
      201,
    );
    expect(c).toMatchObject({ status: 'not_accepted', refusalReason: '该不动产已被司法查封，依法不予办理', closedAt: expect.any(String) });
    const notice = await t.http.get(`/api/cases/${c.id}/documents/refusal-notice`).set(auth(clerk1)).expect(200);
    expect(notice.text).toContain('该不动产已被司法查封，依法不予办理');
    expect(notice.text).toContain('行政复议');
    expect(notice.text).toContain('行政诉讼');
  });

  it('replays an acceptance with the same Idempotency-Key: the first result, no second case', async () => {
    const item = items['企业变更登记'];
    const body = { applicant: ZHANG_SAN, items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }] };
    const first = await ok<{ cases: CaseBody[] }>(apply(t, clerk1, body, 'accept-change-01'), 201);
    const replay = await apply(t, clerk1, body, 'accept-change-01').expect(201);
    expect(replay.body).toEqual(first);
    const [{ n }] = await t.dataSource.query(`select count(*)::int as n from cases where item_id = $1`, [item.id]);
    expect(n).toBe(1);
  });

  it('rate-limits the public case page per address', async () => {
    const url = `/api/case-live?no=${food.caseNumber}&code=${queryCode}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.http.get(url).set('X-Forwarded-For', '198.51.100.9')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
