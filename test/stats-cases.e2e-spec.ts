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
  local,
  ok,
  resubmit,
  ZHANG_SAN,
} from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { auth } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

interface CaseBody {
  id: string;
  caseNumber: string;
  status: string;
  acceptedAt: string | null;
  promisedDueAt: string | null;
  concludedAt: string | null;
  visits: number;
}

const HOUR = 3_600_000;

/**
 * Cases of November 2025 (no public holiday; hall hours 09:00–12:00 and 13:30–17:30), all
 * received by clerk1 without a ticket. 企业变更登记 is promised in 3 working days: accepted on
 * Monday 3 November, day 1 is Tuesday and it is due on Thursday 6 November at 17:30.
 *
 * | case | what happens                                                        | concluded        | on time | early |
 * |------|---------------------------------------------------------------------|------------------|---------|-------|
 * | A    | approved exactly at its due instant                                 | Thu 11-06 17:30  | yes     | no    |
 * | B    | approved on Wednesday                                               | Wed 11-05 10:00  | yes     | yes   |
 * | C    | approved the morning after its due                                  | Fri 11-07 09:00  | no      | no    |
 * | D    | suspended Tue 09:20 → Thu 09:20 (2 working days): due Mon 11-10     | Mon 11-10 17:00  | yes     | no    |
 * | E    | extended by 5 working days: due Thu 11-13                           | Wed 11-12 10:00  | yes     | yes   |
 * | F    | 发票领用 (税务局), a 即办件 concluded at acceptance                   | Mon 11-03 10:25  | yes     | —     |
 * | J    | 一次性告知, resubmitted on Tuesday (a second visit): due Fri 11-07     | Thu 11-06 10:00  | yes     | yes   |
 * | G    | not accepted (不予受理); H withdrawn; I aborted                       | —                |         |       |
 * | K    | accepted, never claimed: open and overdue                           |                  |         |       |
 * | L    | suspended Wed 11-05, before its due: open, not overdue              |                  |         |       |
 * | M    | suspended Fri 11-07, after its due: open and overdue                |                  |         |       |
 */
describe('stats: case measures, the overdue list and the on-time export', () => {
  let t: TestApp;
  let items: Record<string, ItemShape>;
  let departments: Record<string, string>;
  let clerk: string;
  let approver: string;
  let manager: string;
  const clock = new ManualClock(local('2025-11-03T10:00:00'));
  const cases: Record<string, CaseBody> = {};

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
    [items, departments] = await Promise.all([itemsByName(t), departmentsByCode(t)]);
    [clerk, approver, manager] = await Promise.all([t.login('clerk1'), t.login('approver-scjg'), t.login('manager')]);
  });
  afterAll(() => t.close());

  const change = () => items['企业变更登记'];
  const at = (wall: string) => clock.set(local(`2025-${wall}`));
  const receive = async (name: string, wall: string, decision = 'accept', item = change(), missing: string[] = []) => {
    at(wall);
    const body = await ok<{ cases: CaseBody[] }>(
      apply(t, clerk, {
        applicant: name === 'F' ? ACME : ZHANG_SAN,
        items: [
          {
            itemId: item.id,
            materials: checklist(item, missing),
            decision,
            ...(decision === 'refuse' ? { reason: '不属于本机关职权范围' } : {}),
          },
        ],
      }),
      201,
    );
    cases[name] = body.cases[0];
    return cases[name];
  };
  const moveCase = async (token: string, name: string, wall: string, path: string, body: object = {}) => {
    at(wall);
    cases[name] = await ok<CaseBody>(caseMove(t, token, cases[name].id, path, body));
    return cases[name];
  };
  const report = async (path: string, query: Record<string, string> = {}) =>
    ok<Record<string, unknown> & { groups: Record<string, unknown>[]; total: Record<string, unknown> }>(
      t.http
        .get(`/api/stats/${path}`)
        .query({ hallId: t.hallId, from: '2025-11-01', to: '2025-11-30', ...query })
        .set(auth(manager)),
    );

  it("receives the month's cases", async () => {
    for (const [name, wall] of [
      ['A', '11-03T10:00:00'],
      ['B', '11-03T10:05:00'],
      ['C', '11-03T10:10:00'],
      ['D', '11-03T10:15:00'],
      ['E', '11-03T10:20:00'],
    ]) {
      expect(await receive(name, wall)).toMatchObject({ status: 'accepted', promisedDueAt: instant('2025-11-06T17:30:00') });
    }
    expect(await receive('F', '11-03T10:25:00', 'accept', items['发票领用'])).toMatchObject({
      concludedAt: instant('2025-11-03T10:25:00'),
    });
    expect(await receive('G', '11-03T10:30:00', 'refuse')).toMatchObject({ status: 'not_accepted' });
    await receive('H', '11-03T10:35:00');
    await receive('I', '11-03T10:40:00');
    expect(await receive('J', '11-03T10:45:00', 'request_correction', change(), ['变更决议或决定'])).toMatchObject({
      status: 'correction_requested',
    });
    await receive('K', '11-03T10:50:00');
    await receive('L', '11-03T10:55:00');
    await receive('M', '11-03T11:00:00');
    await moveCase(clerk, 'H', '11-03T11:10:00', 'withdraw', { reason: '申请人书面撤回' });
    await moveCase(manager, 'I', '11-03T11:15:00', 'abort', { reason: '申请人死亡，办件无法继续' });
    at('11-04T09:30:00');
    cases.J = await ok<CaseBody>(resubmit(t, clerk, cases.J.id, { materials: checklist(change()), decision: 'accept' }));
    expect(cases.J).toMatchObject({ status: 'accepted', visits: 2, promisedDueAt: instant('2025-11-07T17:30:00') });
  });

  it('works them in the back office: on time, early, late, suspended, extended', async () => {
    for (const name of ['B', 'A', 'C', 'D', 'E']) await moveCase(approver, name, '11-04T09:00:00', 'claim');
    await moveCase(approver, 'D', '11-04T09:20:00', 'suspend', {
      kind: 'correction',
      reason: '补正营业执照正副本',
      expectedWorkingDays: 2,
    });
    await moveCase(approver, 'B', '11-05T10:00:00', 'decision', { decision: 'approve' });
    await moveCase(approver, 'E', '11-05T11:00:00', 'extension-request', { workingDays: 5, reason: '需要核查变更决议' });
    expect(await moveCase(manager, 'E', '11-05T11:30:00', 'extension-request/approve', {})).toMatchObject({
      promisedDueAt: instant('2025-11-13T17:30:00'),
    });
    for (const name of ['J', 'L', 'M']) await moveCase(approver, name, '11-05T08:50:00', 'claim');
    await moveCase(approver, 'L', '11-05T09:00:00', 'suspend', {
      kind: 'special_procedure',
      procedure: '现场踏勘',
      reason: '核查经营场所',
      expectedWorkingDays: 10,
    });
    await moveCase(approver, 'J', '11-06T10:00:00', 'decision', { decision: 'approve' });
    expect(await moveCase(approver, 'D', '11-06T09:20:00', 'resume')).toMatchObject({ promisedDueAt: instant('2025-11-10T17:30:00') });
    // The edge: concluded at exactly the due instant counts as on time.
    clock.set(cases.A.promisedDueAt!);
    cases.A = await ok<CaseBody>(caseMove(t, approver, cases.A.id, 'decision', { decision: 'approve' }));
    expect(cases.A.concludedAt).toBe(cases.A.promisedDueAt);
    await moveCase(approver, 'C', '11-07T09:00:00', 'decision', { decision: 'approve' });
    await moveCase(approver, 'M', '11-07T09:00:00', 'suspend', { kind: 'correction', reason: '补交股东会决议', expectedWorkingDays: 5 });
    await moveCase(approver, 'D', '11-10T17:00:00', 'decision', { decision: 'approve' });
    await moveCase(approver, 'E', '11-12T10:00:00', 'decision', { decision: 'approve' });
    at('11-14T10:00:00');
  });

  it('按时办结率 6/7 and 提前办结率 3/7 for the month; withdrawn, aborted and not accepted never count as concluded', async () => {
    const body = await report('on-time');
    expect(body).toMatchObject({ hallId: t.hallId, from: '2025-11-01', to: '2025-11-30', groupBy: null, timezone: 'Asia/Shanghai' });
    expect(body.total).toEqual({
      key: null,
      label: '合计',
      concluded: 7,
      onTime: 6,
      early: 3,
      overdue: 1,
      onTimeRate: 6 / 7,
      earlyRate: 3 / 7,
    });
  });

  it('per day of conclusion (A at its due instant is on time, not early), week, department and item', async () => {
    const byDay = await report('on-time', { groupBy: 'day' });
    expect(byDay.groups.map((g) => [g.key, g.concluded, g.onTime, g.early, g.overdue])).toEqual([
      ['2025-11-03', 1, 1, 0, 0],
      ['2025-11-05', 1, 1, 1, 0],
      ['2025-11-06', 2, 2, 1, 0],
      ['2025-11-07', 1, 0, 0, 1],
      ['2025-11-10', 1, 1, 0, 0],
      ['2025-11-12', 1, 1, 1, 0],
    ]);
    const byWeek = await report('on-time', { groupBy: 'week' });
    expect(byWeek.groups).toEqual([
      {
        key: '2025-11-03',
        label: '2025-11-03 至 2025-11-09',
        concluded: 5,
        onTime: 4,
        early: 2,
        overdue: 1,
        onTimeRate: 0.8,
        earlyRate: 0.4,
      },
      {
        key: '2025-11-10',
        label: '2025-11-10 至 2025-11-16',
        concluded: 2,
        onTime: 2,
        early: 1,
        overdue: 0,
        onTimeRate: 1,
        earlyRate: 0.5,
      },
    ]);
    const byDepartment = await report('on-time', { groupBy: 'department' });
    expect(byDepartment.groups.map((g) => [g.key, g.label, g.concluded, g.onTime])).toEqual([
      [departments.SCJG, '市场监督管理局', 6, 5],
      [departments.SW, '税务局', 1, 1],
    ]);
    const oneItem = await report('on-time', { groupBy: 'month', itemId: change().id });
    expect(oneItem.groups).toEqual([
      { key: '2025-11-01', label: '2025-11', concluded: 6, onTime: 5, early: 3, overdue: 1, onTimeRate: 5 / 6, earlyRate: 0.5 },
    ]);
  });

  it('the cases report: 即办率, 一次办结率, extended, the excluded outcomes apart, and what is overdue now', async () => {
    const body = await report('cases');
    expect(body.total).toMatchObject({
      accepted: 12,
      concluded: 7,
      onTime: 6,
      early: 3,
      overdue: 1,
      instant: 1,
      oneVisit: 6,
      extended: 1,
      reported: 0,
      revoked: 0,
      withdrawn: 1,
      aborted: 1,
      notAccepted: 1,
      returned: 0,
      instantRate: 1 / 7,
      oneVisitRate: 6 / 7,
    });
    expect(body.openOverdue).toBe(2);
    const byDay = await report('cases', { groupBy: 'day', to: '2025-11-04' });
    expect(byDay.groups.map((g) => [g.key, g.accepted, g.concluded, g.notAccepted, g.withdrawn, g.aborted])).toEqual([
      ['2025-11-03', 11, 1, 1, 1, 1],
      ['2025-11-04', 1, 0, 0, 0, 0],
    ]);
  });

  it('lists the open cases past due — a case suspended before its due is not one — and drills down to its trail', async () => {
    const list = await ok<{ total: number; items: { caseId: string; status: string; overdueMs: number }[] }>(
      t.http.get('/api/stats/overdue').query({ hallId: t.hallId }).set(auth(manager)),
    );
    expect(list.total).toBe(2);
    expect(list.items.map((c) => [c.caseId, c.status, c.overdueMs]).sort()).toEqual(
      [
        [cases.K.id, 'accepted', (7 * 24 + 16.5) * HOUR],
        [cases.M.id, 'suspended', 15.5 * HOUR],
      ].sort(),
    );
    const page = await ok<{ total: number; items: unknown[] }>(
      t.http.get('/api/stats/overdue').query({ hallId: t.hallId, limit: 1, offset: 1 }).set(auth(manager)),
    );
    expect(page).toMatchObject({ total: 2, items: [expect.anything()] });
    const detail = await ok<{ case: CaseBody; events: { move: string }[] }>(
      t.http.get(`/api/stats/overdue/${cases.K.id}`).set(auth(manager)),
    );
    expect(detail.case).toMatchObject({ id: cases.K.id, status: 'accepted' });
    expect(detail.events.map((e) => e.move)).toEqual(['receive', ...change().materials.map(() => 'add_file'), 'accept']);
  });

  it('exports the on-time report as CSV with its 合计 row, and the overdue list with local times', async () => {
    const text = (res: { body: Buffer }) => res.body.toString('utf8');
    const onTime = await t.http
      .get('/api/stats/on-time/export')
      .query({ hallId: t.hallId, from: '2025-11-01', to: '2025-11-30', groupBy: 'week' })
      .set(auth(manager))
      .responseType('blob')
      .expect(200);
    expect(text(onTime)).toBe(
      [
        '\ufeff分组,办结数,按时办结数,提前办结数,超期办结数,按时办结率（%）,提前办结率（%）',
        '2025-11-03 至 2025-11-09,5,4,2,1,80,40',
        '2025-11-10 至 2025-11-16,2,2,1,0,100,50',
        '合计,7,6,3,1,85.71,42.86',
        '',
      ].join('\r\n'),
    );
    const overdue = await t.http
      .get('/api/stats/overdue/export')
      .query({ hallId: t.hallId })
      .set(auth(manager))
      .responseType('blob')
      .expect(200);
    const lines = text(overdue).split('\r\n');
    expect(lines[0]).toBe('\ufeff办件编号,事项,实施部门,状态,受理时间,承诺办结期限,法定办结期限,超期（小时）,预警级别');
    expect(lines.slice(1, 3).sort()).toEqual(
      [
        `${cases.K.caseNumber},企业变更登记,市场监督管理局,已受理,2025-11-03 10:50,2025-11-06 17:30,2025-11-24 17:30,184.5,正常`,
        `${cases.M.caseNumber},企业变更登记,市场监督管理局,挂起,2025-11-03 11:00,2025-11-06 17:30,2025-11-24 17:30,15.5,正常`,
      ].sort(),
    );
  });
});
