import { Clock } from '../src/common/time/clock';
import { apply, caseMove, checklist, ItemShape, itemsByName, ok, residentId, ZHANG_SAN } from './support/case-helpers';
import { FIXTURE_TIME } from './support/hall-fixtures';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs } from './support/queue-helpers';
import { changedTables, tableChecksums } from './support/table-checksums';
import { createTestApp, TestApp } from './support/test-app';

interface CaseBody {
  id: string;
  status: string;
}

/** Rules the server missed (issue 19): each refused, with nothing written. */
describe('case rules the server enforces', () => {
  let t: TestApp;
  let items: Record<string, ItemShape>;
  let clerk1: string;
  let clerk2: string;
  let manager: string;

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }] });
    items = await itemsByName(t);
    [clerk1, clerk2, manager] = await Promise.all([t.login('clerk1'), t.login('clerk2'), t.login('manager')]);
  });
  afterAll(() => t?.close());

  const food = () => items['食品经营许可'];
  const accept = async (applicant: object = ZHANG_SAN) =>
    (
      await ok<{ cases: CaseBody[] }>(
        apply(t, clerk1, { applicant, items: [{ itemId: food().id, materials: checklist(food()), decision: 'accept' }] }),
        201,
      )
    ).cases[0];

  async function refused(req: () => PromiseLike<{ status: number; body: { code?: string } }>, status: number, code: string) {
    const sent = req();
    // The pages staged for the request are the clerk's doing before it, not part of what it must leave unchanged.
    if ('ready' in sent) await sent.ready;
    const before = await tableChecksums(t.dataSource);
    const res = await sent;
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(changedTables(before, await tableChecksums(t.dataSource))).toEqual({});
  }

  it('refuses a blank applicant name (spaces, full-width spaces) and trims a padded one', async () => {
    for (const name of ['', '   ', '\u3000\u3000', ' \t ']) {
      await refused(
        () =>
          apply(t, clerk1, {
            applicant: { ...ZHANG_SAN, name },
            items: [{ itemId: food().id, materials: checklist(food()), decision: 'accept' }],
          }),
        400,
        'VALIDATION_FAILED',
      );
    }
    const padded = await accept({ ...ZHANG_SAN, name: '  张三 ' });
    // Stored sealed (Personal data): the accepting clerk's view opens it.
    const stored = await ok<{ applicant: { name: string } }>(t.http.get(`/api/cases/${padded.id}`).set(auth(clerk1)));
    expect(stored.applicant.name).toBe('张三');
  });

  it('refuses an ID number of someone born in 1800 (its checksum valid) or in the future', async () => {
    for (const body of ['11010518000101001', '11010518991231001', '11010520990101001']) {
      await refused(
        () =>
          apply(t, clerk1, {
            applicant: { ...ZHANG_SAN, idNumber: residentId(body) },
            items: [{ itemId: food().id, materials: checklist(food()), decision: 'accept' }],
          }),
        400,
        'APPLICANT_ID_INVALID',
      );
    }
    expect((await accept({ ...ZHANG_SAN, idNumber: residentId('11010519000101001') })).status).toBe('accepted');
  });

  it('lets only the accepting clerk or a manager withdraw a case, and only with a reason', async () => {
    const c = await accept();
    await refused(() => caseMove(t, clerk2, c.id, 'withdraw', { reason: '申请人书面撤回' }), 403, 'WITHDRAWAL_NOT_PERMITTED');
    await refused(() => caseMove(t, clerk1, c.id, 'withdraw', {}), 400, 'VALIDATION_FAILED');
    await refused(() => caseMove(t, clerk1, c.id, 'withdraw', { reason: '  ' }), 400, 'VALIDATION_FAILED');
    expect(await ok<CaseBody>(caseMove(t, clerk1, c.id, 'withdraw', { reason: '申请人书面撤回' }))).toMatchObject({ status: 'withdrawn' });
    // A manager, for a clerk who has left: in review, the case of the probe.
    const inReview = await accept();
    await ok(caseMove(t, await t.login('approver-scjg'), inReview.id, 'claim'));
    expect(await ok<CaseBody>(caseMove(t, manager, inReview.id, 'withdraw', { reason: '申请人电话撤回，书面材料后补' }))).toMatchObject({
      status: 'withdrawn',
    });
    const [event] = await t.dataSource.query(`select reason from case_events where case_id = $1 and move = 'withdraw'`, [inReview.id]);
    expect(event.reason).toBe('申请人电话撤回，书面材料后补');
  });

  it('marks a result mailed or delivered electronically only by a clerk at an open pickup window', async () => {
    const approver = await t.login('approver-scjg');
    const {
      cases: [mailed],
    } = await ok<{ cases: CaseBody[] }>(
      apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [{ itemId: food().id, materials: checklist(food()), decision: 'accept', delivery: 'express' }],
      }),
      201,
    );
    for (const move of ['claim', 'advance', 'advance']) await ok(caseMove(t, approver, mailed.id, move));
    await ok(caseMove(t, approver, mailed.id, 'decision', { decision: 'approve' }));
    const shipment = { carrier: 'EMS', trackingNumber: '1187654321098' };
    await refused(() => caseMove(t, clerk2, mailed.id, 'mail', shipment), 409, 'NOT_AT_PICKUP_WINDOW');
    // At a comprehensive window is not at a pickup window.
    const refs = await hallRefs(t);
    await ok(t.http.post(`/api/windows/${refs.window[2]}/open`).set(auth(clerk2)));
    await refused(() => caseMove(t, clerk2, mailed.id, 'mail', shipment), 409, 'NOT_AT_PICKUP_WINDOW');
    await ok(t.http.post(`/api/windows/${refs.window[2]}/close`).set(auth(clerk2)));
    await ok(t.http.post(`/api/windows/${refs.window[12]}/open`).set(auth(clerk2)));
    expect(await ok<CaseBody>(caseMove(t, clerk2, mailed.id, 'mail', shipment))).toMatchObject({ status: 'mailed' });
    const [event] = await t.dataSource.query(`select data from case_events where case_id = $1 and move = 'mail'`, [mailed.id]);
    expect(event.data).toMatchObject({ windowId: refs.window[12] });
  });
  it('keeps 承办, 审核 and 批准 to three different approvers for an item published with the default, and to one when the item allows', async () => {
    const admin = await t.login('admin');
    const [{ id: departmentId }] = await t.dataSource.query(`select id from departments where code = 'SCJG'`);
    const [{ id: categoryId }] = await t.dataSource.query(`select id from window_categories where prefix = 'A' and hall_id = $1`, [
      t.hallId,
    ]);
    const item = await ok<ItemShape & { distinctApprovers: boolean }>(
      t.http
        .post(`/api/halls/${t.hallId}/items`)
        .set(auth(admin))
        .send({
          departmentId,
          categoryId,
          basicCode: '000999019000',
          implementationCode: 'T-000999019000',
          name: '审批分离测试事项',
          itemType: '行政许可',
          caseType: 'promised',
          promisedLimit: { value: 10, unit: 'working_days' },
          materials: [{ name: '申请书', necessity: 'required', originals: 1 }],
          steps: [
            { name: '承办', timeSharePercent: 40 },
            { name: '审核', timeSharePercent: 30 },
            { name: '批准', timeSharePercent: 30 },
          ],
        }),
      201,
    );
    expect(item.distinctApprovers).toBe(true);
    const [first, second, third] = [
      await t.login('approver-scjg'),
      ...(await Promise.all(
        ['scjg-review', 'scjg-approve'].map(async (username) => {
          await ok(
            t.http
              .post('/api/users')
              .set(auth(await t.login('security')))
              .send({
                username,
                password: 'Review#2026-x',
                displayName: username,
                role: 'approver',
                departmentId,
                hallIds: [t.hallId],
              }),
            201,
          );
          return t.login(username, 'Review#2026-x');
        }),
      )),
    ];
    const open = async () =>
      (
        await ok<{ cases: CaseBody[] }>(
          apply(t, clerk1, {
            applicant: ZHANG_SAN,
            items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
          }),
          201,
        )
      ).cases[0];

    // The probe: one approver through 承办 → 审核 → 批准 alone.
    const c = await open();
    await ok(caseMove(t, first, c.id, 'claim'));
    expect(await ok(caseMove(t, first, c.id, 'advance'))).toMatchObject({ currentStep: 1, assigneeId: null });
    await refused(() => caseMove(t, first, c.id, 'claim'), 409, 'SAME_APPROVER_FOR_STEPS');
    const [{ id: firstId }] = await t.dataSource.query(`select id from users where username = 'approver-scjg'`);
    await refused(() => caseMove(t, manager, c.id, 'assign', { assigneeId: firstId }), 409, 'SAME_APPROVER_FOR_STEPS');
    await ok(caseMove(t, second, c.id, 'claim'));
    await ok(caseMove(t, second, c.id, 'advance'));
    for (const earlier of [first, second]) await refused(() => caseMove(t, earlier, c.id, 'claim'), 409, 'SAME_APPROVER_FOR_STEPS');
    await ok(caseMove(t, third, c.id, 'claim'));
    expect(await ok(caseMove(t, third, c.id, 'decision', { decision: 'approve' }))).toMatchObject({ status: 'ready_for_pickup' });

    // 退回 from 审核 goes back to whoever passed 承办, who may pass it again.
    const back = await open();
    await ok(caseMove(t, first, back.id, 'claim'));
    await ok(caseMove(t, first, back.id, 'advance'));
    await ok(caseMove(t, second, back.id, 'claim'));
    expect(await ok(caseMove(t, second, back.id, 'return', { reason: '材料需核实' }))).toMatchObject({ currentStep: 0 });
    await ok(caseMove(t, first, back.id, 'advance'));

    // The item may allow one approver for every step.
    await ok(t.http.patch(`/api/items/${item.id}`).set(auth(admin)).send({ distinctApprovers: false }));
    const alone = await open();
    for (const move of ['claim', 'advance', 'advance']) await ok(caseMove(t, first, alone.id, move));
    expect(await ok(caseMove(t, first, alone.id, 'decision', { decision: 'approve' }))).toMatchObject({ status: 'ready_for_pickup' });
  });
});
