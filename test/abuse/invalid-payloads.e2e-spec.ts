import type { Role } from '../../src/auth/principal';
import { Clock } from '../../src/common/time/clock';
import { inParallel, roleTokens, send } from '../support/abuse-helpers';
import { FIXTURE_TIME, hallFixtures, HallFixtures } from '../support/hall-fixtures';
import { InvalidRequest, invalidRequests } from '../support/invalid-payloads';
import { ManualClock } from '../support/manual-clock';
import { fillPath, OpenApiDocument, Route, routeCatalog } from '../support/route-catalog';
import { changedTables, tableChecksums } from '../support/table-checksums';
import { createTestApp, TestApp } from '../support/test-app';

const WRITES = ['post', 'put', 'patch', 'delete'];

function report(line: string): void {
  process.stdout.write(`[invalid-payloads] ${line}\n`);
}

// Every write route × its generated invalid bodies, one request each: minutes on a loaded 2-core machine.
jest.setTimeout(300_000);

describe('invalid payloads for every write route, generated from the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let routes: Route[];
  let fixtures: HallFixtures;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    // The public limiter would answer 429 before anything else once a route has been hit 30 times.
    t = await createTestApp({
      overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }],
      env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    fixtures = await hallFixtures(t);
    tokens = await roleTokens(t);
    doc = (await t.http.get('/api/docs-json').expect(200)).body;
    routes = (await routeCatalog(t.app, doc)).filter((r) => WRITES.includes(r.method));
  });
  afterAll(() => t?.close());

  function check(route: Route, label: string, res: { status: number; body: unknown }, mayPass: boolean): string[] {
    const what = `${route.method.toUpperCase()} ${route.path} [${label}] → ${res.status}`;
    const failures: string[] = [];
    if (res.status >= 500 || (!mayPass && res.status < 400)) failures.push(`${what} ${JSON.stringify(res.body).slice(0, 200)}`);
    if (res.status < 400) return failures;
    const body = res.body as Record<string, unknown>;
    const shaped =
      body &&
      body.statusCode === res.status &&
      typeof body.code === 'string' &&
      typeof body.message === 'string' &&
      body.message !== '' &&
      typeof body.requestId === 'string';
    if (!shaped) failures.push(`${what}: not the error shape: ${JSON.stringify(body).slice(0, 200)}`);
    return failures;
  }

  function request(route: Route, r: InvalidRequest, i: number) {
    const path = fillPath(route, (p) => r.pathOverrides?.[p] ?? fixtures.value(p));
    // A caller the route admits, of the hall the ids belong to; anonymous on public routes (staff may be refused there).
    const token = route.isPublic ? undefined : tokens[route.roles[0]];
    return send(t, route.method, path, { token, body: r.body, raw: r.raw, idempotencyKey: `invalid-payload-${i}` });
  }

  it('refuses each with a 4xx in the error shape and changes no row', async () => {
    const cases = routes.flatMap((route) =>
      invalidRequests(doc, route)
        .filter((r) => !r.optionalNull)
        .map((r) => ({ route, r })),
    );
    const before = await tableChecksums(t.dataSource);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    await inParallel(cases, 4, async ({ route, r }, i) => {
      const res = await request(route, r, i);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      failures.push(...check(route, r.label, res, false));
    });
    const after = await tableChecksums(t.dataSource);
    report(
      `${cases.length} invalid requests over ${routes.length} write routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );

    expect(failures).toEqual([]);
    expect(changedTables(before, after)).toEqual({});
    expect(cases.length).toBeGreaterThanOrEqual(1000);
  });

  it('takes an optional field sent as null as not given or refuses it, never with a 5xx', async () => {
    const cases = routes.flatMap((route) =>
      invalidRequests(doc, route)
        .filter((r) => r.optionalNull)
        .map((r) => ({ route, r })),
    );
    const failures: string[] = [];
    await inParallel(cases, 4, async ({ route, r }, i) => {
      failures.push(...check(route, r.label, await request(route, r, 100_000 + i), true));
    });
    report(`${cases.length} optional fields sent as null`);
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(50);
  });
});
