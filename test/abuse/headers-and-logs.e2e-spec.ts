import { JsonLogger } from '../../src/common/http/json-logger';
import { API_CSP } from '../../src/common/http/security-headers';
import { Clock } from '../../src/common/time/clock';
import { FIXTURE_TIME, hallFixtures, HallFixtures } from '../support/hall-fixtures';
import { ManualClock } from '../support/manual-clock';
import { auth } from '../support/queue-helpers';
import { createTestApp, TestApp } from '../support/test-app';

describe('security headers and what the log keeps of a request', () => {
  let t: TestApp;
  let fixtures: HallFixtures;

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }], env: { LOG_LEVEL: 'info' } });
    fixtures = await hallFixtures(t);
  });
  afterAll(() => t?.close());

  function expectBaseHeaders(headers: Record<string, string>) {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  }

  it('sends nosniff, no framing, no referrer and a policy on answers, refusals and a streamed export alike', async () => {
    const manager = await t.login('manager');
    const ok = await t.http.get('/api/health');
    const refused = await t.http.get('/api/halls/not-a-uuid').set(auth(manager));
    const unknown = await t.http.get('/api/nowhere');
    const exported = await t.http
      .get('/api/stats/queue/export')
      .query({ hallId: t.hallId, from: '2026-03-01', to: '2026-03-02' })
      .set(auth(manager));
    for (const res of [ok, refused, unknown, exported]) {
      expectBaseHeaders(res.headers);
      expect(res.headers['content-security-policy']).toBe(API_CSP);
    }
    expect([ok.status, refused.status, unknown.status, exported.status]).toEqual([200, 400, 404, 200]);
  });

  it('gives a printed notice a policy of its own: its style by hash, nothing that runs', async () => {
    const clerk = await t.login('clerk1');
    const res = await t.http.get(`/api/cases/${fixtures.ids.caseId}/documents/acceptance-notice`).set(auth(clerk)).expect(200);
    expectBaseHeaders(res.headers);
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:/);
    expect(csp).not.toMatch(/script-src|unsafe/);
    expect(res.text).toContain('<svg');
  });

  it("logs the paths of a ticket's and an appointment's key without the key", async () => {
    t.app.useLogger(new JsonLogger('info'));
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    });
    const code = fixtures.ids.accessCode;
    try {
      await t.http.get(`/api/ticket-live/${code}`).expect(200);
      await t.http.get(`/api/tickets/${code}/rating`).expect(200);
      await t.http.get(`/api/ticket-live/${code}/`).expect(200);
      await t.http.get(`/api/ticket-live/${code}/nothing-here`).expect(404);
      await t.http.get('/api/appointments/ABCDEFGH').expect(404);
      await t.http.get('/api/case-live').query({ no: fixtures.ids.caseNumber, code: fixtures.ids.queryCode }).expect(200);
      await new Promise((r) => setImmediate(r));
    } finally {
      write.mockRestore();
    }
    const paths = lines
      .map((l) => JSON.parse(l))
      .filter((e) => e.msg === 'request')
      .map((e) => e.path);
    expect(paths).toEqual([
      '/api/ticket-live/:accessCode',
      '/api/tickets/:accessCode/rating',
      '/api/ticket-live/:accessCode',
      '/api/ticket-live/:redacted/nothing-here',
      '/api/appointments/:code',
      '/api/case-live',
    ]);
    expect(lines.join('')).not.toContain(code);
    expect(lines.join('')).not.toContain(fixtures.ids.queryCode);
  });
});
