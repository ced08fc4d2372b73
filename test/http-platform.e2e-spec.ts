import { Body, Controller, HttpCode, HttpException, Post } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Public } from '../src/auth/roles.decorator';
import { AllExceptionsFilter } from '../src/common/errors/all-exceptions.filter';
import { currentRequestId } from '../src/common/http/request-context';
import { createTestApp, TestApp } from './support/test-app';

/** What a handler's log lines would carry, before and after it waits on the database. */
@Controller('probe')
class RequestIdProbeController {
  constructor(private readonly dataSource: DataSource) {}

  @Post()
  @Public()
  @HttpCode(200)
  async probe(@Body() body: Record<string, unknown>) {
    const before = currentRequestId();
    await this.dataSource.query('select pg_sleep(0.01)');
    return { before, after: currentRequestId(), echoed: Object.keys(body ?? {}) };
  }
}

/**
 * What the HTTP platform (fastify) decides before a route runs, held to what clients relied on
 * under express: bodies, content types, odd URLs and the web client's routes.
 */
describe('HTTP platform', () => {
  let t: TestApp;
  let clientDir: string;
  let clerk: string;
  let windowId: string;

  beforeAll(async () => {
    clientDir = mkdtempSync(join(tmpdir(), 'onewindow-client-'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>OneWindow</title><div id="root"></div>');
    mkdirSync(join(clientDir, 'assets'));
    writeFileSync(join(clientDir, 'assets', 'app.js'), 'console.log("app")');
    t = await createTestApp({ env: { CLIENT_DIST_DIR: clientDir }, controllers: [RequestIdProbeController] });
    clerk = await t.login('clerk1');
    [{ id: windowId }] = await t.dataSource.query(`select id from windows where hall_id = $1 and number = 1`, [t.hallId]);
  });
  afterAll(async () => {
    await t.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('takes an empty body sent as JSON as no body', async () => {
    const res = await t.http
      .post(`/api/windows/${windowId}/open`)
      .set('Authorization', `Bearer ${clerk}`)
      .set('Content-Type', 'application/json')
      .send('');
    expect(res.status).toBe(200);
    expect(res.body.window.status).toBe('open');
  });

  it('refuses a JSON body that is not an object or an array, and a body of another type, in the error shape', async () => {
    for (const raw of ['null', '"clerk1"', '42']) {
      const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(raw);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', message: '请求体不是有效的 JSON' });
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    }
    const form = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('username=clerk1&password=x');
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(form.body.requestId).toBe(form.headers['x-request-id']);
  });

  it('refuses a body over 1 MB with 413 in the error shape', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(1024 * 1024), password: 'x' }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a URL it cannot decode, a long path parameter and one too long for the router, in the error shape', async () => {
    const bad = await t.http.get('/api/ticket-live/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
    expect(bad.body.requestId).toBe(bad.headers['x-request-id']);
    const long = await t.http.get(`/api/tickets/${'x'.repeat(500)}`).set('Authorization', `Bearer ${clerk}`);
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('INVALID_ID');
    // A POST: a GET would fall through to the web client's routes and be a 404.
    const tooLong = await t.http.post(`/api/tickets/${'x'.repeat(3000)}/rating`).send({ score: 5 });
    expect(tooLong.status).toBe(414);
    expect(tooLong.body).toMatchObject({ statusCode: 414, code: 'URI_TOO_LONG', requestId: tooLong.headers['x-request-id'] });
  });

  it('takes a client error the catalogue has no code for (405, 406, 431…) as a 400, never a 500', () => {
    const filter = new AllExceptionsFilter();
    for (const status of [405, 406, 408, 431]) {
      expect(filter.toBody(new HttpException('from the framework', status), { id: 'r' })).toMatchObject({
        statusCode: 400,
        code: 'BAD_REQUEST',
        requestId: 'r',
      });
    }
    expect(filter.toBody(new HttpException('from the framework', 414), { id: 'r' })).toMatchObject({
      statusCode: 414,
      code: 'URI_TOO_LONG',
    });
  });

  it('gives the handler the request id after the body is read and across its awaits, one per request', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.http
          .post('/api/probe')
          .send({ [`k${i}`]: 'x'.repeat(i * 40_000) })
          .expect(200),
      ),
    );
    for (const [i, res] of answers.entries()) {
      expect(res.body).toEqual({ before: res.headers['x-request-id'], after: res.headers['x-request-id'], echoed: [`k${i}`] });
    }
    expect(new Set(answers.map((r) => r.body.before)).size).toBe(8);
  });

  it('keeps a well-formed request id from a proxy and replaces one that is not', async () => {
    const kept = await t.http.get('/api/health').set('X-Request-Id', 'edge-42.a_b');
    expect(kept.headers['x-request-id']).toBe('edge-42.a_b');
    const replaced = await t.http.get('/api/health').set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the web client: its files, index.html for its routes, and JSON 404s under /api', async () => {
    const asset = await t.http.get('/assets/app.js').expect(200);
    expect(asset.text).toContain('console.log');
    for (const path of ['/', '/console', '/t/ABC123?x=1', '/admin/catalogue']) {
      const page = await t.http.get(path).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<div id="root">');
    }
    expect((await t.http.get('/api/health/').expect(200)).body.status).toBe('ok');
    const api = await t.http.get('/api/nothing-here').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
    await t.http.post('/console').expect(404);
  });
});
