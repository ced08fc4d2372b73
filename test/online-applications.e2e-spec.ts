import { io, Socket } from 'socket.io-client';
import { Clock } from '../src/common/time/clock';
import type { PreExamChanged } from '../src/realtime/realtime-events';
import { local, ok, residentId, ZHANG_SAN } from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { EXECUTABLE, JPEG, pdfOf } from './support/material-fixtures';
import { auth, waitFor } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** Monday 2 March 2026 in the demo hall. */
const clock = new ManualClock(local('2026-03-02T09:00:00'));

interface OnlineItem {
  id: string;
  name: string;
  commitmentAllowed: boolean;
  fullyOnline: boolean;
  materials: { name: string; necessity: string }[];
  fees: unknown[];
  deliveryOptions: string[];
}
interface Staged {
  id: string;
  draftToken: string;
  mediaType: string;
  pages: number;
}

describe('online applications (网上申办): the public catalogue, draft uploads and the submission', () => {
  let t: TestApp;
  let change: OnlineItem;
  let food: OnlineItem;

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '40' },
    });
  });
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const upload = (bytes: Buffer, filename: string, draft?: string) =>
    t.http
      .post(`/api/halls/${t.hallId}/online-uploads${draft ? `?draft=${draft}` : ''}`)
      .attach('file', bytes, { filename, contentType: 'application/octet-stream' });
  const submit = (body: object) => t.http.post(`/api/halls/${t.hallId}/online-applications`).send(body);

  it('finds items by name or code without a login, each with its 一次性告知', async () => {
    const byName = await ok<OnlineItem[]>(t.http.get(`/api/halls/${t.hallId}/online-items`).query({ q: '变更' }));
    expect(byName.map((i) => i.name)).toEqual(['企业变更登记']);
    change = byName[0];
    expect(change).toMatchObject({ commitmentAllowed: false, fullyOnline: false });
    expect(change.materials.map((m) => m.necessity)).toEqual(['required', 'required', 'required']);
    const byCode = await ok<OnlineItem[]>(t.http.get(`/api/halls/${t.hallId}/online-items`).query({ q: '000105004' }));
    food = byCode[0];
    expect(food).toMatchObject({ name: '食品经营许可', commitmentAllowed: true, deliveryOptions: ['window', 'express', 'electronic'] });
    // A LIKE wildcard is a character to look for, not a pattern.
    expect(await ok<OnlineItem[]>(t.http.get(`/api/halls/${t.hallId}/online-items`).query({ q: '%' }))).toEqual([]);
    const all = await ok<OnlineItem[]>(t.http.get(`/api/halls/${t.hallId}/online-items`));
    expect(all.length).toBeGreaterThan(10);
    expect((await t.http.get('/api/halls/00000000-0000-4000-8000-000000000000/online-items')).body.code).toBe('HALL_NOT_FOUND');
    // An administrator marks an item 全程网办.
    const admin = await t.login('admin');
    const setUp = all.find((i) => i.name === '企业设立登记')!;
    await ok(t.http.patch(`/api/items/${setUp.id}`).set(auth(admin)).send({ fullyOnline: true }));
    expect((await ok<OnlineItem[]>(t.http.get(`/api/halls/${t.hallId}/online-items`).query({ q: '企业设立' })))[0].fullyOnline).toBe(true);
  });

  it('refuses what is wrong with 4xx and keeps nothing, then receives a complete application as an online case', async () => {
    const exe = await upload(EXECUTABLE, 'scan.pdf');
    expect([exe.status, exe.body.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    const first = await ok<Staged>(upload(await pdfOf(2), '申请书.pdf'), 201);
    expect(first).toMatchObject({ mediaType: 'application/pdf', pages: 2 });
    const draft = first.draftToken;
    const second = await ok<Staged>(upload(JPEG, 'photo.jpg', draft), 201);
    expect(second.draftToken).toBe(draft);
    const third = await ok<Staged>(upload(JPEG, 'licence.jpg', draft), 201);
    const [m1, m2, m3] = change.materials.map((m) => m.name);
    const body = {
      itemId: change.id,
      draftToken: draft,
      applicant: ZHANG_SAN,
      materials: [
        { name: m1, fileIds: [first.id] },
        { name: m2, fileIds: [second.id] },
        { name: m3, fileIds: [third.id] },
      ],
    };
    const before = await t.dataSource.query(`select count(*)::int as n from cases`);

    const refusals: [object, number, string][] = [
      [{ ...body, materials: body.materials.slice(0, 2) }, 400, 'ONLINE_MATERIALS_MISSING'],
      [
        {
          ...body,
          applicant: {
            ...ZHANG_SAN,
            idNumber: `${residentId('11010519491231002').slice(0, 17)}${residentId('11010519491231002').endsWith('X') ? '1' : 'X'}`,
          },
        },
        400,
        'APPLICANT_ID_INVALID',
      ],
      [{ ...body, commitment: true, commitmentAccepted: true }, 409, 'COMMITMENT_NOT_OFFERED'],
      [{ ...body, materials: [...body.materials, { name: '户口本', fileIds: [third.id] }] }, 400, 'MATERIAL_UNKNOWN'],
      [{ ...body, draftToken: '00000000-0000-4000-8000-000000000001' }, 400, 'UPLOAD_NOT_FOUND'],
      [{ ...body, delivery: 'express' }, 409, 'DELIVERY_NOT_OFFERED'],
      [{ ...body, itemId: '00000000-0000-4000-8000-000000000002' }, 404, 'ITEM_NOT_FOUND'],
      [{ ...body, extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [wrong, status, code] of refusals) {
      const res = await submit(wrong);
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    expect(await t.dataSource.query(`select count(*)::int as n from cases`)).toEqual(before);

    const made = await ok<{ caseNumber: string; queryCode: string; status: string; caseUrl: string }>(submit(body), 201);
    expect(made.status).toBe('received');
    expect(made.caseUrl).toBe(`/case?no=${made.caseNumber}&code=${made.queryCode}`);
    const [row] = await t.dataSource.query(
      `select channel, clerk_id, visits, status, applicant_name_masked, applicant_name_enc from cases where case_number = $1`,
      [made.caseNumber],
    );
    expect(row).toMatchObject({ channel: 'online', clerk_id: null, visits: 0, status: 'received', applicant_name_masked: '张*' });
    // Sealed, never the name in clear.
    expect(row.applicant_name_enc).not.toContain('张三');
    const files = await t.dataSource.query(
      `select f.material_name, f.added_by_role from case_files f join cases c on c.id = f.case_id where c.case_number = $1 order by f.material_name`,
      [made.caseNumber],
    );
    expect(files).toHaveLength(3);
    expect(await t.dataSource.query(`select count(*)::int as n from staged_files where draft_token = $1`, [draft])).toEqual([{ n: 0 }]);

    // Each staged file joins one case only.
    expect((await submit(body)).body.code).toBe('UPLOAD_NOT_FOUND');

    // The citizen follows it on /case as any other case, with the files listed.
    const live = await ok<{ status: string }>(t.http.get('/api/case-live').query({ no: made.caseNumber, code: made.queryCode }));
    expect(live.status).toBe('received');
    const mats = await ok<{ materials: { files: unknown[] }[] }>(
      t.http.get('/api/case-materials').query({ no: made.caseNumber, code: made.queryCode }),
    );
    expect(mats.materials.map((m) => m.files.length)).toEqual([1, 1, 1]);

    // A clerk of the hall reads it; its history says it came online, the files added with it.
    const clerk = await t.login('clerk1');
    const [{ id }] = await t.dataSource.query(`select id from cases where case_number = $1`, [made.caseNumber]);
    const view = await ok<{ status: string; clerkId: string | null }>(t.http.get(`/api/cases/${id}`).set(auth(clerk)));
    expect(view).toMatchObject({ status: 'received', clerkId: null });
    const events = await ok<{ move: string; data: Record<string, unknown> }[]>(t.http.get(`/api/cases/${id}/events`).set(auth(clerk)));
    expect(events.map((e) => e.move)).toEqual(['receive', 'add_file', 'add_file', 'add_file']);
    expect(events[0].data).toMatchObject({ channel: 'online' });
  });

  it('takes 告知承诺 only with the commitment accepted', async () => {
    const draft = (await ok<Staged>(upload(JPEG, 'a.jpg'), 201)).draftToken;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await ok<Staged>(upload(JPEG, `p${i}.jpg`, draft), 201)).id);
    const required = food.materials.filter((m) => m.necessity === 'required');
    const body = {
      itemId: food.id,
      draftToken: draft,
      applicant: ZHANG_SAN,
      commitment: true,
      materials: required.map((m, i) => ({ name: m.name, fileIds: [ids[i]] })),
    };
    const res = await submit(body);
    expect([res.status, res.body.code]).toEqual([400, 'COMMITMENT_NOT_ACCEPTED']);
    const made = await ok<{ status: string }>(submit({ ...body, commitmentAccepted: true, delivery: 'express' }), 201);
    expect(made.status).toBe('received');
  });

  /** A complete online application for 企业变更登记, as the citizen sends it. */
  async function applyOnline(): Promise<{ caseNumber: string; queryCode: string; id: string }> {
    const draft = await ok<Staged>(upload(JPEG, 'a.jpg'), 201);
    const more = [
      (await ok<Staged>(upload(JPEG, 'b.jpg', draft.draftToken), 201)).id,
      (await ok<Staged>(upload(await pdfOf(1), 'c.pdf', draft.draftToken), 201)).id,
    ];
    const ids = [draft.id, ...more];
    const made = await ok<{ caseNumber: string; queryCode: string }>(
      submit({
        itemId: change.id,
        draftToken: draft.draftToken,
        applicant: ZHANG_SAN,
        materials: change.materials.map((m, i) => ({ name: m.name, fileIds: [ids[i]] })),
      }),
      201,
    );
    const [{ id }] = await t.dataSource.query(`select id from cases where case_number = $1`, [made.caseNumber]);
    return { ...made, id };
  }

  it('网上预审: the list with time waited, 补正 with a notice, re-upload and resubmission, then pass starts the clock', async () => {
    const clerk = await t.login('clerk1');
    const approver = await t.login('approver-scjg');
    const c = await applyOnline();
    clock.advance(25 * 60_000);
    const list = await ok<{ id: string; waitedMinutes: number; applicantName: string; corrections: number }[]>(
      t.http.get(`/api/halls/${t.hallId}/pre-examinations`).set(auth(clerk)),
    );
    expect(list.find((e) => e.id === c.id)).toMatchObject({ waitedMinutes: 25, applicantName: '张*', corrections: 0 });
    expect((await t.http.get(`/api/halls/${t.hallId}/pre-examinations`).set(auth(approver))).status).toBe(403);
    const move = (token: string, body: object) => t.http.post(`/api/cases/${c.id}/pre-examination`).set(auth(token)).send(body);

    // Refusals change nothing: an approver, a 补正 without its list, a refusal without its reason.
    expect((await move(approver, { decision: 'pass' })).status).toBe(403);
    expect((await move(clerk, { decision: 'correct' })).body.code).toBe('CASE_INPUT_MISSING');
    expect((await move(clerk, { decision: 'refuse' })).body.code).toBe('CASE_INPUT_MISSING');
    expect((await move(clerk, { decision: 'maybe' })).body.code).toBe('VALIDATION_FAILED');
    // A citizen cannot resubmit what was not sent back.
    expect((await t.http.post('/api/case-resubmission').query({ no: c.caseNumber, code: c.queryCode })).body.code).toBe(
      'ILLEGAL_CASE_MOVE',
    );

    const wrong = `${change.materials[1].name}：缺少股东会签字页`;
    const corrected = await ok<{ status: string; missingMaterials: string[] }>(
      move(clerk, { decision: 'correct', missingMaterials: [wrong] }),
    );
    expect(corrected).toMatchObject({ status: 'correction_requested', missingMaterials: [wrong] });
    const notices = await t.dataSource.query(`select kind, channel from notification_outbox where case_id = $1 order by channel`, [c.id]);
    expect(notices.map((n: { kind: string }) => n.kind)).toContain('correction_requested');
    expect(
      (await ok<unknown[]>(t.http.get(`/api/halls/${t.hallId}/pre-examinations`).set(auth(clerk)))).some(
        (e) => (e as { id: string }).id === c.id,
      ),
    ).toBe(false);

    // The applicant replaces the file of the second material on the case page and resubmits.
    const mats = await ok<{ materials: { files: { current: { id: string } }[] }[] }>(
      t.http.get('/api/case-materials').query({ no: c.caseNumber, code: c.queryCode }),
    );
    const old = mats.materials[1].files[0].current.id;
    const wrongCode = await t.http
      .post('/api/case-materials/1/files')
      .query({ no: c.caseNumber, code: 'WRONGCODE' })
      .attach('file', JPEG, 'x.jpg');
    expect(wrongCode.status).toBe(404);
    const again = await ok<{ version: number; replacesId: string; addedByRole: string }>(
      t.http
        .post('/api/case-materials/1/files')
        .query({ no: c.caseNumber, code: c.queryCode, replaces: old })
        .attach('file', await pdfOf(2), '决议.pdf'),
      201,
    );
    expect(again).toMatchObject({ version: 2, replacesId: old, addedByRole: 'applicant' });
    clock.advance(5 * 60_000);
    expect(await ok(t.http.post('/api/case-resubmission').query({ no: c.caseNumber, code: c.queryCode }))).toEqual({ status: 'received' });
    // Files are taken only while the 补正 is open.
    expect(
      (await t.http.post('/api/case-materials/1/files').query({ no: c.caseNumber, code: c.queryCode }).attach('file', JPEG, 'x.jpg')).body
        .code,
    ).toBe('CASE_FILES_CLOSED');
    const back = (
      await ok<{ id: string; waitedMinutes: number; corrections: number }[]>(
        t.http.get(`/api/halls/${t.hallId}/pre-examinations`).set(auth(clerk)),
      )
    ).find((e) => e.id === c.id);
    expect(back).toMatchObject({ waitedMinutes: 0, corrections: 1 });

    const passed = await ok<{ status: string; acceptedAt: string; clockStartAt: string; promisedDueAt: string; clerkId: string }>(
      move(clerk, { decision: 'pass' }),
    );
    expect(passed.status).toBe('accepted');
    expect(new Date(passed.acceptedAt).getTime()).toBe(clock.now().getTime());
    expect(passed.promisedDueAt).not.toBeNull();
    expect(passed.clerkId).not.toBeNull();
    expect((await move(clerk, { decision: 'pass' })).body.code).toBe('ILLEGAL_CASE_MOVE');
    // 只跑一次: 企业变更登记 is not 全程网办, so the citizen is told the originals to bring.
    const visit = await ok<{ passed: boolean; needsVisit: boolean; originals: { name: string; originals: number }[] }>(
      t.http.get('/api/case-visit').query({ no: c.caseNumber, code: c.queryCode }),
    );
    expect(visit).toMatchObject({ passed: true, needsVisit: true });
    expect(visit.originals.map((o) => o.name)).toEqual(change.materials.map((m) => m.name));
    const events = await ok<{ move: string; actorRole: string }[]>(t.http.get(`/api/cases/${c.id}/events`).set(auth(clerk)));
    expect(events.map((e) => e.move)).toEqual([
      'receive',
      'add_file',
      'add_file',
      'add_file',
      'request_correction',
      'replace_file',
      'complete_correction',
      'accept',
    ]);
    // The citizen applied and uploaded without an account: named as the applicant, not as the system.
    expect(events.slice(0, 4).map((e) => e.actorRole)).toEqual(['applicant', 'applicant', 'applicant', 'applicant']);
    expect(
      (await t.dataSource.query(`select kind from notification_outbox where case_id = $1 and kind = 'accepted'`, [c.id])).length,
    ).toBeGreaterThan(0);

    // 只跑一次: the window finds the case by its number and completes it from the pre-examined files.
    expect(visit).toMatchObject({ originalsSighted: false });
    const found = await ok<{ id: string; visits: number }>(
      t.http.get(`/api/halls/${t.hallId}/case-by-number`).query({ no: c.caseNumber }).set(auth(clerk)),
    );
    expect(found).toMatchObject({ id: c.id, visits: 0 });
    const filesBefore = await t.dataSource.query(`select id from case_files where case_id = $1 order by id`, [c.id]);
    const sighted = await ok<{ visits: number; status: string }>(
      t.http.post(`/api/cases/${c.id}/originals-sighted`).set(auth(clerk)).send({}),
    );
    expect(sighted).toMatchObject({ visits: 1, status: 'accepted' });
    expect(await t.dataSource.query(`select id from case_files where case_id = $1 order by id`, [c.id])).toEqual(filesBefore);
    const [note] = await t.dataSource.query(`select actor_role, data from case_events where case_id = $1 and move = 'sight_originals'`, [
      c.id,
    ]);
    expect(note).toMatchObject({ actor_role: 'clerk', data: { originals: visit.originals.map((o) => o.name) } });
    const twice = await t.http.post(`/api/cases/${c.id}/originals-sighted`).set(auth(clerk)).send({});
    expect([twice.status, twice.body.code]).toEqual([409, 'ORIGINALS_ALREADY_SIGHTED']);
    expect(await ok(t.http.get('/api/case-visit').query({ no: c.caseNumber, code: c.queryCode }))).toMatchObject({
      needsVisit: true,
      originalsSighted: true,
    });
    const missing = await t.http.get(`/api/halls/${t.hallId}/case-by-number`).query({ no: 'DEMO-19990101-0001' }).set(auth(clerk));
    expect([missing.status, missing.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
  });

  it('网上预审: 不予受理 with the reason ends the case and writes the 预审 refused notice', async () => {
    const clerk = await t.login('clerk1');
    // The 预审 room hears a case arrive and leave.
    const screen = io(t.url, { auth: { token: clerk }, transports: ['websocket'], forceNew: true });
    sockets.push(screen);
    const changes: PreExamChanged[] = [];
    screen.on('pre_exam.changed', (e: PreExamChanged) => changes.push(e));
    expect(await screen.timeout(5000).emitWithAck('subscribe', { kind: 'case-pre-exam', hallId: t.hallId })).toMatchObject({ ok: true });
    const approverScreen = io(t.url, { auth: { token: await t.login('approver-scjg') }, transports: ['websocket'], forceNew: true });
    sockets.push(approverScreen);
    expect(await approverScreen.timeout(5000).emitWithAck('subscribe', { kind: 'case-pre-exam', hallId: t.hallId })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    const c = await applyOnline();
    expect(await waitFor(() => changes.find((e) => e.caseId === c.id && e.listed))).toMatchObject({
      status: 'received',
      applicantName: '张*',
    });
    const refused = await ok<{ status: string }>(
      t.http.post(`/api/cases/${c.id}/pre-examination`).set(auth(clerk)).send({ decision: 'refuse', reason: '不属于本中心受理范围' }),
    );
    expect(refused.status).toBe('not_accepted');
    expect(await waitFor(() => changes.find((e) => e.caseId === c.id && !e.listed))).toMatchObject({ status: 'not_accepted' });
    const [notice] = await t.dataSource.query(
      `select kind, params from notification_outbox where case_id = $1 and kind = 'pre_exam_refused' and channel = 'page'`,
      [c.id],
    );
    expect(notice).toBeDefined();
    expect(JSON.stringify(notice)).toContain('不属于本中心受理范围');
  });

  it('measures the online channel: 网办率, 预审 pass rate and wait, 跑动次数', async () => {
    const manager = await t.login('manager');
    const m = await ok<Record<string, unknown>>(
      t.http.get(`/api/halls/${t.hallId}/online-measures`).set(auth(manager)).query({ from: '2026-03-02', to: '2026-03-02' }),
    );
    // Four online applications above, no window case; three 预审 decisions: 补正 after 25 minutes, then a pass and a refusal at once.
    expect(m).toMatchObject({
      cases: 4,
      onlineCases: 4,
      onlineRate: 1,
      preExaminations: 3,
      preExamMedianMinutes: 0,
      preExamMaxMinutes: 25,
      // The passed case's originals were sighted at the window: one trip (只跑一次).
      visits: { none: 0, one: 1, more: 0 },
      // The passed case's materials all came as files: none by a certificate.
      certificateShare: 0,
    });
    expect(m.preExamPassRate).toBeCloseTo(1 / 3);
    expect(
      (
        await t.http
          .get(`/api/halls/${t.hallId}/online-measures`)
          .set(auth(await t.login('clerk1')))
          .query({ from: '2026-03-02', to: '2026-03-02' })
      ).status,
    ).toBe(403);
    // The same figures in the managers' export, with the notices delivered and failed beside them.
    const csv = await t.http
      .get('/api/stats/online/export')
      .set(auth(manager))
      .query({ hallId: t.hallId, from: '2026-03-02', to: '2026-03-02', format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('指标,数值');
    expect(lines).toEqual(
      expect.arrayContaining(['办件总数,4', '网办率（%）,100', '预审通过率（%）,33.3', '跑一次件数（1 次）,1', '免证材料占比（%）,0']),
    );
    expect(lines.some((l) => l.startsWith('通知送达数,'))).toBe(true);
  });

  it("counts the public routes against the address's rate limit", async () => {
    let last = 200;
    for (let i = 0; i < 45 && last !== 429; i++) last = (await t.http.get(`/api/halls/${t.hallId}/online-items`)).status;
    expect(last).toBe(429);
  });
});
