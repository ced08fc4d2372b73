import { randomUUID } from 'node:crypto';
import { CaseSweepService } from '../src/cases/case-sweep.service';
import { settle } from '../src/common/batching/keyed-batcher';
import { Clock } from '../src/common/time/clock';
import { IssueBatcher, IssueDraft } from '../src/queue/issue-batcher';
import { apply, checklist, itemsByName, ok, ZHANG_SAN } from './support/case-helpers';
import { FIXTURE_TIME } from './support/hall-fixtures';
import { ManualClock } from './support/manual-clock';
import { countRows, hallRefs, HallRefs, issue, KIOSK_TOKEN } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 19: 30 good kiosk tickets sent together with one whose priorityReason held a NUL gave 30
 * failures. The bad request is now refused before it is batched, and a batch the database refuses
 * whole is settled request by request, so only the bad one fails either way.
 */
describe('one bad request never fails its batch', () => {
  let t: TestApp;
  let refs: HallRefs;

  beforeAll(async () => {
    t = await createTestApp({
      overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0' },
    });
    refs = await hallRefs(t);
  });
  afterAll(() => t?.close());

  it('30 good kiosk tickets and one with a NUL in priorityReason, together: 30 issued, one refused', async () => {
    const before = await countRows(t);
    const good = Array.from({ length: 30 }, (_, i) => ({
      categoryId: refs.category.A,
      source: 'kiosk',
      priority: i % 3 === 0,
      priorityReason: i % 3 === 0 ? '老年人' : undefined,
    }));
    const bad = { categoryId: refs.category.A, source: 'kiosk', priority: true, priorityReason: '老年人\u0000' };
    const all = [...good.slice(0, 15), bad, ...good.slice(15)];
    const responses = await Promise.all(all.map((body) => issue(t, body, { token: KIOSK_TOKEN })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(responses[15].status).toBe(400);
    expect(responses[15].body.code).toBe('INPUT_CONTROL_CHARACTER');
    const after = await countRows(t);
    expect(after.tickets - before.tickets).toBe(30);
    expect(new Set(responses.filter((r) => r.status === 201).map((r) => r.body.number)).size).toBe(30);
  });

  it('settles a batch the database refuses whole one draft at a time: the poisoned draft fails, the others are issued', async () => {
    const batcher = t.app.get(IssueBatcher);
    const [{ local_date: localDate }] = await t.dataSource.query(
      `select to_char(($1::timestamptz at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as local_date`,
      [FIXTURE_TIME],
    );
    const draft = (priorityReason: string | null): IssueDraft => ({
      id: randomUUID(),
      hallId: t.hallId,
      categoryId: refs.category.B,
      prefix: 'B',
      localDate,
      cap: null,
      source: 'kiosk',
      priority: priorityReason !== null,
      priorityReason,
      itemId: null,
      accessCode: randomUUID().slice(0, 12),
      actorKind: 'device',
      actorId: null,
      details: { source: 'kiosk' },
    });
    // Past the validation, as a check missed tomorrow would let it: PostgreSQL refuses NUL in text, and with it the batch's one statement.
    const drafts = [...Array.from({ length: 20 }, () => draft(null)), draft('\u0000'), ...Array.from({ length: 10 }, () => draft('孕妇'))];
    const before = await countRows(t);
    const results = await Promise.all(drafts.map((d) => settle(batcher.issue(d))));
    expect(results.map((r) => r.ok)).toEqual(drafts.map((d) => d.priorityReason !== '\u0000'));
    expect((await countRows(t)).tickets - before.tickets).toBe(30);
    const numbers = results.flatMap((r) => (r.ok ? [r.value.number] : []));
    expect(new Set(numbers).size).toBe(30);
  });

  it("sweeps the other cases' warnings when one case of the batch cannot be swept", async () => {
    const clerk = await t.login('clerk1');
    const food = (await itemsByName(t))['食品经营许可'];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const {
        cases: [c],
      } = await ok<{ cases: { id: string }[] }>(
        apply(t, clerk, {
          applicant: ZHANG_SAN,
          items: [{ itemId: food.id, materials: checklist(food), decision: 'accept' }],
        }),
        201,
      );
      ids.push(c.id);
    }
    // One corrupt row (a step share the clock refuses), and every case due for its warning check.
    await t.dataSource.query(`update cases set steps = jsonb_set(steps, '{0,sharePercent}', '-5') where id = $1`, [ids[1]]);
    await t.dataSource.query(`update cases set next_warning_at = $2::timestamptz - interval '1 hour' where id = any($1)`, [
      ids,
      FIXTURE_TIME,
    ]);
    const result = await t.app.get(CaseSweepService).sweep();
    expect(result.checked).toBeGreaterThanOrEqual(3);
    const rows: { id: string; due: boolean }[] = await t.dataSource.query(
      `select id, next_warning_at <= $2::timestamptz as due from cases where id = any($1)`,
      [ids, FIXTURE_TIME],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.due]))).toEqual({ [ids[0]]: false, [ids[1]]: true, [ids[2]]: false });
  });
});
