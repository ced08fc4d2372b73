import { AuthService } from '../src/auth/auth.service';
import { CalendarService } from '../src/calendar/calendar.service';
import { SETTINGS_CHECK_INTERVAL_MS } from '../src/database/settings-revision.service';
import { Clock } from '../src/common/time/clock';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, sleep, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

const ISSUES = 200;
const WINDOWS = 20;

function report(line: string): void {
  process.stdout.write(`[queue-concurrency] ${line}\n`);
}

describe('queue under concurrency, two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let refs: HallRefs;
  const clock = new ManualClock('2026-03-02T10:00:00+08:00');

  beforeAll(async () => {
    const options = { overrides: [{ provide: Clock, useValue: clock }], env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000' } };
    a = await createTestApp(options);
    b = await createTestApp({ ...options, databaseUrl: a.databaseUrl, seed: false });
    b.hallId = a.hallId;
    refs = await hallRefs(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** Windows of the hall, each with a clerk of its own (signed directly: password checks would only slow the test down). */
  async function addWindows(count: number, firstNumber: number, clerkPrefix: string, categories: (n: number) => object[]) {
    const [admin, security] = await Promise.all([a.login('admin'), a.login('security')]);
    const windows: { id: string; token: string }[] = [];
    for (let n = 0; n < count; n++) {
      const w = await a.http
        .post(`/api/halls/${a.hallId}/windows`)
        .set(auth(admin))
        .send({
          number: firstNumber + n,
          name: `${firstNumber + n}号综合窗口`,
          kind: 'comprehensive',
          categories: categories(n),
        })
        .expect(201);
      const user = await a.http
        .post('/api/users')
        .set(auth(security))
        .send({
          username: `${clerkPrefix}-${n}`,
          password: 'Load-clerk#2026',
          displayName: `窗口${n}`,
          role: 'clerk',
          hallIds: [a.hallId],
        })
        .expect(201);
      windows.push({ id: w.body.id, token: (await a.app.get(AuthService).signFor(user.body, 3600)).token });
    }
    return windows;
  }

  /** Holds the rows a `select … for update` locks from another transaction until release. */
  async function holdRows(lockingSelect: string, params: unknown[]): Promise<() => Promise<void>> {
    const holder = a.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(lockingSelect, params);
    return async () => {
      await holder.commitTransaction();
      await holder.release();
    };
  }

  /** A window's desk row held, so that a batch with a move at that window stays in flight until release. */
  const holdDesk = (windowId: string) => holdRows('select 1 from window_desks where window_id = $1 for update', [windowId]);

  /** Sent at once (supertest sends on then). */
  const callNextAt = (windowId: string, token: string) =>
    a.http
      .post(`/api/windows/${windowId}/call-next`)
      .set(auth(token))
      .then((r) => r);

  it(`${ISSUES} concurrent issues split across the instances give unique, gap-free numbers per category`, async () => {
    const clerk = await a.login('clerk1');
    const prefixes = ['A', 'C', 'E'];
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: ISSUES }, (_, i) => {
        const app = i % 2 === 0 ? a : b;
        const body = { categoryId: refs.category[prefixes[i % 3]] };
        switch (i % 4) {
          case 0:
            return issue(app, { ...body, source: 'kiosk' }, { token: KIOSK_TOKEN });
          case 1:
            return issue(app, { ...body, source: 'phone' }, { from: `192.0.2.${i % 50}` });
          case 2:
            return issue(app, { ...body, source: 'walk_in' }, { token: clerk });
          default:
            return issue(app, { ...body, source: 'kiosk', priority: true, priorityReason: '残疾人' }, { token: KIOSK_TOKEN });
        }
      }),
    );
    const ms = Date.now() - started;
    report(`${ISSUES} issues over 2 instances: ${ms} ms (${Math.round((ISSUES / ms) * 1000)} tickets/s)`);

    expect(results.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.code}`)).toEqual([]);
    const byPrefix = new Map<string, number[]>();
    for (const r of results) {
      const number: string = r.body.number;
      byPrefix.set(number[0], [...(byPrefix.get(number[0]) ?? []), Number(number.slice(1))]);
    }
    for (const prefix of prefixes) {
      const seqs = byPrefix.get(prefix)!.sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    const [row] = await a.dataSource.query(`
      select count(*)::int as tickets, count(distinct number)::int as numbers,
             (select count(*)::int from ticket_events where move = 'issue') as events,
             (select count(distinct hall_version)::int from ticket_events) as versions
      from tickets`);
    expect(row).toEqual({ tickets: ISSUES, numbers: ISSUES, events: ISSUES, versions: ISSUES });
  }, 120_000);

  it(`${WINDOWS} windows calling concurrently never share a ticket`, async () => {
    const desks = await addWindows(WINDOWS, 100, 'load-clerk', (n) =>
      ['A', 'C', 'E'].map((p, i) => ({ categoryId: refs.category[p], weight: 1 + ((n + i) % 3) })),
    );
    const windows = desks.map((d) => d.id);
    const clerks = desks.map((d) => d.token);
    await Promise.all(windows.map((id, n) => (n % 2 ? b : a).http.post(`/api/windows/${id}/open`).set(auth(clerks[n])).expect(200)));

    const called: string[] = [];
    let calls = 0;
    const started = Date.now();
    await Promise.all(
      windows.map(async (windowId, n) => {
        const app = n % 2 ? b : a;
        for (;;) {
          const res = await app.http.post(`/api/windows/${windowId}/call-next`).set(auth(clerks[n]));
          calls++;
          if (res.status !== 200) throw new Error(`call-next ${res.status} ${JSON.stringify(res.body)}`);
          if (!res.body.ticket) return;
          called.push(res.body.ticket.id);
          await windowMove(app, clerks[n], windowId, res.body.ticket.id, 'start').expect(200);
          await windowMove(app, clerks[n], windowId, res.body.ticket.id, 'finish').expect(200);
        }
      }),
    );
    const ms = Date.now() - started;
    report(`${WINDOWS} windows served ${called.length} tickets (${calls} call-next, each followed by start and finish): ${ms} ms`);

    expect(called).toHaveLength(ISSUES);
    expect(new Set(called).size).toBe(ISSUES);
    const [row] = await a.dataSource.query(`
      select (select count(*)::int from tickets where status = 'done') as done,
             (select count(*)::int from ticket_events where move = 'call') as calls,
             (select count(distinct ticket_id)::int from ticket_events where move = 'call') as called,
             (select count(*)::int from ticket_events) as events,
             (select count(distinct hall_version)::int from ticket_events) as versions`);
    expect(row).toEqual({ done: ISSUES, calls: ISSUES, called: ISSUES, events: ISSUES * 4, versions: ISSUES * 4 });
    // Moves take their versions at commit: together with the window events they are exactly 1..n, and
    // each ticket's events carry increasing versions in the order they were written.
    const [versions] = await a.dataSource.query(`
      with v as (select hall_version from ticket_events union all select hall_version from window_events)
      select count(*)::int as n, count(distinct hall_version)::int as distinct, min(hall_version)::int as min, max(hall_version)::int as max from v`);
    expect(versions).toEqual({ n: versions.max, distinct: versions.max, min: 1, max: ISSUES * 4 + WINDOWS });
    const [{ unordered }] = await a.dataSource.query(`
      select count(*)::int as unordered from (
        select hall_version < lag(hall_version) over (partition by ticket_id order by id) as back from ticket_events) x where back`);
    expect(unordered).toBe(0);
    const [{ transactions }] = await a.dataSource.query(
      `select count(distinct xmin::text)::int as transactions from ticket_events where move <> 'issue'`,
    );
    report(`the ${ISSUES * 3} moves were written in ${transactions} transactions`);
    // Moves written in batches count in the roll-ups as they would one by one: a rebuild finds nothing to correct.
    const rebuilt = await a.http
      .post('/api/stats/rebuild')
      .query({ hallId: a.hallId })
      .set(auth(await a.login('admin')))
      .expect(200);
    expect(rebuilt.body.tables.filter((x: { differences: number }) => x.differences !== 0)).toEqual([]);
  }, 180_000);

  it('a burst on a category with a daily cap gives out exactly the numbers up to the cap, beside an uncapped one', async () => {
    const admin = await a.login('admin');
    await a.http.patch(`/api/categories/${refs.category.B}`).set(auth(admin)).send({ dailyCap: 30 }).expect(200);
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => {
        const app = i % 2 === 0 ? a : b;
        return issue(app, { categoryId: refs.category[i % 4 === 3 ? 'D' : 'B'], source: 'kiosk' }, { token: KIOSK_TOKEN });
      }),
    );
    const numbers = (prefix: string) =>
      results
        .filter((r) => r.status === 201 && r.body.number.startsWith(prefix))
        .map((r) => Number(r.body.number.slice(1)))
        .sort((x, y) => x - y);
    expect(numbers('B')).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(numbers('D')).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(30);
    for (const r of refused) expect(r.body).toMatchObject({ statusCode: 409, code: 'DAILY_CAP_REACHED', details: { dailyCap: 30 } });
    const [row] = await a.dataSource.query(
      `
      select (select count(*)::int from ticket_events) as events, (select count(distinct hall_version)::int from ticket_events) as versions,
             (select max(hall_version)::int from ticket_events) as top,
             (select last_seq from ticket_counters where category_id = $1) as counter`,
      [refs.category.B],
    );
    expect(row).toEqual({ events: ISSUES * 4 + 50, versions: ISSUES * 4 + 50, top: expect.any(Number), counter: 30 });
  }, 60_000);

  it('calls on more windows than pool connections, with the calendar cache cold, neither wait for a second connection nor fail', async () => {
    // A move's statistics need the hall's calendar; read through the pool from inside the move's
    // transaction, every connection ended up held by a transaction waiting for one more (503 after 5 s).
    const c = await createTestApp({
      databaseUrl: a.databaseUrl,
      seed: false,
      overrides: [{ provide: Clock, useValue: clock }],
      env: { DATABASE_POOL_SIZE: '2' },
    });
    try {
      const windows = await addWindows(6, 200, 'pool-clerk', () => [{ categoryId: refs.category.C, weight: 1 }]);
      for (const w of windows) await c.http.post(`/api/windows/${w.id}/open`).set(auth(w.token)).expect(200);
      for (let i = 0; i < 6; i++) await issue(a, { categoryId: refs.category.C, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201);
      c.app.get(CalendarService).invalidate();
      const started = Date.now();
      const calls = await Promise.all(windows.map((w) => c.http.post(`/api/windows/${w.id}/call-next`).set(auth(w.token))));
      expect(calls.map((r) => r.status)).toEqual(windows.map(() => 200));
      expect(new Set(calls.map((r) => r.body.ticket?.id)).size).toBe(6);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await c.close();
    }
  }, 60_000);

  it('moves that arrive while a batch of the hall is in flight go together in the next; a move that breaks a rule fails alone', async () => {
    const desks = await addWindows(6, 400, 'batch-clerk', () => [{ categoryId: refs.category.E, weight: 1 }]);
    for (const w of desks) await a.http.post(`/api/windows/${w.id}/open`).set(auth(w.token)).expect(200);
    const tickets: string[] = [];
    for (let i = 0; i < 6; i++)
      tickets.push((await issue(a, { categoryId: refs.category.E, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body.id);

    // The first window's desk row held by another transaction: its call-next stays in flight.
    const release = await holdDesk(desks[0].id);
    const first = callNextAt(desks[0].id, desks[0].token);
    await sleep(300);
    const rest = Promise.all([
      ...desks.slice(1, 5).map((w) => callNextAt(w.id, w.token)),
      callNextAt(desks[5].id, desks[1].token),
      windowMove(a, desks[5].token, desks[5].id, tickets[5], 'finish').then((r) => r),
      windowMove(a, desks[5].token, desks[5].id, '00000000-0000-4000-8000-000000000000', 'start').then((r) => r),
    ]);
    await sleep(300);
    await release();
    const [r0, results] = await Promise.all([first, rest]);

    expect(`${r0.status} ${r0.body.ticket?.id}`).toBe(`200 ${tickets[0]}`);
    // The next four in queue order, to the windows in the order their requests reached the server.
    expect(
      results
        .slice(0, 4)
        .map((r) => `${r.status} ${r.body.ticket?.id}`)
        .sort(),
    ).toEqual(
      tickets
        .slice(1, 5)
        .map((id) => `200 ${id}`)
        .sort(),
    );
    expect(results.slice(4).map((r) => `${r.status} ${r.body.code}`)).toEqual([
      '403 WINDOW_NOT_YOURS',
      '409 ILLEGAL_TICKET_MOVE',
      '404 TICKET_NOT_FOUND',
    ]);
    const [left] = await a.dataSource.query(`select status, finished_at from tickets where id = $1`, [tickets[5]]);
    expect(left).toEqual({ status: 'waiting', finished_at: null });
    const transactions = await a.dataSource.query(
      `
      select array_agg(window_id::text order by window_id) as windows from ticket_events where move = 'call' and window_id = any($1::uuid[])
      group by xmin::text order by min(id)`,
      [desks.map((w) => w.id)],
    );
    expect(transactions.map((t: { windows: string[] }) => t.windows)).toEqual([
      [desks[0].id],
      desks
        .slice(1, 5)
        .map((w) => w.id)
        .sort(),
    ]);
  }, 60_000);

  it('a batch of calls skips the ticket another transaction holds, and still takes the next ones in one transaction', async () => {
    const admin = await a.login('admin');
    const category = (
      await a.http.post(`/api/halls/${a.hallId}/categories`).set(auth(admin)).send({ prefix: 'R', name: '预留测试' }).expect(201)
    ).body.id;
    const desks = await addWindows(4, 600, 'reserve-clerk', () => [{ categoryId: category, weight: 1 }]);
    for (const w of desks) await a.http.post(`/api/windows/${w.id}/open`).set(auth(w.token)).expect(200);
    const tickets: string[] = [];
    for (let i = 0; i < 6; i++)
      tickets.push((await issue(a, { categoryId: category, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body.id);

    // The second in line is held by another transaction (another instance calling it, say).
    const releaseTicket = await holdRows('select 1 from tickets where id = $1 for update', [tickets[1]]);
    try {
      const release = await holdDesk(desks[0].id);
      const first = callNextAt(desks[0].id, desks[0].token);
      await sleep(300);
      const rest = Promise.all(desks.slice(1).map((w) => callNextAt(w.id, w.token)));
      await sleep(300);
      await release();
      const [r0, results] = await Promise.all([first, rest]);

      expect(`${r0.status} ${r0.body.ticket?.id}`).toBe(`200 ${tickets[0]}`);
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(results.map((r) => r.body.ticket.id).sort()).toEqual(tickets.slice(2, 5).sort());
      const transactions = await a.dataSource.query(
        `select count(distinct xmin::text)::int as n from ticket_events where move = 'call' and window_id = any($1::uuid[])`,
        [desks.slice(1).map((w) => w.id)],
      );
      expect(transactions).toEqual([{ n: 1 }]);
    } finally {
      await releaseTicket();
    }
    const [held] = await a.dataSource.query(`select status, window_id from tickets where id = $1`, [tickets[1]]);
    expect(held).toEqual({ status: 'waiting', window_id: null });
  }, 60_000);

  it('a batch the database refuses is tried request by request: only the request it refuses fails', async () => {
    const desks = await addWindows(3, 500, 'fallback-clerk', () => [{ categoryId: refs.category.D, weight: 1 }]);
    for (const w of desks) await a.http.post(`/api/windows/${w.id}/open`).set(auth(w.token)).expect(200);
    for (let i = 0; i < 3; i++) await issue(a, { categoryId: refs.category.D, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201);
    // A fault the rules cannot foresee: the database refuses any call at the third window.
    await a.dataSource.query(`
      create function test_refuse_call() returns trigger language plpgsql as $$
      begin if new.move = 'call' and new.window_id = '${desks[2].id}' then raise exception 'refused for the test'; end if; return new; end $$`);
    await a.dataSource.query(
      `create trigger test_refuse_call before insert on ticket_events for each row execute function test_refuse_call()`,
    );
    try {
      const release = await holdDesk(desks[0].id);
      const first = callNextAt(desks[0].id, desks[0].token);
      await sleep(300);
      const rest = Promise.all([callNextAt(desks[1].id, desks[1].token), callNextAt(desks[2].id, desks[2].token)]);
      await sleep(300);
      await release();
      const [r0, [r1, r2]] = await Promise.all([first, rest]);

      expect([r0.status, r1.status, r2.status]).toEqual([200, 200, 500]);
      expect(r2.body.code).toBe('INTERNAL_ERROR');
      const atDesks = await a.dataSource.query(
        `select window_id::text as w, count(*)::int as n from tickets where window_id = any($1::uuid[]) group by 1`,
        [desks.map((w) => w.id)],
      );
      expect(Object.fromEntries(atDesks.map((r: { w: string; n: number }) => [r.w, r.n]))).toEqual({ [desks[0].id]: 1, [desks[1].id]: 1 });
      const [called] = await a.dataSource.query(`select status, window_id::text as w from tickets where id = $1`, [r1.body.ticket.id]);
      expect(called).toEqual({ status: 'called', w: desks[1].id });
    } finally {
      await a.dataSource.query('drop trigger test_refuse_call on ticket_events; drop function test_refuse_call()');
    }
  }, 60_000);

  it('settings cached by the other instance follow a change within the check interval: issuing hours, a revoked device', async () => {
    const admin = await a.login('admin');
    const category = refs.category.E;
    const device = await a.http
      .post(`/api/halls/${a.hallId}/devices`)
      .set(auth(admin))
      .send({ kind: 'kiosk', name: '缓存测试取号机' })
      .expect(201);
    // Both now cached on b.
    await issue(b, { categoryId: category, source: 'kiosk' }, { token: device.body.token }).expect(201);

    await a.http.patch(`/api/categories/${category}`).set(auth(admin)).send({ issueFrom: '13:00', issueUntil: '14:00' }).expect(200);
    await a.http.post(`/api/devices/${device.body.id}/revoke`).set(auth(admin)).expect(201);
    // The writing instance at once.
    await issue(a, { categoryId: category, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(409);
    // A kiosk ticket without a valid kiosk is refused (the route itself is public, for phones).
    await issue(a, { categoryId: refs.category.A, source: 'kiosk' }, { token: device.body.token }).expect(403);

    const changedAt = Date.now();
    const seen = { hours: -1, revoked: -1 };
    // Measured to the start of the request that saw the change: a loaded CI's answer time does not count.
    while ((seen.hours < 0 || seen.revoked < 0) && Date.now() - changedAt < 5000) {
      let askedAt = Date.now();
      const hours = await issue(b, { categoryId: category, source: 'kiosk' }, { token: KIOSK_TOKEN });
      if (seen.hours < 0 && hours.body.code === 'OUTSIDE_ISSUING_HOURS') seen.hours = askedAt - changedAt;
      askedAt = Date.now();
      const revoked = await issue(b, { categoryId: refs.category.A, source: 'kiosk' }, { token: device.body.token });
      if (seen.revoked < 0 && revoked.status === 403) seen.revoked = askedAt - changedAt;
      await new Promise((r) => setTimeout(r, 50));
    }
    report(`b followed the changes made on a after ${seen.hours} ms (issuing hours) and ${seen.revoked} ms (revoked kiosk)`);
    expect(seen.hours).toBeGreaterThanOrEqual(0);
    expect(seen.hours).toBeLessThan(SETTINGS_CHECK_INTERVAL_MS + 1000);
    expect(seen.revoked).toBeGreaterThanOrEqual(0);
    expect(seen.revoked).toBeLessThan(SETTINGS_CHECK_INTERVAL_MS + 1000);
    await a.http.patch(`/api/categories/${category}`).set(auth(admin)).send({ issueFrom: '08:30', issueUntil: '17:00' }).expect(200);

    // A window's status is decided on afresh: opened on a, it calls through b at once, though b has it cached as closed.
    const w = await a.http
      .post(`/api/halls/${a.hallId}/windows`)
      .set(auth(admin))
      .send({
        number: 300,
        name: '300号窗口',
        kind: 'comprehensive',
        categories: [{ categoryId: category, weight: 1 }],
      })
      .expect(201);
    const user = await a.http
      .post('/api/users')
      .set(auth(await a.login('security')))
      .send({
        username: 'cache-clerk',
        password: 'Load-clerk#2026',
        displayName: '缓存窗口',
        role: 'clerk',
        hallIds: [a.hallId],
      })
      .expect(201);
    const clerk = (await a.app.get(AuthService).signFor(user.body, 3600)).token;
    expect((await b.http.get(`/api/windows/${w.body.id}/queue`).set(auth(clerk)).expect(200)).body.window.status).toBe('closed');
    await a.http.post(`/api/windows/${w.body.id}/open`).set(auth(clerk)).expect(200);
    expect((await b.http.get(`/api/windows/${w.body.id}/queue`).set(auth(clerk)).expect(200)).body.window.status).toBe('open');
    const called = await b.http.post(`/api/windows/${w.body.id}/call-next`).set(auth(clerk)).expect(200);
    expect(called.body.ticket).toMatchObject({ categoryId: category, status: 'called' });
  }, 60_000);
});
