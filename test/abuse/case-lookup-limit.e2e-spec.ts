import { io, Socket } from 'socket.io-client';
import { Clock } from '../../src/common/time/clock';
import type { CaseLiveView } from '../../src/realtime/realtime-events';
import { apply, checklist, itemsByName, local, ok, ZHANG_SAN } from '../support/case-helpers';
import { ManualClock } from '../support/manual-clock';
import { auth, hallRefs, issue, KIOSK_TOKEN, sleep, waitFor, windowMove } from '../support/queue-helpers';
import { createTestApp, TestApp } from '../support/test-app';

const LIMIT = 5;
const GUESSER = '203.0.113.66';
const OWNER = '203.0.113.7';

/**
 * A case number is easy to guess (the hall, the day, a sequence); only its 8-character query code
 * keeps a stranger out. The HTTP lookup has answered 429 past the per-address limit since it was
 * written; a live subscription tries a number and code just as well, so it must count too.
 */
describe('case lookups: the socket subscription and the HTTP lookup share one limit per address', () => {
  let t: TestApp;
  const clock = new ManualClock(local('2026-03-02T09:00:20'));
  const sockets: Socket[] = [];
  let caseNumber: string;
  let queryCode: string;
  let caseId: string;

  /** A citizen's socket as nginx on this machine passes it on: the client's address in X-Forwarded-For. */
  function connect(from: string): Socket {
    const socket = io(t.url, { transports: ['websocket'], forceNew: true, extraHeaders: { 'X-Forwarded-For': from } });
    sockets.push(socket);
    return socket;
  }

  const subscribe = (socket: Socket, code: string) =>
    socket.timeout(5000).emitWithAck('subscribe', { kind: 'case', caseNumber, queryCode: code });

  const rateRows = async () =>
    (
      (await t.dataSource.query(`select key, window_start from public_rate_limits order by key`)) as { key: string; window_start: Date }[]
    ).map((r) => ({ key: r.key, windowStart: r.window_start.toISOString() }));

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      overrides: [{ provide: Clock, useValue: clock }],
      env: { PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT), CASE_SWEEP_INTERVAL_SECONDS: '0' },
    });
    const refs = await hallRefs(t);
    const item = (await itemsByName(t))['食品经营许可'];
    const clerk = await t.login('clerk1');
    const window = refs.window[1];
    await ok(t.http.post(`/api/windows/${window}/open`).set(auth(clerk)));
    const ticket = await ok<{ id: string }>(issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }), 201);
    for (const move of ['call', 'start']) await ok(windowMove(t, clerk, window, ticket.id, move));
    const { cases } = await ok<{ cases: { id: string; caseNumber: string; queryCode: string }[] }>(
      apply(t, clerk, {
        ticketId: ticket.id,
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
      }),
      201,
    );
    ({ id: caseId, caseNumber, queryCode } = cases[0]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("refuses a guesser's subscriptions past the limit, even with the right code, and its HTTP lookups with them", async () => {
    const guesser = connect(GUESSER);
    const seen: CaseLiveView[] = [];
    guesser.on('case.updated', (v: CaseLiveView) => seen.push(v));
    for (let i = 0; i < LIMIT; i++) {
      expect(await subscribe(guesser, `WRONG${String(i).padStart(3, '0')}`)).toMatchObject({ ok: false, code: 'CASE_NOT_FOUND' });
    }
    // The right code no longer helps: the answer must not tell a guess that hit from one that missed.
    expect(await subscribe(guesser, queryCode)).toEqual({
      ok: false,
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
      details: { retryAfterSeconds: 40 },
    });
    const http = await t.http.get(`/api/case-live?no=${caseNumber}&code=${queryCode}`).set('X-Forwarded-For', GUESSER).expect(429);
    expect(http.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: 40 } });
    expect(seen).toEqual([]);

    // The owner, from another address, is not held up by the guesser.
    const owner = connect(OWNER);
    const views: CaseLiveView[] = [];
    owner.on('case.updated', (v: CaseLiveView) => views.push(v));
    expect(await subscribe(owner, queryCode)).toEqual({ ok: true, room: `case:${caseId}` });
    expect(await waitFor(() => views[0])).toMatchObject({ caseNumber, status: 'accepted', applicant: { name: '张*' } });
    expect(seen).toEqual([]);
  });

  it("lets the address in again the next minute and keeps only the current minute's counts", async () => {
    const minute = (wall: string) => new Date(local(`2026-03-02T${wall}`)).toISOString();
    expect(await rateRows()).toEqual([
      { key: `case-lookup:${GUESSER}`, windowStart: minute('09:00:00') },
      { key: `case-lookup:${OWNER}`, windowStart: minute('09:00:00') },
    ]);
    clock.advance(60_000);
    const guesser = connect(GUESSER);
    const views: CaseLiveView[] = [];
    guesser.on('case.updated', (v: CaseLiveView) => views.push(v));
    expect(await subscribe(guesser, queryCode)).toEqual({ ok: true, room: `case:${caseId}` });
    await waitFor(() => views[0]);
    // The owner's row of the past minute is gone; the guesser's was moved on to this one.
    // The clearing runs beside the request that noticed the new minute.
    let rows = await rateRows();
    for (const deadline = Date.now() + 5000; rows.length > 1 && Date.now() < deadline; rows = await rateRows()) await sleep(20);
    expect(rows).toEqual([{ key: `case-lookup:${GUESSER}`, windowStart: minute('09:01:00') }]);
  });
});
