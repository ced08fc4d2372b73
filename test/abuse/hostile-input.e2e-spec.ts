import { io, Socket } from 'socket.io-client';
import { JsonLogger } from '../../src/common/http/json-logger';
import { Clock } from '../../src/common/time/clock';
import { FIXTURE_TIME } from '../support/hall-fixtures';
import { ManualClock } from '../support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN } from '../support/queue-helpers';
import { changedTables, tableChecksums } from '../support/table-checksums';
import { createTestApp, TestApp } from '../support/test-app';

/** `depth` arrays inside each other around a login body: 4 KB for 1,500. */
function nested(depth: number): string {
  return '['.repeat(depth) + '{"username":"admin","password":"x"}' + ']'.repeat(depth);
}

/**
 * The classes of input an independent probe turned into 500s (issue 19): each now a 400 with a
 * code, decided before the database, with nothing written and no error (no stack) in the log.
 */
describe('hostile input is refused before the database', () => {
  let t: TestApp;
  let refs: HallRefs;
  let lines: string[];
  let restore: () => void;

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }],
      env: { LOG_LEVEL: 'info' },
    });
    t.app.useLogger(new JsonLogger('info'));
    refs = await hallRefs(t);
  });
  afterAll(() => t?.close());

  beforeEach(() => {
    lines = [];
    const capture = (chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    };
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    restore = () => {
      out.mockRestore();
      err.mockRestore();
    };
  });
  afterEach(() => restore());

  /** Log lines at error level, or with a stack, written during the test. */
  const errorLines = () => lines.filter((l) => /"level":"error"|"stack"/.test(l));

  async function refusedUnchanged(send: () => Promise<{ status: number; body: { code?: string } }>, code: string) {
    const before = await tableChecksums(t.dataSource);
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code });
    expect(changedTables(before, await tableChecksums(t.dataSource))).toEqual({});
    expect(typeof (res.body as { message?: string }).message).toBe('string');
    return res;
  }

  it.each([
    ['a NUL', 'clerk\u0000'],
    ['a bell', 'clerk\u0007'],
    ['DEL', 'clerk\u007f'],
    ['a C1 control', 'clerk\u0085'],
    ['a lone surrogate', 'clerk\ud800'],
  ])('refuses %s in a body string (login, unauthenticated)', async (_label, username) => {
    const res = await refusedUnchanged(() => t.http.post('/api/auth/login').send({ username, password: 'x' }), 'INPUT_CONTROL_CHARACTER');
    expect(res.body).toMatchObject({ details: { field: 'username' } });
    expect(errorLines()).toEqual([]);
  });

  it('refuses a NUL in an object key, in a query string and in a path parameter', async () => {
    await refusedUnchanged(
      () => t.http.post('/api/auth/login').send({ username: 'admin', password: 'x', ['a\u0000']: 1 }),
      'INPUT_CONTROL_CHARACTER',
    );
    await refusedUnchanged(() => t.http.get('/api/case-live').query({ no: 'DEMO-1\u0000', code: 'K7M29QXD' }), 'INPUT_CONTROL_CHARACTER');
    await refusedUnchanged(() => t.http.get('/api/ticket-live/ab%00cd'), 'INPUT_CONTROL_CHARACTER');
    await refusedUnchanged(() => t.http.get('/api/tickets/ab%00cd/rating'), 'INPUT_CONTROL_CHARACTER');
    expect(errorLines()).toEqual([]);
  });

  it('takes tabs and line breaks in multi-line text', async () => {
    const res = await issue(
      t,
      { categoryId: refs.category.A, source: 'kiosk', priority: true, priorityReason: '老年人\t行动不便\r\n需轮椅' },
      { token: KIOSK_TOKEN },
    );
    expect(res.status).toBe(201);
  });

  it('refuses JSON nested 1,500 deep, unauthenticated, at parsing', async () => {
    const body = nested(1500);
    expect(body.length).toBeLessThan(4200);
    const res = await refusedUnchanged(
      () => t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(body),
      'INPUT_TOO_DEEP',
    );
    expect(res.body).toMatchObject({ details: { maxDepth: 32 } });
    // Brackets inside strings are text, not nesting.
    const inString = await t.http.post('/api/auth/login').send({ username: 'a', password: '[{'.repeat(100) });
    expect(inString.status).toBe(401);
    expect(errorLines()).toEqual([]);
  });

  it('refuses integers beyond their column in query strings and bodies', async () => {
    const [manager, admin] = await Promise.all([t.login('manager'), t.login('admin')]);
    for (const offset of ['99999999999999999999', '2147483648', '1e20']) {
      await refusedUnchanged(() => t.http.get(`/api/halls/${t.hallId}/ratings`).query({ offset }).set(auth(manager)), 'VALIDATION_FAILED');
      await refusedUnchanged(
        () => t.http.get(`/api/halls/${t.hallId}/rectifications`).query({ offset }).set(auth(manager)),
        'VALIDATION_FAILED',
      );
    }
    const item = refs.item['食品经营许可'];
    await refusedUnchanged(() => t.http.patch(`/api/items/${item}`).set(auth(admin)).send({ version: 3_000_000_000 }), 'VALIDATION_FAILED');
    await refusedUnchanged(() => t.http.patch(`/api/items/${item}`).set(auth(admin)).send({ version: 1e20 }), 'VALIDATION_FAILED');
    expect(errorLines()).toEqual([]);
  });

  it('refuses an array of more than 1,000 elements before any validator walks it (a public route, unauthenticated)', async () => {
    const ticket = await issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN });
    // 50,000 distinct reasons: class-validator's @ArrayUnique compares every pair, whatever @ArrayMaxSize says.
    const reasons = Array.from({ length: 50_000 }, (_, i) => `原因${i}`);
    const started = Date.now();
    const res = await refusedUnchanged(
      () => t.http.post(`/api/tickets/${ticket.body.accessCode}/rating`).send({ score: 1, reasons }),
      'INPUT_TOO_MANY_ELEMENTS',
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.body).toMatchObject({ details: { field: 'reasons', maxElements: 1000 } });
    const keys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 1]));
    await refusedUnchanged(() => t.http.post('/api/auth/login').send({ username: 'a', password: 'b', ...keys }), 'INPUT_TOO_MANY_ELEMENTS');
    expect(errorLines()).toEqual([]);
  });

  describe('socket.io', () => {
    const sockets: Socket[] = [];
    afterEach(() => sockets.splice(0).forEach((s) => s.close()));

    function connect(authData: Record<string, unknown>): Promise<{ socket: Socket; error?: { data?: { code?: string } } }> {
      const socket = io(t.url, { auth: authData, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      return new Promise((resolve) => {
        socket.once('connect', () => resolve({ socket }));
        socket.once('connect_error', (error) => resolve({ socket, error: error as never }));
      });
    }

    it('refuses a NUL in a subscription and in the handshake, and keeps serving', async () => {
      const { socket } = await connect({});
      const ack = await socket.emitWithAck('subscribe', { kind: 'ticket', accessCode: 'ab\u0000cd' });
      expect(ack).toMatchObject({ ok: false, code: 'INPUT_CONTROL_CHARACTER' });
      let deep: unknown = { kind: 'ticket', accessCode: 'x' };
      for (let i = 0; i < 1500; i++) deep = { kind: 'ticket', accessCode: 'x', nested: deep };
      expect(await socket.emitWithAck('subscribe', deep)).toMatchObject({ ok: false, code: 'INPUT_TOO_DEEP' });
      expect(await socket.emitWithAck('unsubscribe', { room: 'x\u0000' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });

      const refused = await connect({ accessCode: 'ab\u0000cd' });
      expect(refused.error?.data?.code).toBe('BAD_REQUEST');
      expect(errorLines()).toEqual([]);
    });
  });
});
