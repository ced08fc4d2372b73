import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../../src/common/time/clock';
import { JsonLineChild } from '../support/child-process';
import { FIXTURE_TIME } from '../support/hall-fixtures';
import { ManualClock } from '../support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, sleep } from '../support/queue-helpers';
import { createTestApp, TestApp } from '../support/test-app';

const WORKERS = 8;
const PREFIXES = ['A', 'C', 'E'];

interface Result {
  status: number;
  body: { id?: string; number?: string; code?: string; requestId?: string; statusCode?: number };
  at: number;
}

function report(line: string): void {
  process.stdout.write(`[postgres-restart] ${line}\n`);
}

// The test's own PostgreSQL, restarted under load: the shared one of the other test files must stay up.
describe('PostgreSQL restarted while tickets are issued concurrently', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-pg-restart-'));
  // As root, PostgreSQL runs as `postgres`, which must be able to pass through this folder.
  chmodSync(dir, 0o755);
  let pg: JsonLineChild;
  let t: TestApp;
  let refs: HallRefs;

  beforeAll(async () => {
    pg = new JsonLineChild(process.execPath, [
      '-r',
      join(__dirname, '../support/ts-register.cjs'),
      join(__dirname, '../support/postgres-child.ts'),
      join(dir, 'pg'),
    ]);
    const ready = await pg.next(120_000);
    if (!ready.ready) throw new Error(`PostgreSQL did not start: ${JSON.stringify(ready)}`);
    t = await createTestApp({ databaseUrl: ready.url as string, overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }] });
    refs = await hallRefs(t);
    // The demo categories stop at 300 a day; a fast machine issues more than that in the two runs on one day.
    const admin = await t.login('admin');
    for (const prefix of PREFIXES) {
      await t.http.patch(`/api/categories/${refs.category[prefix]}`).set(auth(admin)).send({ dailyCap: 100000 }).expect(200);
    }
  });
  afterAll(async () => {
    await t?.close();
    if (pg) {
      pg.send('stop');
      await pg.next(30_000).catch(() => pg.process.kill('SIGKILL'));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  for (const mode of ['restart', 'crash'] as const) {
    it(`${mode}: each request succeeds once or fails with 503, every acknowledged ticket is there with a unique number, and the app recovers by itself`, async () => {
      const results: Result[] = [];
      let running = true;
      const workers = Array.from({ length: WORKERS }, async (_, w) => {
        while (running) {
          const res = await issue(t, { categoryId: refs.category[PREFIXES[w % PREFIXES.length]], source: 'kiosk' }, { token: KIOSK_TOKEN });
          results.push({ status: res.status, body: res.body, at: Date.now() });
          // While the database is down every request fails at once; do not spin.
          if (res.status !== 201) await sleep(20);
        }
      });
      await sleep(1000);
      const issuedBefore = results.filter((r) => r.status === 201).length;
      pg.send(mode);
      const answer = await pg.next(120_000);
      expect(answer[mode]).toBe(true);
      const back = Date.now();
      // Recovered: tickets are issued again, without restarting the app.
      for (const deadline = back + 20_000; !results.some((r) => r.at > back && r.status === 201) && Date.now() < deadline;) await sleep(50);
      await sleep(1000);
      running = false;
      await Promise.all(workers);

      const acknowledged = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status !== 201);
      report(
        `${mode}: database down ${answer.downMs} ms, back after ${answer.totalMs} ms; ${results.length} requests: ` +
          `${acknowledged.length} issued (${issuedBefore} before), ${refused.length} refused (${[...new Set(refused.map((r) => `${r.status} ${r.body.code}`))].join(', ')})`,
      );

      const unclear = refused.filter(
        (r) =>
          !(r.status === 503 && r.body.code === 'SERVICE_UNAVAILABLE' && r.body.statusCode === 503 && typeof r.body.requestId === 'string'),
      );
      expect(unclear.map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
      expect(refused.length).toBeGreaterThan(0);
      expect(results.some((r) => r.at > back && r.status === 201)).toBe(true);

      const ids = acknowledged.map((r) => r.body.id!);
      expect(new Set(ids).size).toBe(ids.length);
      const numbers = acknowledged.map((r) => r.body.number!);
      expect(new Set(numbers).size).toBe(numbers.length);
      const [stored] = await t.dataSource.query(`select count(*)::int as n from tickets where id = any($1::uuid[])`, [ids]);
      expect(stored.n).toBe(ids.length);
      expect(await t.dataSource.query(`select category_id, local_date, number from tickets group by 1, 2, 3 having count(*) > 1`)).toEqual(
        [],
      );
      // Gap-free as well: an issue that failed never used up a number.
      expect(
        await t.dataSource.query(`select category_id from tickets group by category_id, local_date having max(seq) <> count(*)`),
      ).toEqual([]);
    });
  }
});
