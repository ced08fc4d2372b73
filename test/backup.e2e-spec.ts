import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';
import { Clock } from '../src/common/time/clock';
import { apply, checklist, itemsByName, local, ok, ZHANG_SAN } from './support/case-helpers';
import { runNode } from './support/cli';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, issue, KIOSK_TOKEN } from './support/queue-helpers';
import { tableChecksums } from './support/table-checksums';
import { createTestApp, TestApp } from './support/test-app';

async function emptyDatabase(): Promise<string> {
  const serverUrl = process.env.ONEWINDOW_TEST_SERVER_URL!;
  const name = `ow_restore_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function tableCount(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const {
    rows: [{ n }],
  } = await client.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
  await client.end();
  return n;
}

const SCHEMA = MIGRATIONS.map((m) => new m().name!);

describe('npm run backup / npm run restore', () => {
  let source: TestApp;
  let restored: TestApp | undefined;
  let caseId: string;
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-backup-test-'));
  const file = join(dir, 'hall.backup');
  let sums: Record<string, string>;
  let restoredUrl: string;
  /** Monday 2 March 2026, within category A's issuing hours. */
  const clock = new ManualClock(local('2026-03-02T09:00:00'));
  const options = { overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0', NOTICE_WORKER: 'off' } };

  beforeAll(async () => {
    source = await createTestApp(options);
    const items = await itemsByName(source);
    const refs = await hallRefs(source);
    await ok(issue(source, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }), 201);
    const change = items['企业变更登记'];
    const body = await ok<{ cases: { id: string }[] }>(
      apply(source, await source.login('clerk1'), {
        applicant: ZHANG_SAN,
        items: [{ itemId: change.id, materials: checklist(change), decision: 'accept' }],
      }),
      201,
    );
    caseId = body.cases[0].id;
  });
  afterAll(async () => {
    await restored?.close();
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every table into one file with a manifest: schema version, time, row counts and checksums', async () => {
    const run = await runNode('src/cli/backup.cli.ts', { DATABASE_URL: source.databaseUrl }, [file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    sums = await tableChecksums(source.dataSource, []);
    const manifest = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]);
    const tables: string[] = (
      await source.dataSource.query(
        `select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'`,
      )
    ).map((r: { t: string }) => r.t);
    expect(manifest).toMatchObject({ format: 'onewindow-backup', formatVersion: 1, schemaVersion: SCHEMA.at(-1), migrations: SCHEMA });
    expect(manifest.tables.map((t: { name: string }) => t.name).sort()).toEqual(tables.sort());
    expect(manifest.tables.find((t: { name: string }) => t.name === 'cases')).toMatchObject({
      rows: 1,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(run.lines[0]).toMatchObject({ file, tables: tables.length });
  }, 180_000);

  it('restores into an empty database the very same rows of every table', async () => {
    restoredUrl = await emptyDatabase();
    const run = await runNode('src/cli/restore.cli.ts', { DATABASE_URL: restoredUrl }, [file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    restored = await createTestApp({ ...options, databaseUrl: restoredUrl, seed: false });
    expect(await tableChecksums(restored.dataSource, [])).toEqual(sums);
  }, 180_000);

  it('the restored copy serves the hall: health, the case with its applicant (the demo key came along), a new ticket after the old ones', async () => {
    await restored!.http.get('/api/health').expect(200);
    const view = await ok<{ applicant: { name: string; idNumber: string } }>(
      restored!.http.get(`/api/cases/${caseId}`).set(auth(await restored!.login('clerk1'))),
    );
    expect(view.applicant).toMatchObject({ name: '张三', idNumber: ZHANG_SAN.idNumber });
    const [{ id: hallId }] = await restored!.dataSource.query(`select id from halls where code = 'DEMO'`);
    const refs = await hallRefs({ ...restored!, hallId });
    const ticket = await ok<{ number: string }>(
      issue({ ...restored!, hallId }, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }),
      201,
    );
    expect(ticket.number).toBe('A002');
  });

  it('refuses a damaged file, an altered row, a file of another schema and a target that is not empty, and leaves the target alone', async () => {
    const target = await emptyDatabase();
    const raw = readFileSync(file);
    const tryRestore = async (name: string, bytes: Buffer, url = target, args: string[] = []) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return runNode('src/cli/restore.cli.ts', { DATABASE_URL: url }, [path, ...args]);
    };

    const damaged = Buffer.from(raw);
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    let run = await tryRestore('damaged.backup', damaged);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/拒绝恢复 \/ refused: 备份文件已损坏/);

    const text = gunzipSync(raw).toString('utf8');
    run = await tryRestore('altered.backup', gzipSync(text.replace('"applicant_name_masked": "张*"', '"applicant_name_masked": "李*"')));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('表 cases 的校验和不符');

    const [manifestLine, ...rest] = text.split('\n');
    const manifest = JSON.parse(manifestLine);
    manifest.migrations.pop();
    manifest.schemaVersion = manifest.migrations.at(-1);
    run = await tryRestore('older.backup', gzipSync([JSON.stringify(manifest), ...rest].join('\n')));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`备份的数据库结构版本为 ${SCHEMA.at(-2)}，本程序为 ${SCHEMA.at(-1)}`);

    run = await tryRestore('not-a-backup', Buffer.from('PGDMP custom dump'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('拒绝恢复');
    expect(await tableCount(target)).toBe(0);

    run = await tryRestore('again.backup', raw, restoredUrl);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('目标数据库不是空的');
  }, 240_000);
});
