import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditTrail } from '../src/audit/audit-trail.service';
import { Clock } from '../src/common/time/clock';
import { FIXTURE_TIME, hallFixtures, HallFixtures } from './support/hall-fixtures';
import { ManualClock } from './support/manual-clock';
import { auth } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

interface Audit {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  clientAddress: string | null;
  requestId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  result: string;
  hash: string;
}

function report(line: string): void {
  process.stdout.write(`[audit-trail] ${line}\n`);
}

/** `npm run audit:verify` as its built form runs it, straight from the TypeScript; without a URL, on the embedded database of EMBEDDED_PG_DIR. */
async function verifyCommand(
  databaseUrl: string | { embeddedDir: string },
): Promise<{ code: number; out: Record<string, unknown>; err: string }> {
  const args = ['-r', join(__dirname, 'support/ts-register.cjs'), join(__dirname, '../src/audit/verify-command.ts')];
  const { DATABASE_URL: _url, ...inherited } = process.env;
  const env =
    typeof databaseUrl === 'string'
      ? { ...inherited, DATABASE_URL: databaseUrl }
      : { ...inherited, EMBEDDED_PG_DIR: databaseUrl.embeddedDir };
  try {
    const { stdout, stderr } = await run(process.execPath, args, { env: { ...env, LOG_LEVEL: 'silent' }, timeout: 120_000 });
    return { code: 0, out: JSON.parse(stdout), err: stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout ? JSON.parse(err.stdout) : {}, err: err.stderr };
  }
}

describe('audit trail of staff actions', () => {
  let t: TestApp;
  let fixtures: HallFixtures;
  let auditor: string;
  const FROM = '198.51.100.7';

  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: new ManualClock(FIXTURE_TIME) }] });
    fixtures = await hallFixtures(t);
    auditor = await t.login('auditor');
  });
  afterAll(() => t?.close());

  const search = async (query: Record<string, string | number>) =>
    (await t.http.get('/api/audit').query(query).set(auth(auditor)).expect(200)).body as { total: number; items: Audit[] };
  const latest = async (action: string, extra: Record<string, string> = {}) => (await search({ action, pageSize: 1, ...extra })).items[0];

  it('records who, when, from where, what and the result of each kind of staff action', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    // Sign-ins, good and bad, from an address the local proxy vouches for.
    const login = await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', FROM)
      .set('X-Request-Id', 'audit-login-1')
      .send({ username: 'clerk2', password: 'OneWindow#2026' })
      .expect(200);
    await t.http.post('/api/auth/login').set('X-Forwarded-For', FROM).send({ username: 'clerk2', password: 'wrong-password' }).expect(401);
    const security = await t.login('security');
    const admin = await t.login('admin');
    const clerk = await t.login('clerk1');
    const manager = await t.login('manager');

    const user = (
      await t.http
        .post('/api/users')
        .set(auth(security))
        .set('X-Forwarded-For', FROM)
        .send({ username: 'audited-clerk', password: 'Audited#2026', displayName: '王审计', role: 'clerk', hallIds: [t.hallId] })
        .expect(201)
    ).body;
    await t.http
      .patch(`/api/users/${user.id}`)
      .set(auth(security))
      .send({ role: 'manager', hallIds: [], password: 'Reset-by-security#2026' })
      .expect(200);
    const [{ id: securityId }] = await t.dataSource.query(`select id from users where username = 'security'`);
    await t.http.patch(`/api/users/${securityId}`).set(auth(security)).send({ role: 'admin' }).expect(403);
    await t.http.post(`/api/devices/${fixtures.spare.deviceId}/revoke`).set(auth(admin)).expect(201);
    await t.http.patch(`/api/halls/${t.hallId}`).set(auth(admin)).send({ targetWaitMinutes: 20 }).expect(200);
    await t.http.patch(`/api/categories/${fixtures.ids.categoryId}`).set(auth(admin)).send({ name: '企业开办' }).expect(200);
    await t.http.patch(`/api/categories/${fixtures.ids.categoryId}`).set(auth(admin)).send({ prefix: 'not a prefix' }).expect(400);
    await t.http
      .get('/api/stats/cases/export')
      .query({ hallId: t.hallId, from: '2026-03-01', to: '2026-03-31', format: 'csv' })
      .set(auth(manager))
      .expect(200);
    await t.http.get(`/api/cases/${fixtures.ids.caseId}`).set(auth(clerk)).expect(200);
    await t.http.post('/api/halls').set(auth(clerk)).set('X-Forwarded-For', FROM).send({ code: 'NOPE', name: '越权' }).expect(403);

    const ok = await latest('auth.login', { result: 'success', actor: 'clerk2' });
    expect(ok).toMatchObject({
      actorKind: 'user',
      actorUsername: 'clerk2',
      actorRole: 'clerk',
      actorId: login.body.user.id,
      clientAddress: FROM,
      requestId: 'audit-login-1',
      targetType: 'user',
      result: 'success',
    });
    expect(new Date(ok.at).getTime()).toBeGreaterThanOrEqual(new Date(started).getTime());
    expect(await latest('auth.login', { result: 'failed' })).toMatchObject({
      actorKind: 'anonymous',
      actorUsername: 'clerk2',
      clientAddress: FROM,
      detail: { code: 'INVALID_CREDENTIALS' },
    });

    expect(await latest('account.create')).toMatchObject({
      actorUsername: 'security',
      actorRole: 'security_admin',
      clientAddress: FROM,
      targetType: 'user',
      targetId: user.id,
      result: 'success',
      detail: { username: 'audited-clerk', role: 'clerk', hallIds: [t.hallId] },
    });
    const update = await latest('account.update', { result: 'success' });
    expect(update).toMatchObject({
      targetId: user.id,
      detail: {
        username: 'audited-clerk',
        role: { from: 'clerk', to: 'manager' },
        halls: { added: [], removed: [t.hallId] },
        passwordReset: true,
      },
    });
    expect(JSON.stringify(update.detail)).not.toContain('Reset-by-security#2026');
    expect(await latest('account.update', { result: 'denied' })).toMatchObject({
      actorUsername: 'security',
      targetId: securityId,
      detail: { code: 'ACCOUNT_SELF_CHANGE', status: 403 },
    });

    expect(await latest('device.issue')).toMatchObject({
      actorUsername: 'admin',
      targetType: 'device',
      targetId: fixtures.spare.deviceId,
      result: 'success',
    });
    expect(await latest('device.revoke')).toMatchObject({
      actorUsername: 'admin',
      targetId: fixtures.spare.deviceId,
      detail: { kind: 'display' },
    });
    expect(await latest('hall.update')).toMatchObject({
      actorUsername: 'admin',
      targetType: 'hall',
      targetId: t.hallId,
      result: 'success',
    });
    expect(await latest('category.update', { result: 'success' })).toMatchObject({ targetId: fixtures.ids.categoryId });
    expect(await latest('category.update', { result: 'failed' })).toMatchObject({
      targetId: fixtures.ids.categoryId,
      detail: { code: 'VALIDATION_FAILED', status: 400 },
    });
    expect(await latest('category.create')).toMatchObject({ targetId: fixtures.spare.categoryId, result: 'success' });
    expect(await latest('calendar.override_create')).toMatchObject({ actorUsername: 'manager', targetId: fixtures.ids.overrideId });
    expect(await latest('stats.export')).toMatchObject({
      actorUsername: 'manager',
      targetType: 'report',
      detail: { title: '办件统计', format: 'csv' },
    });

    // Each showing of a full ID number: who saw whose (masked, by fingerprint) and why; the number itself is nowhere in the trail.
    const shown = await search({ action: 'pii.id_number.view', targetId: fixtures.ids.caseId });
    expect(shown.total).toBeGreaterThanOrEqual(2); // at acceptance, and now
    expect(shown.items[0]).toMatchObject({
      actorUsername: 'clerk1',
      targetType: 'case',
      detail: { caseNumber: fixtures.ids.caseNumber, purpose: 'accepting_clerk' },
    });
    const [c] = await t.dataSource.query('select applicant_id_fingerprint from cases where id = $1', [fixtures.ids.caseId]);
    expect(shown.items[0].detail.fingerprint).toBe(c.applicant_id_fingerprint);
    expect(shown.items[0].detail.idNumber).toMatch(/\*/);
    // The applicant in full, as the accepting clerk's view opens it (stored sealed).
    const { applicant } = (await t.http.get(`/api/cases/${fixtures.ids.caseId}`).set(auth(clerk)).expect(200)).body;
    const [{ text }] = await t.dataSource.query(`select string_agg(detail::text || coalesce(target_id, ''), ' ') as text from audit_log`);
    expect(text).not.toContain(applicant.idNumber);
    expect(text).not.toContain(applicant.name);

    expect(await latest('access.denied')).toMatchObject({
      actorUsername: 'clerk1',
      actorRole: 'clerk',
      clientAddress: FROM,
      targetType: 'route',
      targetId: 'POST /api/halls',
      result: 'denied',
    });

    // A refusal by the service (another hall), on a route that records nothing else.
    const other = (await t.http.post('/api/halls').set(auth(admin)).send({ code: 'AUDIT2', name: '另一个大厅' }).expect(201)).body;
    await t.http.get(`/api/halls/${other.id}/departments`).set(auth(clerk)).expect(403);
    expect(await latest('access.denied')).toMatchObject({
      actorUsername: 'clerk1',
      targetId: 'GET /api/halls/:hallId/departments',
      result: 'denied',
      detail: { code: 'HALL_ACCESS_DENIED' },
    });
    expect(await latest('hall.create')).toMatchObject({ actorUsername: 'admin', targetId: other.id, result: 'success' });

    // Filters combine; paging counts the whole selection.
    const page = await search({ actor: 'security', result: 'success', pageSize: 1, page: 2 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(
      (await search({ action: 'account.', result: 'denied' })).items.every((r) => r.action.startsWith('account.') && r.result === 'denied'),
    ).toBe(true);
    expect((await search({ from: new Date(Date.now() + 60_000).toISOString() })).total).toBe(0);
  });

  it('exports the selection as CSV, and records the export', async () => {
    const res = await t.http
      .get('/api/audit/export')
      .query({ action: 'auth.login' })
      .set(auth(auditor))
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = (res.body as string).trim().split('\r\n');
    expect(lines[0]).toContain('哈希 SM3 hash');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.slice(1).every((l) => l.includes(',auth.login,'))).toBe(true);
    expect(await latest('audit.export')).toMatchObject({
      actorUsername: 'auditor',
      actorRole: 'audit_admin',
      detail: { format: 'csv', filters: { action: 'auth.login' } },
    });
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused, whoever asks', async () => {
    const [{ id }] = await t.dataSource.query('select id from audit_log order by id limit 1');
    await expect(t.dataSource.query(`update audit_log set result = 'success' where id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('delete from audit_log where id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('truncate audit_log')).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('update audit_chain_head set last_id = 1')).rejects.toThrow(/only moves one record forward/);
  });

  it('keeps one unbroken chain while two instances append at once, and says what a record costs', async () => {
    const b = await createTestApp({ databaseUrl: t.databaseUrl, seed: false });
    try {
      const [{ n: before }] = await t.dataSource.query('select count(*)::int as n from audit_log');
      const trails = [t.app.get(AuditTrail), b.app.get(AuditTrail)];
      const PER_WRITER = 150;
      const WRITERS_PER_INSTANCE = 4;
      const started = Date.now();
      await Promise.all(
        trails.flatMap((trail, instance) =>
          Array.from({ length: WRITERS_PER_INSTANCE }, async (_, w) => {
            for (let i = 0; i < PER_WRITER; i++) {
              await trail.record({
                action: 'test.concurrent',
                targetType: 'writer',
                targetId: `${instance}-${w}`,
                detail: { i },
                result: 'success',
              });
            }
          }),
        ),
      );
      const concurrentMs = Date.now() - started;
      const written = 2 * WRITERS_PER_INSTANCE * PER_WRITER;
      const [{ n: after }] = await t.dataSource.query('select count(*)::int as n from audit_log');
      expect(after - before).toBe(written);
      const [{ gaps }] = await t.dataSource.query('select max(id) - min(id) + 1 - count(*) as gaps from audit_log');
      expect(Number(gaps)).toBe(0);
      const verified = (await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200)).body;
      expect(verified).toMatchObject({ intact: true, firstBreak: null });

      const SEQUENTIAL = 300;
      const sequentialStart = process.hrtime.bigint();
      for (let i = 0; i < SEQUENTIAL; i++) await trails[0].record({ action: 'test.sequential', detail: { i }, result: 'success' });
      const perRecord = Number(process.hrtime.bigint() - sequentialStart) / 1e6 / SEQUENTIAL;
      report(
        `one writer: ${perRecord.toFixed(2)} ms per record (${SEQUENTIAL} records, own transaction each: lock head, SM3, insert, move head)`,
      );
      report(
        `2 instances × ${WRITERS_PER_INSTANCE} writers: ${written} records in ${concurrentMs} ms = ${(concurrentMs / written).toFixed(2)} ms per record, ${Math.round(written / (concurrentMs / 1000))} records/s`,
      );
      report(`verification: ${verified.verified} records in ${verified.ms} ms`);
      expect(perRecord).toBeLessThan(50);
    } finally {
      await b.close();
    }
  });

  it("finds a record changed behind the trigger's back, through the route and the command, at that record", async () => {
    expect(await verifyCommand(t.databaseUrl)).toMatchObject({ code: 0, out: { intact: true, firstBreak: null } });
    const [victim] = await t.dataSource.query(
      `select id::int as id, hash from audit_log where action = 'account.create' order by id desc limit 1`,
    );

    // A superuser can switch the trigger off; the chain is what still tells.
    await t.dataSource.transaction(async (em) => {
      await em.query('alter table audit_log disable trigger tg_audit_log_append_only');
      await em.query(`update audit_log set detail = jsonb_set(detail, '{role}', '"admin"') where id = $1`, [victim.id]);
      await em.query('alter table audit_log enable trigger tg_audit_log_append_only');
    });

    const res = (await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200)).body;
    expect(res).toMatchObject({
      intact: false,
      verified: victim.id - 1,
      firstBreak: { id: victim.id, reason: 'hash_mismatch', stored: victim.hash },
    });
    expect(res.firstBreak.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(res.firstBreak.expected).not.toBe(victim.hash);

    const command = await verifyCommand(t.databaseUrl);
    expect(command.code).toBe(1);
    expect(command.out).toMatchObject({
      intact: false,
      firstBreak: { id: victim.id, reason: 'hash_mismatch', stored: victim.hash, expected: res.firstBreak.expected },
    });
    expect(command.err).toContain(`BROKEN at record ${victim.id}`);
  });
});

describe('npm run audit:verify on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-audit-'));
  // Run as root, PostgreSQL runs as `postgres`, which must be able to pass through this folder.
  chmodSync(dir, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the embedded database the server uses, verifies its chain and stops it again', async () => {
    const { stdout } = await run(
      process.execPath,
      ['-r', join(__dirname, 'support/ts-register.cjs'), join(__dirname, 'support/audit-embedded-scenario.ts'), join(dir, 'pg')],
      { timeout: 120_000 },
    );
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ records: 3 });
    const result = await verifyCommand({ embeddedDir: join(dir, 'pg') });
    expect(result).toMatchObject({ code: 0, out: { intact: true, verified: 3, head: { lastId: 3 } } });
  }, 180_000);
});
