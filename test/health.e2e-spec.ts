import { createTestApp, TestApp } from './support/test-app';

describe('health and API docs', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ seed: false }); });
  afterAll(() => t.close());

  it('reports ok with every migration applied', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up', migrations: { pending: [] } });
    expect(res.body.migrations.applied).toBeGreaterThan(0);
  });

  it('serves Swagger UI and the OpenAPI JSON', async () => {
    await t.http.get('/api/docs/').expect(200).expect('content-type', /html/);
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/api/auth/login']).toBeDefined();
  });
});
