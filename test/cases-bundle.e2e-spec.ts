import { AppException } from '../src/common/errors/app-exception';
import { DomainEventName, DomainEvents } from '../src/events/domain-events';
import { Clock } from '../src/common/time/clock';
import {
  ACME,
  apply,
  caseMove,
  checklist,
  departmentsByCode,
  instant,
  ItemShape,
  itemsByName,
  LI_SI,
  local,
  ok,
  residentId,
  ZHANG_SAN,
} from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

interface CaseBody {
  id: string;
  caseNumber: string;
  status: string;
  departmentId: string;
  assigneeId: string | null;
  queryCode?: string;
  [key: string]: unknown;
}

describe('cases: bundles, departments, the audit trail, 告知承诺 and 失信', () => {
  let t: TestApp;
  let items: Record<string, ItemShape>;
  let dept: Record<string, string>;
  let clerk: string;
  let manager: string;
  const approvers: Record<string, string> = {};
  const clock = new ManualClock(local('2026-03-02T09:00:00'));
  const published: { name: DomainEventName; payload: Record<string, unknown>; statusInTx?: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
    items = await itemsByName(t);
    dept = await departmentsByCode(t);
    [clerk, manager] = await Promise.all([t.login('clerk1'), t.login('manager')]);
    for (const code of ['scjg', 'wj', 'sw', 'ga']) approvers[code] = await t.login(`approver-${code}`);
    const bus = t.app.get(DomainEvents);
    for (const name of ['case.accepted', 'case.concluded', 'case.closed', 'case.revoked', 'bundle.concluded'] as const) {
      bus.subscribe(name, async (em, payload) => {
        const caseId = (payload as { caseId?: string }).caseId;
        // Handlers run inside the publisher's transaction and see its writes.
        const [row] = caseId ? await em.query(`select status from cases where id = $1`, [caseId]) : [];
        published.push({ name, payload: payload as unknown as Record<string, unknown>, statusInTx: row?.status });
      });
    }
  });
  afterAll(() => t.close());

  const get = (token: string, id: string) => t.http.get(`/api/cases/${id}`).set(auth(token));
  const eventCount = async () => (await t.dataSource.query(`select count(*)::int as n from case_events`))[0].n as number;

  describe('a two-department bundle (一件事): one application, one case per item, worked in parallel', () => {
    let bundleId: string;
    let change: CaseBody;
    let hygiene: CaseBody;

    it("opens one case per item, each in its department's work list", async () => {
      const changeItem = items['企业变更登记'];
      const hygieneItem = items['公共场所卫生许可'];
      const res = await ok<{ bundle: { id: string; name: string }; cases: CaseBody[] }>(
        apply(t, clerk, {
          applicant: ACME,
          bundleName: '开办餐饮店一件事',
          items: [
            { itemId: changeItem.id, materials: checklist(changeItem), decision: 'accept' },
            { itemId: hygieneItem.id, materials: checklist(hygieneItem), decision: 'accept' },
          ],
        }),
        201,
      );
      expect(res.bundle).toMatchObject({ name: '开办餐饮店一件事' });
      bundleId = res.bundle.id;
      [change, hygiene] = res.cases;
      expect(change).toMatchObject({ caseNumber: 'DEMO-20260302-0001', bundleId, departmentId: dept.SCJG, status: 'accepted' });
      expect(hygiene).toMatchObject({ caseNumber: 'DEMO-20260302-0002', bundleId, departmentId: dept.WJ, status: 'accepted' });
      expect((change.applicant as { idNumber: string }).idNumber).toBe(ACME.idNumber);

      const scjg = await ok<{ id: string }[]>(t.http.get(`/api/halls/${t.hallId}/work-list`).set(auth(approvers.scjg)));
      const wj = await ok<{ id: string }[]>(t.http.get(`/api/halls/${t.hallId}/work-list`).set(auth(approvers.wj)));
      expect(scjg.map((c) => c.id)).toEqual([change.id]);
      expect(wj.map((c) => c.id)).toEqual([hygiene.id]);
      const all = await ok<{ id: string }[]>(t.http.get(`/api/halls/${t.hallId}/work-list`).set(auth(manager)));
      expect(all.map((c) => c.id).sort()).toEqual([change.id, hygiene.id].sort());
      expect(published.filter((e) => e.name === 'case.accepted').map((e) => e.payload.bundleId)).toEqual([bundleId, bundleId]);
    });

    it('keeps each approver to their own department: 403 and nothing written', async () => {
      const before = await eventCount();
      expect((await get(approvers.wj, change.id).expect(403)).body.code).toBe('CASE_OF_OTHER_DEPARTMENT');
      expect((await caseMove(t, approvers.wj, change.id, 'claim').expect(403)).body.code).toBe('CASE_OF_OTHER_DEPARTMENT');
      expect((await caseMove(t, approvers.wj, change.id, 'decision', { decision: 'approve' }).expect(403)).body.code).toBe(
        'CASE_OF_OTHER_DEPARTMENT',
      );
      const otherList = await t.http.get(`/api/halls/${t.hallId}/work-list?departmentId=${dept.SCJG}`).set(auth(approvers.wj)).expect(403);
      expect(otherList.body.code).toBe('CASE_OF_OTHER_DEPARTMENT');
      expect(await eventCount()).toBe(before);
    });

    it('concludes the bundle only when both parts have concluded, also when they conclude at the same instant', async () => {
      clock.set(local('2026-03-03T10:00:00'));
      await ok(caseMove(t, approvers.scjg, change.id, 'claim'));
      await ok(caseMove(t, approvers.wj, hygiene.id, 'claim'));
      await ok(caseMove(t, approvers.wj, hygiene.id, 'advance'));
      await ok(caseMove(t, approvers.wj, hygiene.id, 'advance'));
      const noRemedy = await caseMove(t, approvers.wj, hygiene.id, 'decision', { decision: 'deny', reason: '卫生检测不合格' }).expect(400);
      expect(noRemedy.body.code).toBe('VALIDATION_FAILED');

      clock.set(local('2026-03-04T15:00:00'));
      const [approved, denied] = await Promise.all([
        ok<CaseBody>(caseMove(t, approvers.scjg, change.id, 'decision', { decision: 'approve' })),
        ok<CaseBody>(
          caseMove(t, approvers.wj, hygiene.id, 'decision', {
            decision: 'deny',
            reason: '卫生检测报告不合格',
            remedies: ['行政复议', '行政诉讼'],
          }),
        ),
      ]);
      expect(approved).toMatchObject({ status: 'ready_for_pickup', decision: 'approved' });
      expect(denied).toMatchObject({
        status: 'ready_for_pickup',
        decision: 'denied',
        decisionReason: '卫生检测报告不合格',
        remedies: ['行政复议', '行政诉讼'],
      });
      const bundle = await ok<{ concludedAt: string; cases: { id: string }[] }>(t.http.get(`/api/bundles/${bundleId}`).set(auth(manager)));
      expect(bundle.concludedAt).toBe(instant('2026-03-04T15:00:00'));
      expect(published.filter((e) => e.name === 'bundle.concluded')).toEqual([
        expect.objectContaining({
          payload: expect.objectContaining({ bundleId, caseIds: expect.arrayContaining([change.id, hygiene.id]) }),
        }),
      ]);
      const concluded = published.filter(
        (e) => e.name === 'case.concluded' && [change.id, hygiene.id].includes(e.payload.caseId as string),
      );
      expect(concluded.map((e) => [e.payload.outcome, e.payload.onTime, e.statusInTx]).sort()).toEqual([
        ['approved', true, 'concluded'],
        ['denied', true, 'concluded'],
      ]);
      expect(concluded[0].payload).toMatchObject({ hallId: t.hallId, acceptedAt: new Date(instant('2026-03-02T09:00:00')), visits: 1 });
    });

    it("finds a bundle's results at the pickup window by the organisation's credit code", async () => {
      const found = await ok<{ caseId: string }[]>(t.http.get(`/api/halls/${t.hallId}/pickups?idNumber=${ACME.idNumber}`).set(auth(clerk)));
      expect(found.map((f) => f.caseId).sort()).toEqual([change.id, hygiene.id].sort());
    });
  });

  describe('a 联办件 whose steps belong to three departments (开办企业一件事)', () => {
    it('moves from list to list with its steps; a return goes back to whoever passed it on', async () => {
      clock.set(local('2026-03-05T09:00:00'));
      const item = items['开办企业一件事'];
      const {
        cases: [c],
      } = await ok<{ cases: CaseBody[] }>(
        apply(t, clerk, {
          applicant: LI_SI,
          items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
        }),
        201,
      );
      expect(c).toMatchObject({ caseType: 'joint', departmentId: dept.SCJG, itemDepartmentId: dept.SCJG });
      await ok(caseMove(t, approvers.scjg, c.id, 'claim'));
      expect(await ok(caseMove(t, approvers.scjg, c.id, 'advance'))).toMatchObject({
        departmentId: dept.SW,
        assigneeId: null,
        currentStep: 1,
      });
      // SCJG took part, so it may still read the case, but no longer act on it.
      await get(approvers.scjg, c.id).expect(200);
      expect((await caseMove(t, approvers.scjg, c.id, 'advance').expect(403)).body.code).toBe('CASE_OF_OTHER_DEPARTMENT');
      expect((await caseMove(t, approvers.sw, c.id, 'advance').expect(409)).body.code).toBe('CASE_NOT_CLAIMED');
      await ok(caseMove(t, approvers.sw, c.id, 'claim'));
      const swUser = (await get(approvers.sw, c.id).expect(200)).body.assigneeId;
      expect(await ok(caseMove(t, approvers.sw, c.id, 'advance'))).toMatchObject({
        departmentId: dept.GA,
        assigneeId: null,
        currentStep: 2,
      });
      await ok(caseMove(t, approvers.ga, c.id, 'claim'));
      expect(await ok(caseMove(t, approvers.ga, c.id, 'return', { reason: '税务登记信息与执照不一致' }))).toMatchObject({
        departmentId: dept.SW,
        assigneeId: swUser,
        currentStep: 1,
      });
      await ok(caseMove(t, approvers.sw, c.id, 'advance'));
      await ok(caseMove(t, approvers.ga, c.id, 'claim'));
      expect(await ok(caseMove(t, approvers.ga, c.id, 'decision', { decision: 'approve' }))).toMatchObject({ status: 'ready_for_pickup' });
      const trail = await ok<{ move: string; reason: string | null }[]>(t.http.get(`/api/cases/${c.id}/events`).set(auth(manager)));
      expect(trail.filter((e) => e.move === 'return_step').map((e) => e.reason)).toEqual(['税务登记信息与执照不一致']);
    });

    it('refuses a return from the first step and a decision before the last', async () => {
      const item = items['食品经营许可'];
      const {
        cases: [c],
      } = await ok<{ cases: CaseBody[] }>(
        apply(t, clerk, {
          applicant: LI_SI,
          items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
        }),
        201,
      );
      await ok(caseMove(t, approvers.scjg, c.id, 'claim'));
      expect((await caseMove(t, approvers.scjg, c.id, 'return', { reason: '退回' }).expect(409)).body.code).toBe('AT_FIRST_STEP');
      expect((await caseMove(t, approvers.scjg, c.id, 'decision', { decision: 'approve' }).expect(409)).body.code).toBe(
        'NOT_AT_FINAL_STEP',
      );
      // Only the claimer acts; a manager may reassign within the department.
      const others = await t.dataSource.query(`select id from users where username = 'approver-scjg'`);
      expect(await ok(caseMove(t, manager, c.id, 'assign', { assigneeId: others[0].id }))).toMatchObject({ assigneeId: others[0].id });
      const [swApprover] = await t.dataSource.query(`select id from users where username = 'approver-sw'`);
      expect((await caseMove(t, manager, c.id, 'assign', { assigneeId: swApprover.id }).expect(400)).body.code).toBe('ASSIGNEE_INVALID');
    });
  });

  it('reports a 上报件 at its final step: this level concludes as 转报办结 and decides nothing itself', async () => {
    const item = items['建筑业企业资质核准'];
    const zj = await t.login('approver-zj');
    const {
      cases: [c],
    } = await ok<{ cases: CaseBody[] }>(
      apply(t, clerk, {
        applicant: ACME,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
      }),
      201,
    );
    await ok(caseMove(t, zj, c.id, 'claim'));
    expect((await caseMove(t, zj, c.id, 'report', { reportedTo: '省住房和城乡建设厅' }).expect(409)).body.code).toBe('NOT_AT_FINAL_STEP');
    await ok(caseMove(t, zj, c.id, 'advance'));
    const approve = await caseMove(t, zj, c.id, 'decision', { decision: 'approve' }).expect(409);
    expect(approve.body).toMatchObject({
      code: 'ILLEGAL_CASE_MOVE',
      details: { guard: 'decided_here', allowed: expect.arrayContaining(['report']) },
    });
    const reported = await ok<CaseBody>(caseMove(t, zj, c.id, 'report', { reportedTo: '省住房和城乡建设厅' }));
    expect(reported).toMatchObject({ status: 'reported', reportedTo: '省住房和城乡建设厅', pickupCode: null });
    expect(published.find((e) => e.name === 'case.concluded' && e.payload.caseId === c.id)).toMatchObject({
      payload: { outcome: 'reported' },
    });
    const page = await ok(t.http.get(`/api/case-live?no=${c.caseNumber}&code=${c.queryCode}`));
    expect(page).toMatchObject({ status: 'reported', statusLabel: '已上报上级机关（转报办结）' });
  });

  describe('the audit trail', () => {
    it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE fail', async () => {
      const before = await eventCount();
      expect(before).toBeGreaterThan(10);
      await expect(
        t.dataSource.query(`update case_events set reason = 'changed' where id = (select min(id) from case_events)`),
      ).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`delete from case_events where id = (select min(id) from case_events)`)).rejects.toThrow(
        /append-only/,
      );
      await expect(t.dataSource.query(`truncate case_events cascade`)).rejects.toThrow(/append-only/);
      expect(await eventCount()).toBe(before);
    });

    it('writes exactly one event per move, numbered by the case version, in the same transaction as the move', async () => {
      const rows: { case_id: string; versions: number[]; version: number }[] = await t.dataSource.query(
        `select c.id as case_id, c.version, array_agg(e.case_version order by e.case_version) as versions
         from cases c join case_events e on e.case_id = c.id group by c.id, c.version`,
      );
      for (const row of rows) expect(row.versions).toEqual(Array.from({ length: row.version }, (_, i) => i + 1));
    });

    it('rolls back the move and its event when a subscriber of the domain event fails in the transaction', async () => {
      const item = items['企业变更登记'];
      const {
        cases: [c],
      } = await ok<{ cases: CaseBody[] }>(
        apply(t, clerk, {
          applicant: LI_SI,
          items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
        }),
        201,
      );
      await ok(caseMove(t, approvers.scjg, c.id, 'claim'));
      const before = await eventCount();
      const unsubscribe = t.app.get(DomainEvents).subscribe('case.concluded', () => {
        throw new AppException('CONFLICT', undefined, '统计口径冲突');
      });
      try {
        const res = await caseMove(t, approvers.scjg, c.id, 'decision', { decision: 'approve' }).expect(409);
        expect(res.body.message).toBe('统计口径冲突');
      } finally {
        unsubscribe();
      }
      expect(await eventCount()).toBe(before);
      expect((await get(manager, c.id).expect(200)).body).toMatchObject({ status: 'in_review', decision: null, pickupCode: null });
    });
  });

  it('never issues a case number twice under concurrent acceptances', async () => {
    clock.set(local('2026-03-06T09:00:00'));
    const item = items['企业变更登记'];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        ok<{ cases: CaseBody[] }>(
          apply(t, clerk, {
            applicant: { ...ZHANG_SAN, idNumber: residentId(`1101051990010100${i}`) },
            items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
          }),
          201,
        ),
      ),
    );
    const numbers = results.map((r) => r.cases[0].caseNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `DEMO-20260306-000${i + 1}`));
  });

  describe('告知承诺, and the 失信 record when the commitment proves false', () => {
    let c: CaseBody;

    it('approves on the commitment at once; the result waits at the pickup windows', async () => {
      clock.set(local('2026-03-09T10:00:00'));
      const item = items['公共场所卫生许可'];
      const {
        cases: [created],
      } = await ok<{ cases: CaseBody[] }>(
        apply(t, clerk, {
          applicant: ACME,
          items: [{ itemId: item.id, materials: checklist(item), decision: 'accept_on_commitment' }],
        }),
        201,
      );
      c = created;
      expect(c).toMatchObject({
        status: 'ready_for_pickup',
        commitment: true,
        decision: 'approved',
        concludedAt: instant('2026-03-09T10:00:00'),
      });
      expect(published.find((e) => e.name === 'case.concluded' && e.payload.caseId === c.id)).toMatchObject({
        payload: { outcome: 'commitment' },
      });
    });

    it('a check finding the commitment false revokes the approval and records the applicant as 失信', async () => {
      expect((await caseMove(t, approvers.wj, c.id, 'commitment-check', { truthful: false, reason: 'x' }).expect(403)).body.code).toBe(
        'FORBIDDEN',
      );
      const revoked = await ok<CaseBody>(
        caseMove(t, manager, c.id, 'commitment-check', { truthful: false, reason: '现场核查发现无卫生检测报告原件' }),
      );
      expect(revoked).toMatchObject({ revokedAt: instant('2026-03-09T10:00:00'), revocationReason: '现场核查发现无卫生检测报告原件' });
      expect(published.find((e) => e.name === 'case.revoked')).toMatchObject({ payload: { caseId: c.id } });
      const page = await ok(t.http.get(`/api/case-live?no=${c.caseNumber}&code=${c.queryCode}`));
      expect(page).toMatchObject({ revoked: true, statusLabel: '许可已撤销', applicant: { idNumber: '913***********0Y43' } });
      expect((await caseMove(t, manager, c.id, 'commitment-check', { truthful: true, reason: '复查' }).expect(409)).body.code).toBe(
        'COMMITMENT_CHECK_NOT_APPLICABLE',
      );
    });

    it('bars the dishonest applicant from 告知承诺 and 容缺 from then on', async () => {
      const hygiene = items['公共场所卫生许可'];
      const commitment = await apply(t, clerk, {
        applicant: ACME,
        items: [{ itemId: hygiene.id, materials: checklist(hygiene), decision: 'accept_on_commitment' }],
      }).expect(409);
      expect(commitment.body.code).toBe('COMMITMENT_BARRED_DISHONEST');
      const deferral = await apply(t, clerk, {
        applicant: ACME,
        items: [{ itemId: hygiene.id, materials: checklist(hygiene, ['从业人员健康合格证明']), decision: 'accept' }],
      }).expect(409);
      expect(deferral.body).toMatchObject({ code: 'DEFERRAL_BARRED_DISHONEST', details: { materials: ['从业人员健康合格证明'] } });
      const assessment = await ok(
        t.http
          .post(`/api/items/${hygiene.id}/material-assessment`)
          .set(auth(clerk))
          .send({ materials: checklist(hygiene, ['从业人员健康合格证明']), applicantKind: 'organisation', idNumber: ACME.idNumber }),
      );
      expect(assessment).toMatchObject({ dishonest: true, options: ['request_correction', 'refuse'], obligations: [] });
      // Someone else still may.
      const other = await ok(
        t.http
          .post(`/api/items/${hygiene.id}/material-assessment`)
          .set(auth(clerk))
          .send({ materials: checklist(hygiene, ['从业人员健康合格证明']), applicantKind: 'person', idNumber: LI_SI.idNumber }),
      );
      expect(other).toMatchObject({
        dishonest: false,
        options: ['accept', 'request_correction', 'refuse'],
        obligations: ['从业人员健康合格证明'],
      });
    });
  });

  describe('ends without a decision, and delivery other than at the window', () => {
    it('withdraws (clerk) and aborts (manager, reason required) undecided cases; a decided case cannot be withdrawn', async () => {
      const item = items['企业变更登记'];
      const {
        cases: [a, b],
      } = await ok<{ cases: CaseBody[] }>(
        apply(t, clerk, {
          applicant: LI_SI,
          items: [
            { itemId: item.id, materials: checklist(item), decision: 'accept' },
            { itemId: items['食品经营许可'].id, materials: checklist(items['食品经营许可']), decision: 'accept' },
          ],
        }),
        201,
      );
      expect(await ok(caseMove(t, clerk, a.id, 'withdraw', { reason: '申请人书面撤回' }))).toMatchObject({ status: 'withdrawn' });
      expect((await caseMove(t, clerk, b.id, 'abort', { reason: 'x' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await caseMove(t, manager, b.id, 'abort', {}).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect(await ok(caseMove(t, manager, b.id, 'abort', { reason: '申请人主体资格已注销' }))).toMatchObject({ status: 'aborted' });
      expect(
        published.filter((e) => e.name === 'case.closed' && [a.id, b.id].includes(e.payload.caseId as string)).map((e) => e.payload.status),
      ).toEqual(['withdrawn', 'aborted']);
      expect(published.find((e) => e.name === 'bundle.concluded' && e.payload.bundleId === a.bundleId)).toBeDefined();
      const again = await caseMove(t, clerk, a.id, 'withdraw', { reason: '再次撤回' }).expect(409);
      expect(again.body).toMatchObject({ code: 'ILLEGAL_CASE_MOVE', details: { status: 'withdrawn', allowed: [] } });
    });

    it('mails a result (carrier, tracking number → mailed → delivered) and issues an electronic certificate', async () => {
      const food = items['食品经营许可'];
      const {
        cases: [mailed, electronic],
      } = await ok<{ cases: CaseBody[] }>(
        apply(t, clerk, {
          applicant: ZHANG_SAN,
          items: [
            { itemId: food.id, materials: checklist(food), decision: 'accept', delivery: 'express' },
            {
              itemId: items['不动产转移登记'].id,
              materials: checklist(items['不动产转移登记']),
              decision: 'accept',
              delivery: 'electronic',
            },
          ],
        }),
        201,
      );
      for (const [c, token] of [
        [mailed, approvers.scjg],
        [electronic, await t.login('approver-bdc')],
      ] as const) {
        await ok(caseMove(t, token, c.id, 'claim'));
        await ok(caseMove(t, token, c.id, 'advance'));
        await ok(caseMove(t, token, c.id, 'advance'));
        await ok(caseMove(t, token, c.id, 'decision', { decision: 'approve' }));
      }
      // Like a hand-over, only at the clerk's open pickup window.
      const notThere = await caseMove(t, clerk, mailed.id, 'mail', { carrier: 'EMS', trackingNumber: '1187654321098' }).expect(409);
      expect(notThere.body.code).toBe('NOT_AT_PICKUP_WINDOW');
      expect((await caseMove(t, clerk, electronic.id, 'electronic-delivery', { certificateNumber: 'X-1' }).expect(409)).body.code).toBe(
        'NOT_AT_PICKUP_WINDOW',
      );
      const pickupWindow = (await hallRefs(t)).window[11];
      await ok(t.http.post(`/api/windows/${pickupWindow}/open`).set(auth(clerk)));
      expect(await ok(caseMove(t, clerk, mailed.id, 'mail', { carrier: 'EMS', trackingNumber: '1187654321098' }))).toMatchObject({
        status: 'mailed',
        carrier: 'EMS',
        trackingNumber: '1187654321098',
      });
      expect(await ok(caseMove(t, clerk, mailed.id, 'delivery-confirmation'))).toMatchObject({ status: 'delivered' });
      const page = await ok(t.http.get(`/api/case-live?no=${mailed.caseNumber}&code=${mailed.queryCode}`));
      expect(page).toMatchObject({ status: 'delivered', shipment: { carrier: 'EMS', trackingNumber: '1187654321098' } });
      expect(
        await ok(caseMove(t, clerk, electronic.id, 'electronic-delivery', { certificateNumber: 'BDC-DZZZ-2026-000001' })),
      ).toMatchObject({
        status: 'delivered',
        certificateNumber: 'BDC-DZZZ-2026-000001',
        deliveryMethod: 'electronic',
      });

      // 免证办: the certificate just issued satisfies a material of the same applicant's next application, without a file.
      const cited = food.materials[1].name;
      const citing = (applicant: object, certificateNumber: string) =>
        apply(t, clerk, {
          applicant,
          items: [
            {
              itemId: food.id,
              decision: 'accept',
              materials: food.materials.map((m) => ({ name: m.name, provided: true, ...(m.name === cited ? { certificateNumber } : {}) })),
            },
          ],
        });
      const {
        cases: [reused],
      } = await ok<{ cases: (CaseBody & { materials: { name: string; provided: boolean; certificate?: object }[] })[] }>(
        citing(ZHANG_SAN, 'BDC-DZZZ-2026-000001'),
        201,
      );
      expect(reused.status).toBe('accepted');
      expect(reused.materials.find((m) => m.name === cited)).toEqual({
        name: cited,
        necessity: 'required',
        provided: true,
        certificate: { number: 'BDC-DZZZ-2026-000001', caseNumber: electronic.caseNumber },
      });
      expect(await t.dataSource.query(`select 1 from case_files where case_id = $1 and material_name = $2`, [reused.id, cited])).toEqual(
        [],
      );
      const [note] = await t.dataSource.query(`select data from case_events where case_id = $1 and move = 'cite_certificate'`, [reused.id]);
      expect(note.data).toEqual({ material: cited, certificateNumber: 'BDC-DZZZ-2026-000001', issuedBy: electronic.caseNumber });
      const unknown = await citing(ZHANG_SAN, 'BDC-DZZZ-2026-999999');
      expect([unknown.status, unknown.body.code]).toEqual([400, 'CERTIFICATE_NOT_FOUND']);
      const other = await citing(LI_SI, 'BDC-DZZZ-2026-000001');
      expect([other.status, other.body.code]).toEqual([409, 'CERTIFICATE_OF_OTHER_APPLICANT']);
      await ok(t.http.post(`/api/windows/${pickupWindow}/close`).set(auth(clerk)));
      // 企业变更登记 offers no express delivery.
      const change = items['企业变更登记'];
      const refused = await apply(t, clerk, {
        applicant: ZHANG_SAN,
        items: [{ itemId: change.id, materials: checklist(change), decision: 'accept', delivery: 'express' }],
      }).expect(409);
      expect(refused.body.code).toBe('DELIVERY_NOT_OFFERED');
    });
  });
});
