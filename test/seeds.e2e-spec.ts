import { seedDemoHall } from '../seeds/demo-hall.seed';
import { DEMO_CATEGORIES, DEMO_DEPARTMENTS, DEMO_ITEMS, DEMO_USERS, DEMO_WINDOWS } from '../seeds/demo-hall.data';
import { createTestApp, TestApp } from './support/test-app';

const TABLES = [
  'halls',
  'departments',
  'window_categories',
  'windows',
  'window_served_categories',
  'service_items',
  'service_item_materials',
  'service_item_steps',
  'users',
  'user_halls',
  'device_tokens',
];

async function snapshot(t: TestApp) {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    // ids of children are regenerated on re-seed; compare their content, not their keys
    const rows: Record<string, unknown>[] = await t.dataSource.query(`select * from ${table}`);
    out[table] = rows.map(({ id: _id, created_at: _c, updated_at: _u, ...rest }) => JSON.stringify(rest)).sort();
  }
  return out;
}

describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('loads the demo hall with the catalogue DOMAIN.md asks for', async () => {
    const [hall] = await t.dataSource.query(`select name from halls`);
    expect(hall.name).toBe('示范区政务服务中心');
    const prefixes = (await t.dataSource.query(`select prefix from window_categories order by prefix`)).map(
      (r: { prefix: string }) => r.prefix,
    );
    expect(prefixes).toEqual(['A', 'B', 'C', 'D', 'E', 'Z']);
    expect(DEMO_ITEMS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(DEMO_ITEMS.map((i) => i.dept)).size).toBeGreaterThanOrEqual(5);
    const [food] = await t.dataSource.query(`select * from service_items where name = '食品经营许可'`);
    expect(food).toMatchObject({ legal_limit_value: 20, promised_limit_value: 10, promised_limit_unit: 'working_days' });
    const [mortgage] = await t.dataSource.query(`select * from service_items where name = '抵押权注销登记'`);
    expect(mortgage).toMatchObject({ promised_limit_value: 1, promised_limit_unit: 'working_hours' });
    const roles = (await t.dataSource.query(`select distinct role from users order by role`)).map((r: { role: string }) => r.role);
    expect(roles).toEqual(['admin', 'approver', 'audit_admin', 'clerk', 'manager', 'security_admin']);
    const kinds = (await t.dataSource.query(`select kind from device_tokens order by kind`)).map((r: { kind: string }) => r.kind);
    expect(kinds).toEqual(['display', 'kiosk']);
    const counts = (
      await t.dataSource.query(
        `select (select count(*) from departments)::int d, (select count(*) from windows)::int w, (select count(*) from users)::int u`,
      )
    )[0];
    expect(counts).toEqual({ d: DEMO_DEPARTMENTS.length, w: DEMO_WINDOWS.length, u: DEMO_USERS.length });
    expect(DEMO_CATEGORIES).toHaveLength(6);
  });

  it('run twice gives the same rows', async () => {
    const first = await snapshot(t);
    const hallId = await seedDemoHall(t.dataSource);
    expect(hallId).toBe(t.hallId);
    expect(await snapshot(t)).toEqual(first);
  });
});
