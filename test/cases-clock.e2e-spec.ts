import { io, Socket } from 'socket.io-client';
import { CaseSweepService } from '../src/cases/case-sweep.service';
import { DomainEventPayloads, DomainEvents } from '../src/events/domain-events';
import { Clock } from '../src/common/time/clock';
import type { CaseWarning, WorklistChanged } from '../src/realtime/realtime-events';
import { apply, caseMove, checklist, instant, ItemShape, itemsByName, local, ok, ZHANG_SAN } from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { auth, waitFor } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

interface CaseBody {
  id: string;
  status: string;
  promisedDueAt: string;
  legalDueAt: string;
  warningLevel: string | null;
  [key: string]: unknown;
}

describe('cases: the clock — suspension, extension, warning levels, 容缺 lapse', () => {
  let t: TestApp;
  let items: Record<string, ItemShape>;
  let clerk: string;
  let approver: string;
  let manager: string;
  let sweeper: CaseSweepService;
  const clock = new ManualClock(local('2025-09-25T10:00:00'));
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' }, listen: true });
    items = await itemsByName(t);
    [clerk, approver, manager] = await Promise.all([t.login('clerk1'), t.login('approver-scjg'), t.login('manager')]);
    sweeper = t.app.get(CaseSweepService);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  /** 食品经营许可 (promised 10, legal 20 working days), accepted now at the window without a ticket. */
  async function acceptFood(missing: string[] = [], dueAt?: string): Promise<CaseBody> {
    const item = items['食品经营许可'];
    const materials = checklist(item, missing).map((m) => (m.provided || !dueAt ? m : { ...m, dueAt }));
    const {
      cases: [c],
    } = await ok<{ cases: CaseBody[] }>(
      apply(t, clerk, {
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials, decision: 'accept' }],
      }),
      201,
    );
    return c;
  }

  describe('a suspension of 3 working days across the 2025 National Day holiday', () => {
    let c: CaseBody;

    it('accepted Thursday 25 Sep 2025: day 1 is Friday 26 Sep, Sunday 28 Sep is a make-up working day, 1–8 Oct are off', async () => {
      c = await acceptFood();
      // 9/26, 9/28, 9/29, 9/30, 10/9, 10/10, 10/11 (Saturday, worked), 10/13, 10/14, 10/15.
      expect(c).toMatchObject({ promisedDueAt: instant('2025-10-15T17:30:00'), legalDueAt: instant('2025-10-29T17:30:00') });
      clock.set(local('2025-09-26T10:00:00'));
      await ok(caseMove(t, approver, c.id, 'claim'));
    });

    it('stops the clock on Monday 29 Sep at opening, for a special procedure with kind, reason and expected length', async () => {
      clock.set(local('2025-09-29T09:00:00'));
      const suspended = await ok<CaseBody>(
        caseMove(t, approver, c.id, 'suspend', {
          kind: 'special_procedure',
          procedure: '现场踏勘',
          reason: '经营场所需现场核查',
          expectedWorkingDays: 3,
        }),
      );
      expect(suspended).toMatchObject({
        status: 'suspended',
        promisedDueAt: instant('2025-10-15T17:30:00'),
        suspensions: [
          { kind: 'special_procedure', procedure: '现场踏勘', reason: '经营场所需现场核查', expectedWorkingDays: 3, toAt: null },
        ],
      });
      const illegal = await caseMove(t, approver, c.id, 'advance').expect(409);
      expect(illegal.body).toMatchObject({
        code: 'ILLEGAL_CASE_MOVE',
        details: { status: 'suspended', allowed: expect.arrayContaining(['resume']) },
      });
    });

    it('resumes on Friday 10 Oct at opening: 29 Sep, 30 Sep and 9 Oct were suspended, so both dues move by exactly 3 working days', async () => {
      clock.set(local('2025-10-10T09:00:00'));
      const resumed = await ok<CaseBody>(caseMove(t, approver, c.id, 'resume'));
      // 10/15 → 10/16, 10/17, 10/20 (18–19 Oct is a plain weekend); legal 10/29 → 10/30, 10/31, 11/3.
      expect(resumed).toMatchObject({
        status: 'in_review',
        promisedDueAt: instant('2025-10-20T17:30:00'),
        legalDueAt: instant('2025-11-03T17:30:00'),
        suspensions: [{ fromAt: instant('2025-09-29T09:00:00'), toAt: instant('2025-10-10T09:00:00') }],
      });
      expect((resumed.steps as { dueAt: string }[]).at(-1)!.dueAt).toBe(instant('2025-10-20T17:30:00'));
    });
  });

  describe('extension (延期)', () => {
    let a: CaseBody;

    it('an approver asks, a manager grants before the deadline: legal +10 working days, once, never more than the law allows', async () => {
      // Monday 3 Nov 2025; no public holiday until 1 Jan.
      clock.set(local('2025-11-03T09:00:00'));
      a = await acceptFood();
      expect(a).toMatchObject({ promisedDueAt: instant('2025-11-17T17:30:00'), legalDueAt: instant('2025-12-01T17:30:00') });
      await ok(caseMove(t, approver, a.id, 'claim'));

      const tooMany = await caseMove(t, approver, a.id, 'extension-request', { workingDays: 11, reason: '需要专家评审' }).expect(409);
      expect(tooMany.body).toMatchObject({ code: 'EXTENSION_BEYOND_ALLOWANCE', details: { requested: 11, allowance: 10 } });
      const byManager = await caseMove(t, manager, a.id, 'extension-request/approve').expect(404);
      expect(byManager.body.code).toBe('EXTENSION_REQUEST_NOT_FOUND');

      clock.set(local('2025-11-20T10:00:00'));
      await ok(caseMove(t, approver, a.id, 'extension-request', { workingDays: 10, reason: '二十日内不能作出决定，需要专家评审' }));
      const twice = await caseMove(t, approver, a.id, 'extension-request', { workingDays: 5, reason: '再次申请' }).expect(409);
      expect(twice.body.code).toBe('EXTENSION_ALREADY_REQUESTED');
      // Only a manager grants.
      await caseMove(t, approver, a.id, 'extension-request/approve').expect(403);

      const granted = await ok<CaseBody>(caseMove(t, manager, a.id, 'extension-request/approve', { reason: '同意延期十个工作日' }));
      expect(granted).toMatchObject({
        status: 'in_review',
        extended: true,
        extensionWorkingDays: 10,
        legalDueAt: instant('2025-12-15T17:30:00'),
        promisedDueAt: instant('2025-12-01T17:30:00'),
        extensionRequests: [{ workingDays: 10, status: 'approved' }],
      });
      const again = await caseMove(t, approver, a.id, 'extension-request', { workingDays: 1, reason: '还要延期' }).expect(409);
      expect(again.body.code).toBe('EXTENSION_BEYOND_ALLOWANCE');
    });

    it('refuses a request after the deadline, and a grant after the deadline of a request made before it', async () => {
      clock.set(local('2025-11-03T10:00:00'));
      const late = await acceptFood();
      const pending = await acceptFood();
      await ok(caseMove(t, approver, late.id, 'claim'));
      await ok(caseMove(t, approver, pending.id, 'claim'));
      clock.set(local('2025-12-01T17:00:00'));
      await ok(caseMove(t, approver, pending.id, 'extension-request', { workingDays: 10, reason: '需要检测' }));

      clock.set(local('2025-12-02T09:30:00'));
      const afterDeadline = await caseMove(t, approver, late.id, 'extension-request', { workingDays: 10, reason: '需要检测' }).expect(409);
      expect(afterDeadline.body.code).toBe('EXTENSION_AFTER_DEADLINE');
      const grantTooLate = await caseMove(t, manager, pending.id, 'extension-request/approve').expect(409);
      expect(grantTooLate.body).toMatchObject({ code: 'EXTENSION_AFTER_DEADLINE', details: { guard: 'before_deadline' } });
      const unchanged = await ok<CaseBody>(t.http.get(`/api/cases/${pending.id}`).set(auth(manager)));
      expect(unchanged).toMatchObject({
        extended: false,
        legalDueAt: instant('2025-12-01T17:30:00'),
        extensionRequests: [{ status: 'pending' }],
      });
      const rejected = await ok<CaseBody>(caseMove(t, manager, pending.id, 'extension-request/reject', { reason: '已超过法定期限' }));
      expect(rejected).toMatchObject({ extensionRequests: [{ status: 'rejected', decisionReason: '已超过法定期限' }] });
    });

    it('allows 15 working days for a 联办件', async () => {
      clock.set(local('2025-11-03T11:00:00'));
      const item = items['开办企业一件事'];
      const {
        cases: [joint],
      } = await ok<{ cases: CaseBody[] }>(
        apply(t, clerk, {
          applicant: ZHANG_SAN,
          items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
        }),
        201,
      );
      await ok(caseMove(t, approver, joint.id, 'claim'));
      const sixteen = await caseMove(t, approver, joint.id, 'extension-request', { workingDays: 16, reason: '三部门联办' }).expect(409);
      expect(sixteen.body.details).toMatchObject({ requested: 16, allowance: 15 });
      await ok(caseMove(t, approver, joint.id, 'extension-request', { workingDays: 15, reason: '三部门联办' }));
      // Legal 15 working days from Tuesday 4 Nov end on Monday 24 Nov; 15 more end on Monday 15 Dec.
      expect(await ok(caseMove(t, manager, joint.id, 'extension-request/approve'))).toMatchObject({
        extensionWorkingDays: 15,
        legalDueAt: instant('2025-12-15T17:30:00'),
      });
    });
  });

  describe('warning levels (电子监察)', () => {
    let c: CaseBody;
    const nextWarningAt = async (id: string) =>
      (await t.dataSource.query(`select next_warning_at from cases where id = $1`, [id]))[0].next_warning_at as Date | null;

    function follow(token: string): { socket: Socket; warnings: CaseWarning[]; lists: WorklistChanged[] } {
      const socket = io(t.url, { auth: { token }, transports: ['websocket'], forceNew: true });
      sockets.push(socket);
      const warnings: CaseWarning[] = [];
      const lists: WorklistChanged[] = [];
      socket.on('case.warning', (w: CaseWarning) => warnings.push(w));
      socket.on('worklist.changed', (w: WorklistChanged) => lists.push(w));
      return { socket, warnings, lists };
    }

    it('stores when the level can next change; a sweep before then touches nothing', async () => {
      // Monday 2 March 2026: the cases of the tests above are long past their legal deadlines.
      clock.set(local('2026-03-02T09:00:00'));
      const catchUp = await sweeper.sweep();
      expect(catchUp.checked).toBeGreaterThan(0);
      const [{ n }] = await t.dataSource.query(`select count(*)::int as n from cases where next_warning_at is not null`);
      expect(n).toBe(0);
      // 10 working days from Tuesday 3 March, due Monday 16 March at 17:30.
      c = await acceptFood();
      expect(c).toMatchObject({ warningLevel: 'green', promisedDueAt: instant('2026-03-16T17:30:00') });
      // Yellow once a third (the hall's 0.3333) of 70 working hours is left: 6 days and 280 minutes after the clock start.
      const next = await nextWarningAt(c.id);
      expect(next!.getTime()).toBeGreaterThan(Date.parse(local('2026-03-11T15:10:00')));
      expect(next!.getTime()).toBeLessThan(Date.parse(local('2026-03-11T15:10:10')));
      clock.set(local('2026-03-11T15:00:00'));
      expect(await sweeper.sweep()).toEqual({ checked: 0, changed: 0, returned: 0 });
    });

    it("pushes case.warning to the department's and the manager's screens when the level changes, and only then", async () => {
      const approverScreen = follow(approver);
      const managerScreen = follow(manager);
      expect(await approverScreen.socket.timeout(5000).emitWithAck('subscribe', { kind: 'case-worklist', hallId: t.hallId })).toMatchObject(
        { ok: true },
      );
      expect(await managerScreen.socket.timeout(5000).emitWithAck('subscribe', { kind: 'case-monitor', hallId: t.hallId })).toMatchObject({
        ok: true,
        room: `cases:${t.hallId}`,
      });
      const other = follow(await t.login('approver-sw'));
      expect(
        await other.socket
          .timeout(5000)
          .emitWithAck('subscribe', { kind: 'case-worklist', hallId: t.hallId, departmentId: c.departmentId }),
      ).toMatchObject({ ok: false, code: 'CASE_OF_OTHER_DEPARTMENT' });

      clock.set(local('2026-03-11T15:11:00'));
      expect(await sweeper.sweep()).toEqual({ checked: 1, changed: 1, returned: 0 });
      const yellow = await waitFor(() => approverScreen.warnings.find((w) => w.caseId === c.id));
      expect(yellow).toMatchObject({
        level: 'yellow',
        previousLevel: 'green',
        caseNumber: c.caseNumber,
        promisedDueAt: '2026-03-16T17:30:00+08:00',
      });
      await waitFor(() => managerScreen.warnings.find((w) => w.caseId === c.id));
      expect(await nextWarningAt(c.id)).toEqual(new Date(Date.parse(local('2026-03-16T17:30:00')) + 1));

      clock.set(local('2026-03-16T17:31:00'));
      expect(await sweeper.sweep()).toMatchObject({ changed: 1 });
      await waitFor(() => approverScreen.warnings.find((w) => w.level === 'red'));
      clock.set(local('2026-03-30T17:31:00'));
      expect(await sweeper.sweep()).toMatchObject({ changed: 1 });
      await waitFor(() => managerScreen.warnings.find((w) => w.level === 'red_card'));
      expect(await nextWarningAt(c.id)).toBeNull();
      expect(approverScreen.warnings.map((w) => w.level)).toEqual(['yellow', 'red', 'red_card']);
      expect(other.warnings).toEqual([]);

      const events = await ok<{ move: string; data: Record<string, unknown> }[]>(
        t.http.get(`/api/cases/${c.id}/events`).set(auth(manager)),
      );
      expect(events.filter((e) => e.move === 'warning').map((e) => e.data)).toEqual([
        { from: 'green', to: 'yellow' },
        { from: 'yellow', to: 'red' },
        { from: 'red', to: 'red_card' },
      ]);
    });

    it('filters the work list by warning level and due time', async () => {
      const red = await ok<{ id: string }[]>(t.http.get(`/api/halls/${t.hallId}/work-list?warningLevel=red_card`).set(auth(approver)));
      expect(red.map((x) => x.id)).toContain(c.id);
      const green = await ok<{ id: string }[]>(
        t.http.get(`/api/halls/${t.hallId}/work-list?warningLevel=green,yellow`).set(auth(approver)),
      );
      expect(green.map((x) => x.id)).not.toContain(c.id);
      const due = await ok<{ id: string }[]>(
        t.http.get(`/api/halls/${t.hallId}/work-list?dueBefore=${encodeURIComponent('2026-03-16T17:30:00+08:00')}`).set(auth(approver)),
      );
      expect(due.map((x) => x.id)).toContain(c.id);
      const before = await ok<{ id: string }[]>(
        t.http.get(`/api/halls/${t.hallId}/work-list?dueBefore=${encodeURIComponent('2026-03-16T17:29:00+08:00')}`).set(auth(approver)),
      );
      expect(before.map((x) => x.id)).not.toContain(c.id);
    });
  });

  it('sweeps side by side on two instances without touching a case twice', async () => {
    const second = await createTestApp({
      databaseUrl: t.databaseUrl,
      seed: false,
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0' },
    });
    try {
      clock.set(local('2026-05-11T09:00:00'));
      await sweeper.sweep();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await acceptFood()).id);
      // Ten working days from Tuesday 12 May: yellow two thirds in, on Friday 22 May.
      clock.set(local('2026-05-22T12:00:00'));
      const results = await Promise.all([sweeper.sweep(), second.app.get(CaseSweepService).sweep()]);
      expect(results.reduce((sum, r) => sum + r.changed, 0)).toBe(12);
      const rows: { n: number }[] = await t.dataSource.query(
        `select count(*)::int as n from case_events where move = 'warning' and case_id = any($1) group by case_id`,
        [ids],
      );
      expect(rows.map((r) => r.n)).toEqual(Array(12).fill(1));
    } finally {
      await second.close();
    }
  });

  describe('容缺 (accepted with a deferrable material owed)', () => {
    const events: { name: string; payload: unknown }[] = [];
    let unsubscribe: (() => void)[] = [];
    beforeAll(() => {
      const bus = t.app.get(DomainEvents);
      unsubscribe = (['case.accepted', 'case.closed'] as const).map((name) =>
        bus.subscribe(name, (_em, payload: DomainEventPayloads[typeof name]) => {
          events.push({ name, payload });
        }),
      );
    });
    afterAll(() => unsubscribe.forEach((u) => u()));

    it('cannot be approved while the material is owed; a lapse returns the case (退件) through the sweep', async () => {
      clock.set(local('2026-04-20T09:00:00'));
      const c = await acceptFood(['食品安全管理人员健康证明'], local('2026-04-24T17:30:00'));
      expect(c).toMatchObject({
        status: 'accepted',
        obligations: [{ material: '食品安全管理人员健康证明', dueAt: instant('2026-04-24T17:30:00'), status: 'open' }],
      });
      expect(events.find((e) => e.name === 'case.accepted' && (e.payload as { caseId: string }).caseId === c.id)).toMatchObject({
        payload: { obligations: 1, commitment: false, caseType: 'promised' },
      });
      await ok(caseMove(t, approver, c.id, 'claim'));
      await ok(caseMove(t, approver, c.id, 'advance'));
      await ok(caseMove(t, approver, c.id, 'advance'));
      const owed = await caseMove(t, approver, c.id, 'decision', { decision: 'approve' }).expect(409);
      expect(owed.body).toMatchObject({ code: 'ILLEGAL_CASE_MOVE', details: { guard: 'no_open_obligations' } });

      clock.set(local('2026-04-24T17:30:00'));
      expect(await sweeper.sweep()).toMatchObject({ returned: 0 });
      clock.set(local('2026-04-24T17:31:00'));
      expect(await sweeper.sweep()).toMatchObject({ returned: 1 });
      const returned = await ok<CaseBody>(t.http.get(`/api/cases/${c.id}`).set(auth(manager)));
      expect(returned).toMatchObject({ status: 'returned', closedAt: instant('2026-04-24T17:31:00'), obligations: [{ status: 'lapsed' }] });
      const trail = await ok<{ move: string; actorRole: string; reason: string }[]>(
        t.http.get(`/api/cases/${c.id}/events`).set(auth(manager)),
      );
      expect(trail.at(-1)).toMatchObject({ move: 'lapse', actorRole: 'system', reason: '容缺材料逾期未补交：食品安全管理人员健康证明' });
      expect(events.find((e) => e.name === 'case.closed')).toMatchObject({ payload: { caseId: c.id, status: 'returned' } });
    });

    it('a material brought in time lets the case be approved', async () => {
      clock.set(local('2026-04-20T10:00:00'));
      const c = await acceptFood(['食品安全管理人员健康证明']);
      const [obligation] = c.obligations as { id: string; dueAt: string }[];
      // The default due is the promised deadline.
      expect(obligation.dueAt).toBe(c.promisedDueAt);
      await ok(caseMove(t, approver, c.id, 'claim'));
      await ok(caseMove(t, approver, c.id, 'advance'));
      await ok(caseMove(t, approver, c.id, 'advance'));
      clock.set(local('2026-04-22T10:00:00'));
      await ok(caseMove(t, clerk, c.id, `obligations/${obligation.id}/fulfil`));
      expect(await ok(caseMove(t, approver, c.id, 'decision', { decision: 'approve' }))).toMatchObject({ status: 'ready_for_pickup' });
      clock.set(local('2026-06-30T10:00:00'));
      expect(await sweeper.sweep()).toMatchObject({ returned: 0 });
    });
  });
});
