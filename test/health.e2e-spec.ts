import { JsonLogger } from '../src/common/http/json-logger';
import { createTestApp, TestApp } from './support/test-app';

describe('health and API docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: false });
  });
  afterAll(() => t.close());

  it('reports ok with every migration applied', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up', migrations: { pending: [] } });
    expect(res.body.migrations.applied).toBeGreaterThan(0);
  });

  it('answers 503 degraded while a migration is pending', async () => {
    const [last] = await t.dataSource.query('select name from schema_migrations order by id desc limit 1');
    await t.dataSource.query('delete from schema_migrations where name = $1', [last.name]);
    try {
      const res = await t.http.get('/api/health').expect(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: 'up', migrations: { pending: [last.name] } });
    } finally {
      await t.dataSource.query('insert into schema_migrations (timestamp, name) values ($1, $2)', [
        Number(last.name.slice(-13)),
        last.name,
      ]);
    }
    await t.http.get('/api/health').expect(200);
  });

  it('serves Swagger UI and the OpenAPI JSON', async () => {
    await t.http.get('/api/docs/').expect(200).expect('content-type', /html/);
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/api/auth/login']).toBeDefined();
  });
});

describe('access log', () => {
  async function requestLines(level: 'info' | 'warn'): Promise<Record<string, unknown>[]> {
    const t = await createTestApp({ seed: false, env: { LOG_LEVEL: level } });
    t.app.useLogger(new JsonLogger(level));
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    });
    try {
      await t.http.get('/api/health').set('X-Request-Id', 'probe-123').expect(200);
      await new Promise((r) => setImmediate(r));
    } finally {
      write.mockRestore();
      await t.close();
    }
    return lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'request');
  }

  it('writes one line per request at info, with its request id and no body', async () => {
    const [entry, ...more] = await requestLines('info');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      level: 'info',
      context: 'Http',
      method: 'GET',
      path: '/api/health',
      status: 200,
      requestId: 'probe-123',
    });
    expect(typeof entry.ms).toBe('number');
  });

  it('writes none at warn', async () => {
    expect(await requestLines('warn')).toEqual([]);
  });
});
