import { CallingService } from '../src/queue/calling.service';
import { Clock } from '../src/common/time/clock';
import type { StaffPrincipal } from '../src/auth/principal';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** The priority streak lives in window_desks, so it survives restarts and is shared by every instance. */
describe('priority streak per window', () => {
  let a: TestApp;
  let b: TestApp;
  let refs: HallRefs;
  let clerk1: string;
  let clerk2: string;
  const clock = new ManualClock('2026-03-02T10:00:00+08:00');
  const options = { overrides: [{ provide: Clock, useValue: clock }] };

  beforeAll(async () => {
    a = await createTestApp(options);
    b = await createTestApp({ ...options, databaseUrl: a.databaseUrl, seed: false });
    b.hallId = a.hallId;
    refs = await hallRefs(a);
    [clerk1, clerk2] = await Promise.all([a.login('clerk1'), a.login('clerk2')]);
    const admin = await a.login('admin');
    await a.http.patch(`/api/halls/${a.hallId}`).set(auth(admin)).send({ maxPriorityStreak: 2 }).expect(200);
    await a.http.post(`/api/windows/${refs.window[5]}/open`).set(auth(clerk1)).expect(200);
    await b.http.post(`/api/windows/${refs.window[4]}/open`).set(auth(clerk2)).expect(200);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const streakOf = async (windowNumber: number) =>
    (await a.dataSource.query(`select priority_streak from window_desks where window_id = $1`, [refs.window[windowNumber]]))[0]
      .priority_streak as number;

  /** Issues B tickets one second apart: 'P' green channel, 'N' normal. */
  const issueB = async (kinds: string) => {
    const numbers: string[] = [];
    for (const kind of kinds) {
      clock.advance(1000);
      const body = kind === 'P' ? { priority: true, priorityReason: '孕妇' } : {};
      numbers.push(
        (await issue(a, { categoryId: refs.category.B, source: 'kiosk', ...body }, { token: KIOSK_TOKEN }).expect(201)).body.number,
      );
    }
    return numbers;
  };

  /** Call, start and finish through the given instance; returns the number called. */
  const serve = async (app: TestApp, token: string, windowNumber: number) => {
    const res = await app.http.post(`/api/windows/${refs.window[windowNumber]}/call-next`).set(auth(token)).expect(200);
    await windowMove(app, token, refs.window[windowNumber], res.body.ticket.id, 'start').expect(200);
    await windowMove(app, token, refs.window[windowNumber], res.body.ticket.id, 'finish').expect(200);
    return res.body.ticket.number as string;
  };

  it('lets at most maxPriorityStreak priority calls go before a waiting normal ticket, across instances and a restart', async () => {
    const [n1, p1, p2, n2, p3, p4, p5, n3] = await issueB('NPPNPPPN');
    const called: string[] = [];
    const streaks: number[] = [];
    for (let i = 0; i < 4; i++) {
      called.push(await serve(i % 2 ? b : a, clerk1, 5));
      streaks.push(await streakOf(5));
    }
    // Instance B goes away and a new one starts on the same database: the streak is not lost.
    await b.close();
    b = await createTestApp({ ...options, databaseUrl: a.databaseUrl, seed: false });
    b.hallId = a.hallId;
    const view = await b.http.get(`/api/windows/${refs.window[5]}/queue`).set(auth(clerk1)).expect(200);
    expect(view.body.priorityStreak).toBe(1);
    for (let i = 4; i < 8; i++) {
      called.push(await serve(i % 2 ? b : a, clerk1, 5));
      streaks.push(await streakOf(5));
    }
    expect(called).toEqual([p1, p2, n1, p3, p4, n2, p5, n3]);
    expect(streaks).toEqual([1, 2, 0, 1, 2, 0, 1, 0]);
  });

  it('keeps one streak per window', async () => {
    const [p1, p2, p3, n1, n2] = await issueB('PPPNN');
    expect(await serve(a, clerk1, 5)).toBe(p1);
    expect(await serve(b, clerk2, 4)).toBe(p2);
    expect(await serve(a, clerk1, 5)).toBe(p3);
    expect([await streakOf(5), await streakOf(4)]).toEqual([2, 1]);
    // Window 4 may still call priority, but none is left; window 5 would have had to call normal anyway.
    expect(await serve(b, clerk2, 4)).toBe(n1);
    expect(await serve(a, clerk1, 5)).toBe(n2);
    expect([await streakOf(5), await streakOf(4)]).toEqual([0, 0]);
  });

  it('calls a ticket past the target wait first, whatever the streak, and counts it by its class', async () => {
    const [late] = await issueB('N');
    clock.advance(25 * 60_000);
    await issueB('PP');
    const calling = a.app.get(CallingService);
    const principal = (await a.http.get('/api/auth/me').set(auth(clerk1))).body as StaffPrincipal;
    const first = await calling.callNext(principal, refs.window[5]);
    expect(first).toMatchObject({ reason: 'overdue', ticket: { number: late } });
    expect(await streakOf(5)).toBe(0);
    await calling.act(principal, refs.window[5], first.ticket!.id, 'cancel');
    const second = await calling.callNext(principal, refs.window[5]);
    expect(second.reason).toBe('priority');
    expect(await streakOf(5)).toBe(1);
  });
});
