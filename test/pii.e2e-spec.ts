import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { seedDemoHall } from '../seeds/demo-hall.seed';
import { CaseSweepService } from '../src/cases/case-sweep.service';
import { fingerprintId } from '../src/common/identity/masking';
import { runMigrations } from '../src/database/migrate';
import { generateKeySpec } from '../src/pii/domain/field-cipher';
import { loadFingerprintSecret } from '../src/pii/pii-keys';
import { Clock } from '../src/common/time/clock';
import { apply, caseMove, checklist, ItemShape, itemsByName, local, ok, ZHANG_SAN } from './support/case-helpers';
import { runNode } from './support/cli';
import { ManualClock } from './support/manual-clock';
import { auth } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

/** Every value of these people anywhere in the database, in any text, JSON or array column. */
async function plaintextHits(dataSource: DataSource, needles: string[]): Promise<string[]> {
  const columns: { table_name: string; column_name: string }[] = await dataSource.query(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`,
  );
  expect(columns.length).toBeGreaterThan(50);
  const hits: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    for (const needle of needles) {
      const [{ n }] = await dataSource.query(`select count(*)::int as n from "${table}" where "${column}"::text like '%' || $1 || '%'`, [
        needle,
      ]);
      if (n > 0) hits.push(`${table}.${column} holds ${needle}`);
    }
  }
  return hits;
}

const OUYANG = { name: '欧阳娜娜', idNumber: '11010519491231002X', phone: '13712345678', contact: '司马光明' };

describe('personal data at rest', () => {
  describe('the migration that encrypts the rows written before it', () => {
    let t: TestApp;
    let caseId: string;
    let hallId: string;
    let clerkId: string;
    const replayBody = { idNumber: OUYANG.idNumber };
    const stored = { caseId: '', applicant: { name: OUYANG.name, idNumber: OUYANG.idNumber, contactPhone: OUYANG.phone } };

    beforeAll(async () => {
      // A database at the schema before the migration, holding plain-text applicants as round one wrote them.
      const serverUrl = process.env.ONEWINDOW_TEST_SERVER_URL!;
      const name = `ow_pii_${randomBytes(5).toString('hex')}`;
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      // The demo seed of today also marks its hall as a demo hall, a column a later migration adds: that
      // one runs early here (it touches only halls), and the app later skips it as applied.
      const before = [
        ...MIGRATIONS.slice(
          0,
          MIGRATIONS.findIndex((m) => m.name === 'EncryptPersonalData1795301400000'),
        ),
        MIGRATIONS.find((m) => m.name === 'DemoHallMark1795301700000')!,
      ];
      const old = await new DataSource({
        type: 'postgres',
        url: url.toString(),
        migrations: before,
        migrationsTableName: 'schema_migrations',
      }).initialize();
      await runMigrations(old);
      hallId = await seedDemoHall(old);
      const [item] = await old.query(`select id, name, department_id from service_items where hall_id = $1 and name = '企业变更登记'`, [
        hallId,
      ]);
      [{ id: clerkId }] = await old.query(`select id from users where username = 'clerk1'`);
      const secret = await loadFingerprintSecret(undefined, old);
      [{ id: caseId }] = await old.query(
        `insert into cases (hall_id, item_id, item_name, item_department_id, department_id, case_type, case_number, query_code, local_date, status,
           applicant_kind, applicant_name, applicant_id_number, applicant_id_fingerprint, contact_name, contact_phone, clerk_id, materials,
           delivery_method, promised_limit_value, promised_limit_unit, received_at, accepted_at, promised_due_at, concluded_at, steps, pickup_code,
           result_ready_at, decision)
         values ($1, $2, $3, $4, $4, 'promised', 'DEMO-20251103-0001', 'QC8K2M7P', '2025-11-03', 'ready_for_pickup', 'person', $5, $6, $7, $8, $9,
           $10, '[]', 'window', 3, 'working_days', now(), now(), now(), now(), '[]', 'PK7Q2M9X', now(), 'approved')
         returning id`,
        [
          hallId,
          item.id,
          item.name,
          item.department_id,
          OUYANG.name,
          OUYANG.idNumber,
          fingerprintId(OUYANG.idNumber, secret),
          OUYANG.contact,
          OUYANG.phone,
          clerkId,
        ],
      );
      stored.caseId = caseId;
      // The stored first answer of a hand-over sent with an Idempotency-Key, which repeats the applicant.
      const requestHash = createHash('sha256')
        .update(`POST /api/cases/${caseId}/hand-over\n${JSON.stringify(replayBody)}`)
        .digest('hex');
      await old.query(
        `insert into idempotency_keys (principal_id, key, request_hash, state, response_status, response_body, completed_at)
         values ($1, 'handover-0001', $2, 'done', 200, $3, now())`,
        [`user:${clerkId}`, requestHash, JSON.stringify(stored)],
      );
      expect(await plaintextHits(old, [OUYANG.name, OUYANG.idNumber, OUYANG.phone, OUYANG.contact])).toHaveLength(7);
      await old.destroy();

      t = await createTestApp({ databaseUrl: url.toString(), seed: false, env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
    });
    afterAll(() => t?.close());

    it('leaves no name, ID number or phone in plain text in any column of any table', async () => {
      expect(await plaintextHits(t.dataSource, [OUYANG.name, OUYANG.idNumber, OUYANG.phone, OUYANG.contact])).toEqual([]);
      const [row] = await t.dataSource.query(`select * from cases where id = $1`, [caseId]);
      expect(row).toMatchObject({
        applicant_name_masked: '欧**娜',
        applicant_id_masked: '110***********002X',
        contact_name_masked: '司**明',
        contact_phone_masked: '137****5678',
        applicant_name_enc: expect.stringMatching(/^k1:/),
        personal_data_removed_at: null,
      });
      expect(row).not.toHaveProperty('applicant_name');
      expect(row).not.toHaveProperty('applicant_id_number');
    });

    it('shows the accepting clerk the applicant in full, anyone else masked', async () => {
      const own = await ok<{ applicant: Record<string, string> }>(t.http.get(`/api/cases/${caseId}`).set(auth(await t.login('clerk1'))));
      expect(own.applicant).toEqual({
        kind: 'person',
        name: OUYANG.name,
        idNumber: OUYANG.idNumber,
        contactName: OUYANG.contact,
        contactPhone: OUYANG.phone,
      });
      const other = await ok<{ applicant: Record<string, string> }>(t.http.get(`/api/cases/${caseId}`).set(auth(await t.login('manager'))));
      expect(other.applicant).toEqual({
        kind: 'person',
        name: '欧**娜',
        idNumber: '110***********002X',
        contactName: '司**明',
        contactPhone: '137****5678',
      });
    });

    it('still finds the case by ID number at the pickup windows (keyed fingerprint)', async () => {
      const found = await ok<{ caseId: string; applicantName: string }[]>(
        t.http
          .get(`/api/halls/${hallId}/pickups`)
          .query({ idNumber: OUYANG.idNumber.toLowerCase() })
          .set(auth(await t.login('clerk2'))),
      );
      expect(found).toEqual([expect.objectContaining({ caseId, applicantName: '欧**娜' })]);
    });

    it('replays a stored idempotent answer, sealed by the migration, as it was', async () => {
      const res = await t.http
        .post(`/api/cases/${caseId}/hand-over`)
        .set(auth(await t.login('clerk1')))
        .set('Idempotency-Key', 'handover-0001')
        .send(replayBody)
        .expect(200);
      expect(res.headers['idempotent-replayed']).toBe('true');
      expect(res.body).toEqual(stored);
    });

    it('refuses a sealed value moved to another column: it is bound to its row and column', async () => {
      // Copy the applicant's sealed ID into the name column of the same row: it no longer verifies.
      await t.dataSource.query(`update cases set applicant_name_enc = applicant_id_enc where id = $1`, [caseId]);
      const res = await t.http.get(`/api/cases/${caseId}`).set(auth(await t.login('clerk1')));
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('INTERNAL_ERROR');
      expect(JSON.stringify(res.body)).not.toContain(OUYANG.idNumber);
    });
  });

  describe('keys: rotation and `npm run pii:reencrypt`', () => {
    const k1 = generateKeySpec('k1');
    const k2 = generateKeySpec('k2');
    let databaseUrl: string;
    let hallId: string;
    let items: Record<string, ItemShape>;
    const caseIds: string[] = [];

    async function accept(t: TestApp, applicant: object): Promise<string> {
      const body = await ok<{ cases: { id: string }[] }>(
        apply({ ...t, hallId }, await t.login('clerk1'), {
          applicant,
          items: [{ itemId: items['企业变更登记'].id, materials: checklist(items['企业变更登记']), decision: 'accept' }],
        }),
        201,
      );
      return body.cases[0].id;
    }

    async function fullView(t: TestApp, caseId: string): Promise<Record<string, string>> {
      return (await ok<{ applicant: Record<string, string> }>(t.http.get(`/api/cases/${caseId}`).set(auth(await t.login('clerk1')))))
        .applicant;
    }

    const keyIds = async (t: TestApp) =>
      (
        await t.dataSource.query(
          `select distinct split_part(unnest(array[applicant_name_enc, applicant_id_enc, contact_phone_enc]), ':', 1) as id from cases order by 1`,
        )
      ).map((r: { id: string }) => r.id);

    it('reads rows of the old key after a new one is put first, seals new rows with it, and re-encrypts the old ones', async () => {
      databaseUrl = await createTestDatabase();
      let t = await createTestApp({ databaseUrl, env: { PII_KEYS: k1, CASE_SWEEP_INTERVAL_SECONDS: '0' } });
      hallId = t.hallId;
      items = await itemsByName(t);
      caseIds.push(await accept(t, ZHANG_SAN));
      await t.close();

      t = await createTestApp({ databaseUrl, seed: false, env: { PII_KEYS: `${k2},${k1}`, CASE_SWEEP_INTERVAL_SECONDS: '0' } });
      expect(await fullView(t, caseIds[0])).toMatchObject({
        name: '张三',
        idNumber: ZHANG_SAN.idNumber,
        contactPhone: ZHANG_SAN.contactPhone,
      });
      caseIds.push(await accept(t, { ...ZHANG_SAN, name: '李四' }));
      expect(await keyIds(t)).toEqual(['k1', 'k2']);

      const run = await runNode('src/cli/pii-reencrypt.cli.ts', { DATABASE_URL: databaseUrl, PII_KEYS: `${k2},${k1}` });
      expect(run.code).toBe(0);
      expect(run.lines).toEqual([
        { table: 'cases', resealed: 1, key: 'k2' },
        { table: 'idempotency_keys', resealed: 0, key: 'k2' },
      ]);
      expect(await keyIds(t)).toEqual(['k2']);
      // Run again: nothing left to do (resumable, idempotent).
      expect(
        (await runNode('src/cli/pii-reencrypt.cli.ts', { DATABASE_URL: databaseUrl, PII_KEYS: `${k2},${k1}` })).lines[0],
      ).toMatchObject({ resealed: 0 });
      await t.close();

      // k1 can now be dropped from the ring.
      t = await createTestApp({ databaseUrl, seed: false, env: { PII_KEYS: k2, CASE_SWEEP_INTERVAL_SECONDS: '0' } });
      expect(await fullView(t, caseIds[0])).toMatchObject({ name: '张三', idNumber: ZHANG_SAN.idNumber });
      expect(await fullView(t, caseIds[1])).toMatchObject({ name: '李四' });
      await t.close();
    }, 300_000);

    it('refuses to start with a malformed key ring, naming the variable but not the key', async () => {
      let error: Error | undefined;
      try {
        await createTestApp({ databaseUrl, seed: false, env: { PII_KEYS: 'k1:c2hvcnQ=' } });
      } catch (err) {
        error = err as Error;
      }
      expect(error?.message).toContain('PII_KEYS');
      expect(error?.message).toContain('32 bytes');
      expect(error?.message).not.toContain('c2hvcnQ');
    });
  });

  describe('retention', () => {
    let t: TestApp;
    let items: Record<string, ItemShape>;
    const clock = new ManualClock(local('2025-11-03T10:00:00'));

    beforeAll(async () => {
      t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
      items = await itemsByName(t);
    });
    afterAll(() => t.close());

    it('removes the personal data of cases finished longer ago than PII_RETENTION_DAYS and leaves every measure as it was', async () => {
      const clerk = await t.login('clerk1');
      const manager = await t.login('manager');
      const change = items['企业变更登记'];
      const receive = async (decision: string, applicant: object = ZHANG_SAN) =>
        (
          await ok<{ cases: { id: string }[] }>(
            apply(t, clerk, {
              applicant,
              items: [
                {
                  itemId: change.id,
                  materials: checklist(change),
                  decision,
                  ...(decision === 'refuse' ? { reason: '不属于本机关职权范围' } : {}),
                },
              ],
            }),
            201,
          )
        ).cases[0].id;
      const refused = await receive('refuse');
      const withdrawn = await receive('accept', { ...ZHANG_SAN, name: '王小二' });
      await ok(caseMove(t, clerk, withdrawn, 'withdraw', { reason: '申请人书面撤回' }));
      const open = await receive('accept', { ...ZHANG_SAN, name: '赵六' });
      // An idempotent acceptance: its stored answer repeats the applicant, sealed.
      await ok(
        apply(
          t,
          clerk,
          {
            applicant: { ...ZHANG_SAN, name: '钱七' },
            items: [{ itemId: change.id, materials: checklist(change), decision: 'accept' }],
          },
          'retention-0001',
        ),
        201,
      );
      const [answer] = await t.dataSource.query(
        `select response_body #>> '{}' as sealed from idempotency_keys where key = 'retention-0001'`,
      );
      expect(answer.sealed).toMatch(/^k1:/);
      clock.set(local('2025-11-04T10:00:00'));

      const reports = async () =>
        Promise.all(
          ['cases', 'on-time'].map(
            async (path) =>
              (await ok(
                t.http
                  .get(`/api/stats/${path}`)
                  .query({ hallId: t.hallId, from: '2025-11-01', to: '2025-11-30', groupBy: 'day' })
                  .set(auth(manager)),
              )) as object,
          ),
        );
      const before = await reports();
      expect(before[0]).toMatchObject({ total: expect.objectContaining({ accepted: 3, withdrawn: 1, notAccepted: 1 }) });
      const sweeper = t.app.get(CaseSweepService);
      // Not yet: three years less a day after they finished.
      clock.set(local('2028-11-02T10:00:00'));
      expect(await sweeper.sweepRetention()).toBe(0);
      clock.set(local('2028-11-04T10:00:00'));
      expect(await sweeper.sweepRetention()).toBe(2);
      expect(await sweeper.sweepRetention()).toBe(0);
      // Stored idempotent answers go a week after their request.
      expect(await t.dataSource.query(`select key from idempotency_keys`)).toEqual([]);

      const rows: Record<string, unknown>[] = await t.dataSource.query(
        `select id, applicant_name_enc, applicant_id_enc, contact_phone_enc, applicant_id_fingerprint, applicant_name_masked, applicant_id_masked,
                contact_phone_masked, personal_data_removed_at from cases order by case_number`,
      );
      expect(rows.map((r) => [r.id, r.applicant_name_enc === null, r.applicant_id_fingerprint === null, r.applicant_name_masked])).toEqual([
        [refused, true, true, '张*'],
        [withdrawn, true, true, '王*二'],
        [open, false, false, '赵*'],
        [expect.any(String), false, false, '钱*'],
      ]);
      expect(rows[0]).toMatchObject({
        applicant_id_enc: null,
        contact_phone_enc: null,
        applicant_id_masked: '110***********002X',
        contact_phone_masked: '138****5678',
      });
      expect(new Date(rows[0].personal_data_removed_at as string).toISOString()).toBe(new Date(local('2028-11-04T10:00:00')).toISOString());

      // The reports read at the same instant as before the sweep: every figure is the same.
      clock.set(local('2025-11-04T10:00:00'));
      expect(await reports()).toEqual(before);
      // The accepting clerk now sees the masked forms too, and the ID number no longer finds the case.
      const view = await ok<{ applicant: Record<string, string> }>(t.http.get(`/api/cases/${refused}`).set(auth(clerk)));
      expect(view.applicant).toMatchObject({ name: '张*', idNumber: '110***********002X', contactPhone: '138****5678' });
      const open_ = await ok<{ applicant: Record<string, string> }>(t.http.get(`/api/cases/${open}`).set(auth(clerk)));
      expect(open_.applicant).toMatchObject({ name: '赵六', idNumber: ZHANG_SAN.idNumber });
    });
  });
});
