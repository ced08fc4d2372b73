import { Clock } from '../src/common/time/clock';
import { apply, caseMove, checklist, ItemShape, itemsByName, ZHANG_SAN } from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

interface RebuildResult {
  tables: { table: string; rows: number; differences: number }[];
}

/** Deterministic, so a failure replays: mulberry32. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20_260_302;

/**
 * The roll-ups are kept move by move by the event handlers; the rebuild recomputes them from the
 * cases, tickets and window events. After a random run of moves — many of them refused, made on
 * two instances of the server, across local midnight — both must be the same, row for row.
 */
describe('stats: roll-ups kept move by move equal their recomputation', () => {
  let a: TestApp;
  let b: TestApp;
  let refs: HallRefs;
  let items: Record<string, ItemShape>;
  const clock = new ManualClock('2026-03-02T08:30:00+08:00');
  const rand = random(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    a = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
    b = await createTestApp({
      seed: false,
      databaseUrl: a.databaseUrl,
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0' },
    });
    b.hallId = a.hallId;
    refs = await hallRefs(a);
    items = await itemsByName(a);
    for (const user of ['clerk1', 'clerk2', 'approver-scjg', 'manager', 'admin']) tokens[user] = await a.login(user);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const rebuild = async (): Promise<RebuildResult> => (await a.http.post('/api/stats/rebuild').set(auth(tokens.admin)).expect(200)).body;

  // Some 300 requests and a rebuild: minutes on a busy machine.
  it('plays a random day and a half of queue, windows and cases on two instances, then finds nothing to correct', async () => {
    // W3 serves A, C and E; W6 serves C and E.
    const desks = [
      { window: refs.window[3], clerk: 'clerk1', serves: ['A', 'C', 'E'] },
      { window: refs.window[6], clerk: 'clerk2', serves: ['C', 'E'] },
    ];
    const categories = [refs.category.A, refs.category.C, refs.category.E];
    const statuses = { refused: 0, done: 0 };
    const count = (status: number) => (status < 300 ? statuses.done++ : statuses.refused++);
    for (const d of desks) await a.http.post(`/api/windows/${d.window}/open`).set(auth(tokens[d.clerk])).expect(200);

    for (let step = 0; step < 260; step++) {
      clock.advance(Math.floor(rand() * 3 * 60_000));
      if (step === 150) {
        // W3 stays open overnight; opening it again the next morning ends that span, which is cut at local midnight.
        await a.http.post(`/api/windows/${desks[0].window}/open`).set(auth(tokens.clerk1)).expect(200);
        clock.set('2026-03-03T08:55:00+08:00');
        await b.http.post(`/api/windows/${desks[0].window}/open`).set(auth(tokens.clerk1)).expect(200);
      }
      const t = rand() < 0.5 ? a : b;
      const roll = rand();
      if (roll < 0.25) {
        const res = await issue(t, { categoryId: pick(categories), source: 'kiosk' }, { token: KIOSK_TOKEN });
        count(res.status);
      } else if (roll < 0.72) {
        // A desk works on what it holds, or takes a ticket of its categories from the queue.
        const desk = pick(desks);
        const [held] = await a.dataSource.query(
          `select id, status from tickets where window_id = $1 and status in ('called', 'serving', 'held')
            order by (status = 'held'), md5(id::text || $2) limit 1`,
          [desk.window, String(step)],
        );
        const [queued] = await a.dataSource.query(
          `select id, status from tickets where status in ('waiting', 'no_show') and category_id = any($1::uuid[])
            order by md5(id::text || $2) limit 1`,
          [desk.serves.map((p) => refs.category[p]), String(step)],
        );
        const ticket = held && (held.status !== 'held' || rand() < 0.5) ? held : (queued ?? held);
        if (!ticket) continue;
        const moves: Record<string, string[]> = {
          waiting: ['call', 'call', 'call', 'cancel'],
          called: ['start', 'start', 'recall', 'no-show', 'cancel', 'transfer'],
          serving: ['finish', 'finish', 'finish', 'hold', 'transfer'],
          held: ['resume'],
          no_show: ['requeue', 'requeue', 'cancel'],
        };
        const move = pick(moves[ticket.status]);
        const body = move === 'transfer' ? { categoryId: pick(categories) } : {};
        count((await windowMove(t, tokens[desk.clerk], desk.window, ticket.id, move, body)).status);
      } else if (roll < 0.76) {
        const desk = pick(desks);
        count(
          (
            await t.http
              .post(`/api/windows/${desk.window}/${pick(['open', 'open', 'open', 'pause', 'close'])}`)
              .set(auth(tokens[desk.clerk]))
          ).status,
        );
      } else {
        const [open] = await a.dataSource.query(
          `select id, status from cases where status in ('accepted', 'in_review', 'suspended') order by md5(id::text || $1) limit 1`,
          [String(step)],
        );
        const r = rand();
        if (!open || r < 0.3) {
          const item = pick([items['企业变更登记'], items['企业变更登记'], items['发票领用']]);
          const decision = pick(['accept', 'accept', 'accept', 'refuse']);
          count(
            (
              await apply(t, tokens.clerk1, {
                applicant: ZHANG_SAN,
                items: [
                  { itemId: item.id, materials: checklist(item), decision, ...(decision === 'refuse' ? { reason: '材料不真实' } : {}) },
                ],
              })
            ).status,
          );
        } else {
          const [token, path, body] = pick<[string, string, object]>([
            [tokens['approver-scjg'], 'claim', {}],
            [tokens['approver-scjg'], 'decision', { decision: 'approve' }],
            [tokens['approver-scjg'], 'decision', { decision: 'approve' }],
            [tokens['approver-scjg'], 'suspend', { kind: 'correction', reason: '补正', expectedWorkingDays: 1 }],
            [tokens['approver-scjg'], 'resume', {}],
            [tokens['approver-scjg'], 'extension-request', { workingDays: 3, reason: '需要核查' }],
            [tokens.manager, 'extension-request/approve', {}],
            [tokens.clerk1, 'withdraw', { reason: '申请人书面撤回' }],
            [tokens.manager, 'abort', { reason: '异常终止' }],
          ]);
          count((await caseMove(t, token, open.id, path, body)).status);
        }
      }
    }
    // Citizens rate some of the finished visits and cases; 差评 get their tasks, and managers work some of them to the end.
    const done: { access_code: string }[] = await a.dataSource.query(
      `select access_code from tickets where status = 'done' order by id limit 6`,
    );
    for (const [i, { access_code: code }] of done.entries()) {
      const score = [5, 2, 4, 1, 3, 2][i];
      const body = score <= 2 ? { score, reasons: ['等候时间长'] } : { score };
      count(
        (
          await a.http
            .post(`/api/tickets/${code}/rating`)
            .set('X-Forwarded-For', `198.51.100.${i + 1}`)
            .send(body)
        ).status,
      );
    }
    const concluded: { case_number: string; query_code: string }[] = await a.dataSource.query(
      `select case_number, query_code from cases where concluded_at is not null order by id limit 2`,
    );
    for (const [i, c] of concluded.entries()) {
      count(
        (
          await b.http
            .post('/api/cases/rating')
            .set('X-Forwarded-For', `198.51.100.${i + 20}`)
            .send({ caseNumber: c.case_number, queryCode: c.query_code, score: 1 + i, reasons: ['办理时间长'] })
        ).status,
      );
    }
    const tasks: { id: string }[] = await a.dataSource.query(`select id from rectification_tasks order by id`);
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    for (const [i, task] of tasks.entries()) {
      const steps: [string, object][] = [
        ['contact', { method: 'phone' }],
        ['reply', { outcome: '已整改', citizenSatisfied: true }],
        ['close', {}],
      ];
      // The first task to the end, the next one contacted, and so on.
      for (const [move, body] of steps.slice(0, [3, 1, 2, 0][i % 4])) {
        count((await (i % 2 ? a : b).http.post(`/api/rectifications/${task.id}/${move}`).set(auth(tokens.manager)).send(body)).status);
      }
    }

    // Both kinds happened: the refused moves must have left the roll-ups alone.
    expect(statuses.done).toBeGreaterThan(100);
    expect(statuses.refused).toBeGreaterThan(5);
    // A window left open overnight has its open time cut at local midnight.
    const [{ n: days }] = await a.dataSource.query(`select count(distinct local_date)::int as n from stats_window_days`);
    expect(days).toBeGreaterThanOrEqual(2);

    const result = await rebuild();
    expect(result.tables.map((x) => x.table)).toEqual([
      'stats_case_days',
      'stats_case_months',
      'stats_case_item_days',
      'stats_queue_hours',
      'stats_queue_days',
      'stats_queue_hour_months',
      'stats_queue_months',
      'stats_rating_days',
      'stats_rating_months',
      'stats_rating_channel_days',
      'stats_window_days',
      'stats_window_state',
    ]);
    expect(result.tables.filter((x) => x.differences !== 0)).toEqual([]);
    for (const table of ['stats_case_days', 'stats_queue_days', 'stats_rating_days'])
      expect(result.tables.find((x) => x.table === table)!.rows).toBeGreaterThan(0);
    const [{ closed }] = await a.dataSource.query(`select count(*)::int as closed from rectification_tasks where status = 'closed'`);
    expect(closed).toBeGreaterThan(0);
  }, 300_000);

  it('finds and repairs a row written around the handlers, for one hall', async () => {
    await a.dataSource.query(`update stats_queue_days set called = called + 1 where ctid = (select ctid from stats_queue_days limit 1)`);
    const result = (await (
      await a.http.post('/api/stats/rebuild').query({ hallId: a.hallId }).set(auth(tokens.admin)).expect(200)
    ).body) as RebuildResult;
    expect(result.tables.find((x) => x.table === 'stats_queue_days')!.differences).toBe(2);
    expect((await rebuild()).tables.every((x) => x.differences === 0)).toBe(true);
  });

  it("is an admin's to run", async () => {
    await a.http.post('/api/stats/rebuild').set(auth(tokens.manager)).expect(403);
  });
});
