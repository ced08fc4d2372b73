import { AuthService } from '../../src/auth/auth.service';
import { DEVICE_ROLES, Role, STAFF_ROLES } from '../../src/auth/principal';
import { Clock } from '../../src/common/time/clock';
import { inParallel, roleTokens, send } from '../support/abuse-helpers';
import { FIXTURE_TIME, hallFixtures, HallFixtures } from '../support/hall-fixtures';
import { plausibleRequest } from '../support/invalid-payloads';
import { ManualClock } from '../support/manual-clock';
import { auth } from '../support/queue-helpers';
import { OpenApiDocument, pathParams, Route, routeCatalog } from '../support/route-catalog';
import { changedTables, tableChecksums } from '../support/table-checksums';
import { createTestApp, TestApp } from '../support/test-app';

const ROLES: Role[] = [...STAFF_ROLES, ...DEVICE_ROLES];
/** Path parameters that do not name a hall's thing. */
const HALL_FREE_PARAMS = ['year', 'kind'];

interface Outcome {
  status: number;
  code?: string;
  details?: { allowed?: unknown };
}

function report(line: string): void {
  process.stdout.write(`[authorization-matrix] ${line}\n`);
}

/** Deletes and revocations go last, so the things they remove are there for every other request. */
const destructive = (r: Route) => r.method === 'delete' || r.path.endsWith('/revoke') || r.path.endsWith('/logout');
/** Destructive routes after the others, and a logout after everything its token is still needed for. */
const order = (r: Route) => (r.path.endsWith('/logout') ? 2 : Number(destructive(r)));

// Some 150 routes × every role and outsider, one request each: minutes on a loaded 2-core machine, not jest's default.
jest.setTimeout(300_000);

describe('authorization matrix: every route × every role, no token, an expired token, another hall', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let routes: Route[];
  let fixtures: HallFixtures;
  let tokens: Record<Role, string>;
  let expired: string;
  const outsiders: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    t = await createTestApp({
      overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }],
      env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    fixtures = await hallFixtures(t);
    tokens = await roleTokens(t);
    doc = (await t.http.get('/api/docs-json').expect(200)).body;
    routes = (await routeCatalog(t.app, doc)).sort((a, b) => order(a) - order(b));

    const [manager] = await t.dataSource.query(`select id from users where username = 'manager'`);
    expired = (await t.app.get(AuthService).signFor({ id: manager.id, username: 'manager' }, 60, Date.now() - 3600_000)).token;

    // A second hall with one of each role, all belonging to it alone.
    const admin = tokens.admin;
    const hall = (await t.http.post('/api/halls').set(auth(admin)).send({ code: 'OTHER', name: '另一个大厅' }).expect(201)).body;
    const department = (
      await t.http.post(`/api/halls/${hall.id}/departments`).set(auth(admin)).send({ code: 'SCJG', name: '市场监督管理局' }).expect(201)
    ).body;
    for (const role of ['manager', 'clerk', 'approver'] as const) {
      await t.http
        .post('/api/users')
        .set(auth(tokens.security_admin))
        .send({
          username: `other-${role}`,
          password: 'Other-hall#2026',
          displayName: `外厅${role}`,
          role,
          hallIds: [hall.id],
          ...(role === 'approver' ? { departmentId: department.id } : {}),
        })
        .expect(201);
      outsiders[role] = await t.login(`other-${role}`, 'Other-hall#2026');
    }
    for (const kind of DEVICE_ROLES) {
      outsiders[kind] = (
        await t.http
          .post(`/api/halls/${hall.id}/devices`)
          .set(auth(admin))
          .send({ kind, name: `外厅${kind}` })
          .expect(201)
      ).body.token;
    }
  });
  afterAll(() => t?.close());

  async function call(route: Route, token: string | undefined): Promise<Outcome> {
    const r = plausibleRequest(
      doc,
      route,
      (p) => fixtures.value(p, destructive(route)),
      (p) => fixtures.known(p),
    );
    const res = await send(t, route.method, r.path, { token, body: r.body, query: r.query });
    const body = (res.body ?? {}) as { code?: string; details?: { allowed?: unknown } };
    return { status: res.status, code: body.code, details: body.details };
  }

  it('refuses every caller the route does not admit, and none of them changes a row', async () => {
    const checks: { route: Route; who: string; token?: string; expect: (o: Outcome) => boolean; wanted: string }[] = [];
    for (const route of routes) {
      if (route.isPublic) {
        // Anyone may call it: an expired token counts as none, never as a refusal.
        checks.push({
          route,
          who: 'expired token',
          token: expired,
          expect: (o) => o.code !== 'UNAUTHENTICATED' && o.status < 500,
          wanted: 'not UNAUTHENTICATED',
        });
        continue;
      }
      checks.push({
        route,
        who: 'no token',
        expect: (o) => o.status === 401 && o.code === 'UNAUTHENTICATED',
        wanted: '401 UNAUTHENTICATED',
      });
      checks.push({
        route,
        who: 'expired token',
        token: expired,
        expect: (o) => o.status === 401 && o.code === 'UNAUTHENTICATED',
        wanted: '401 UNAUTHENTICATED',
      });
      for (const role of ROLES.filter((r) => !route.roles.includes(r))) {
        checks.push({
          route,
          who: role,
          token: tokens[role],
          expect: (o) => o.status === 403 && o.code === 'FORBIDDEN',
          wanted: '403 FORBIDDEN',
        });
      }
      const hallBound = pathParams(route).some((p) => !HALL_FREE_PARAMS.includes(p));
      for (const [role, token] of Object.entries(outsiders) as [Role, string][]) {
        if (!route.roles.includes(role)) {
          checks.push({
            route,
            who: `other hall's ${role}`,
            token,
            expect: (o) => o.status === 403 && o.code === 'FORBIDDEN',
            wanted: '403 FORBIDDEN',
          });
        } else if (hallBound) {
          // Admitted by role, so it reaches the service, which must not hand over this hall's thing: refused or not found.
          checks.push({
            route,
            who: `other hall's ${role}`,
            token,
            expect: (o) =>
              (o.status === 403 && o.code === 'HALL_ACCESS_DENIED') || o.status === 404 || (route.method !== 'get' && o.status === 400),
            wanted: 'HALL_ACCESS_DENIED or 404',
          });
        }
      }
    }
    const before = await tableChecksums(t.dataSource);
    const failures: string[] = [];
    let reachedHallCheck = 0;
    await inParallel(checks, 4, async (c) => {
      const o = await call(c.route, c.token);
      if (o.code === 'HALL_ACCESS_DENIED') reachedHallCheck++;
      if (!c.expect(o))
        failures.push(`${c.route.method.toUpperCase()} ${c.route.path} as ${c.who}: ${o.status} ${o.code} (wanted ${c.wanted})`);
    });
    const after = await tableChecksums(t.dataSource);
    report(`${checks.length} refusals over ${routes.length} routes; ${reachedHallCheck} stopped by the hall check`);

    expect(failures).toEqual([]);
    expect(changedTables(before, after)).toEqual({});
    expect(routes.length).toBeGreaterThan(80);
  });

  it('lets every admitted role of the hall past the role and hall checks', async () => {
    const failures: string[] = [];
    let calls = 0;
    // In order, destructive routes last, each after all its readers.
    for (const route of routes) {
      for (const role of route.isPublic ? [undefined] : route.roles) {
        const o = await call(route, role && tokens[role]);
        calls++;
        const refusedByGuard =
          o.code === 'UNAUTHENTICATED' || o.code === 'HALL_ACCESS_DENIED' || (o.code === 'FORBIDDEN' && o.details?.allowed !== undefined);
        if (refusedByGuard || o.status >= 500)
          failures.push(`${route.method.toUpperCase()} ${route.path} as ${role ?? 'anonymous'}: ${o.status} ${o.code}`);
      }
    }
    report(`${calls} admitted calls`);
    expect(failures).toEqual([]);
  });
});
