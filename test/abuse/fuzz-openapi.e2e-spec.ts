import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../src/auth/principal';
import { Clock } from '../../src/common/time/clock';
import { roleTokens } from '../support/abuse-helpers';
import { fuzzRequests, FuzzRequest } from '../support/fuzz-requests';
import { FIXTURE_TIME, hallFixtures, HallFixtures } from '../support/hall-fixtures';
import { plausibleRequest } from '../support/invalid-payloads';
import { ManualClock } from '../support/manual-clock';
import { OpenApiDocument, Route, routeCatalog } from '../support/route-catalog';
import { changedTables, COUNTERS_OF_REFUSALS } from '../support/table-checksums';
import { createTestApp, TestApp } from '../support/test-app';

/** Fixed, so that a failure is reproduced by running the test again; FUZZ_SEED tries another. */
const SEED = Number(process.env.FUZZ_SEED ?? 19_2026);
/** Generated requests per route, each sent twice (an admitted caller, then any caller or none). */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 6);
const REPORT = join(__dirname, '..', '..', 'test-results', 'fuzz-report.json');

type Caller = Role | 'none';
const CALLERS: Caller[] = ['admin', 'security_admin', 'audit_admin', 'manager', 'clerk', 'approver', 'display', 'kiosk', 'none'];

function report(line: string): void {
  process.stdout.write(`[fuzz] ${line}\n`);
}

/** A lone surrogate cannot be percent-encoded: as a URL takes it, the replacement character. */
const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function segment(value: string): string {
  return encodeURIComponent(wellFormed(value));
}

function queryString(query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) params.append(wellFormed(k), wellFormed(one));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Bad requests for EVERY route of the OpenAPI document (issue 19): derived from each route's
 * schema by fast-check with a fixed seed, sent as a caller the route admits and as any role or
 * none. None may fail with a 5xx; a refused one (4xx) may change no row (the checksums of every
 * table but the refusal counters, taken when the database's transaction counter says something
 * was written). Writes test-results/fuzz-report.json: every request tried and the counts.
 */
describe('fuzzing every route from the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let routes: Route[];
  let fixtures: HallFixtures;
  let tokens: Record<Role, string>;
  let checksumSql: string;

  beforeAll(async () => {
    t = await createTestApp({
      overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }],
      env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', CASE_SWEEP_INTERVAL_SECONDS: '0' },
    });
    fixtures = await hallFixtures(t);
    tokens = await roleTokens(t);
    doc = (await t.http.get('/api/docs-json').expect(200)).body;
    // A logout ends its caller's session, and every later request with that token would be a 401 that
    // reaches no validation: the logouts go last.
    routes = (await routeCatalog(t.app, doc)).sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    const tables: { name: string }[] = await t.dataSource.query(
      `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    // One statement for all tables: a checksum costs a round trip, not one per table.
    checksumSql = tables
      .filter(({ name }) => !COUNTERS_OF_REFUSALS.includes(name))
      .map(
        ({ name }) =>
          `select '${name}' as name, count(*)::int || ':' || md5(coalesce(string_agg(t::text, '' order by t::text), '')) as sum from "${name}" t`,
      )
      .join(' union all ');
  }, 120_000);
  afterAll(() => t?.close());

  async function checksums(): Promise<Record<string, string>> {
    const rows: { name: string; sum: string }[] = await t.dataSource.query(checksumSql);
    return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
  }

  /** The next transaction id: it moves only when something wrote (or asked for an id). */
  async function writeMark(): Promise<string> {
    const [row] = await t.dataSource.query(`select pg_snapshot_xmax(pg_current_snapshot())::text as x`);
    return row.x;
  }

  async function send(route: Route, r: FuzzRequest, caller: Caller): Promise<{ status: number; body: unknown }> {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      segment(r.pathOverrides[name] ?? fixtures.value(name, route.method === 'delete' || /revoke|delete/.test(route.path))),
    );
    const http = t.http as unknown as Record<string, (p: string) => import('supertest').Test>;
    let req = http[route.method](path + queryString(r.query));
    if (caller !== 'none') req = req.set('Authorization', `Bearer ${tokens[caller]}`);
    if (r.raw !== undefined) req = req.set('Content-Type', 'application/json').send(r.raw);
    else if (r.body !== undefined) req = req.send(r.body as object);
    const res = await req;
    return { status: res.status, body: res.body };
  }

  it('answers no bad request with a 5xx and lets none it refuses change a row', async () => {
    const started = Date.now();
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    const byKind: Record<string, Record<string, number>> = {};
    const tried: { route: string; kind: string; target: string; caller: Caller; status: number }[] = [];
    let baseline = await checksums();
    let mark = await writeMark();

    for (const [index, route] of routes.entries()) {
      const plausible = plausibleRequest(
        doc,
        route,
        (p) => fixtures.value(p),
        (p) => fixtures.known(p),
      );
      const requests = fc.sample(fuzzRequests(doc, route, plausible), { seed: SEED + index, numRuns: RUNS_PER_ROUTE });
      const admitted: Caller[] = route.isPublic ? ['none'] : route.roles;
      const anyone = fc.sample(fc.constantFrom(...CALLERS), { seed: SEED - index, numRuns: RUNS_PER_ROUTE });
      for (const [i, r] of requests.entries()) {
        for (const caller of [admitted[i % admitted.length], anyone[i]]) {
          const res = await send(route, r, caller);
          const name = `${route.method.toUpperCase()} ${route.path}`;
          const what = `${name} [${r.kind} ${r.target.slice(0, 40)} as ${caller}] → ${res.status}`;
          tried.push({ route: name, kind: r.kind, target: r.target.slice(0, 60), caller, status: res.status });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          (byKind[r.kind] ??= {})[res.status] = (byKind[r.kind]?.[res.status] ?? 0) + 1;
          if (res.status >= 500) failures.push(`${what} ${JSON.stringify(res.body).slice(0, 300)}`);
          // The database's refusal where the validation should have said no first (a missing bound).
          if ((res.body as { code?: string })?.code === 'INPUT_OUT_OF_RANGE')
            failures.push(`${what}: refused by PostgreSQL, not by its validation`);
          const now = await writeMark();
          if (now === mark) continue;
          mark = now;
          const after = await checksums();
          const changed = changedTables(baseline, after);
          if (res.status >= 400 && Object.keys(changed).length) failures.push(`${what} but changed ${Object.keys(changed).join(', ')}`);
          baseline = after;
          mark = await writeMark();
        }
      }
    }

    const seconds = Math.round((Date.now() - started) / 1000);
    mkdirSync(join(REPORT, '..'), { recursive: true });
    writeFileSync(
      REPORT,
      JSON.stringify(
        { seed: SEED, runsPerRoute: RUNS_PER_ROUTE, routes: routes.length, requests: tried.length, seconds, statuses, byKind, tried },
        null,
        1,
      ),
    );
    report(`seed ${SEED}: ${tried.length} requests over ${routes.length} routes in ${seconds} s; statuses ${JSON.stringify(statuses)}`);
    for (const [kind, counts] of Object.entries(byKind).sort()) report(`  ${kind}: ${JSON.stringify(counts)}`);

    expect(failures).toEqual([]);
    expect(new Set(tried.map((x) => x.route)).size).toBe(routes.length);
    expect(new Set(tried.map((x) => x.caller))).toEqual(new Set(CALLERS));
  }, 600_000);
});
