import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { withAdvisoryLock } from '../src/database/migrate';
import { hashPassword, verifyPassword } from '../src/users/password';
import {
  DEMO_CATEGORIES,
  DEMO_DEPARTMENTS,
  DEMO_DEVICES,
  DEMO_HALL,
  DEMO_ITEMS,
  DEMO_PASSWORD,
  DEMO_USERS,
  DEMO_WINDOWS,
} from './demo-hall.data';

const SEED_LOCK_KEY = 74_590_002;

/**
 * The demo hall has one approver per department (DEMO_USERS), so its items let one approver pass
 * every step; an item published through the API, and every item a migration found, keeps each
 * step to a different approver.
 */
const DEMO_DISTINCT_APPROVERS = false;

async function upsertReturningId(em: EntityManager, sql: string, params: unknown[]): Promise<string> {
  const [row] = await em.query(sql, params);
  return row.id as string;
}

/**
 * Loads the demo hall. Idempotent: every row is keyed by its natural code and upserted, so a
 * second run changes nothing and a changed definition updates in place; passwords of existing
 * demo users are left as they are. Outside demo mode (DEMO_MODE=off) the accounts it creates must
 * change the published demo password at their first sign-in.
 */
export async function seedDemoHall(dataSource: DataSource, { demoMode = true }: { demoMode?: boolean } = {}): Promise<string> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return withAdvisoryLock(dataSource, SEED_LOCK_KEY, () =>
    dataSource.transaction(async (em) => {
      const h = DEMO_HALL;
      const hallId = await upsertReturningId(
        em,
        `insert into halls (code, name, address, timezone, working_hours, is_demo) values ($1, $2, $3, $4, $5, true)
       on conflict (code) do update set name = excluded.name, address = excluded.address, is_demo = true returning id`,
        [h.code, h.name, h.address, h.timezone, JSON.stringify(h.workingHours)],
      );

      const departments = new Map<string, string>();
      for (const d of DEMO_DEPARTMENTS) {
        departments.set(
          d.code,
          await upsertReturningId(
            em,
            `insert into departments (hall_id, code, name) values ($1, $2, $3)
         on conflict (hall_id, code) do update set name = excluded.name returning id`,
            [hallId, d.code, d.name],
          ),
        );
      }

      const categories = new Map<string, string>();
      for (const c of DEMO_CATEGORIES) {
        categories.set(
          c.prefix,
          await upsertReturningId(
            em,
            `insert into window_categories (hall_id, prefix, name, daily_cap, issue_from, issue_until, sort_order) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (hall_id, prefix) do update set name = excluded.name, daily_cap = excluded.daily_cap,
           issue_from = excluded.issue_from, issue_until = excluded.issue_until, sort_order = excluded.sort_order returning id`,
            [hallId, c.prefix, c.name, c.dailyCap, c.issueFrom, c.issueUntil, c.sortOrder],
          ),
        );
      }

      for (const w of DEMO_WINDOWS) {
        const windowId = await upsertReturningId(
          em,
          `insert into windows (hall_id, number, name, kind) values ($1, $2, $3, $4)
         on conflict (hall_id, number) do update set name = excluded.name, kind = excluded.kind returning id`,
          [hallId, w.number, w.name, w.kind],
        );
        for (const [prefix, weight] of w.serves) {
          await em.query(
            `insert into window_served_categories (window_id, category_id, hall_id, weight) values ($1, $2, $3, $4)
           on conflict (window_id, category_id) do update set weight = excluded.weight`,
            [windowId, categories.get(prefix), hallId, weight],
          );
        }
      }

      for (const item of DEMO_ITEMS) {
        const itemId = await upsertReturningId(
          em,
          `insert into service_items (hall_id, department_id, category_id, basic_code, implementation_code, name, item_type, case_type,
           legal_limit_value, legal_limit_unit, promised_limit_value, promised_limit_unit, flag_immediate, flag_online, flag_nearby,
           flag_one_visit, visits_required, commitment_allowed, legal_basis, result_name, delivery_options, bookable, slot_minutes, daily_quota,
           distinct_approvers)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25)
         on conflict (hall_id, implementation_code) do update set name = excluded.name, department_id = excluded.department_id,
           category_id = excluded.category_id, item_type = excluded.item_type, case_type = excluded.case_type,
           legal_limit_value = excluded.legal_limit_value, legal_limit_unit = excluded.legal_limit_unit,
           promised_limit_value = excluded.promised_limit_value, promised_limit_unit = excluded.promised_limit_unit,
           flag_immediate = excluded.flag_immediate, flag_online = excluded.flag_online, flag_nearby = excluded.flag_nearby,
           flag_one_visit = excluded.flag_one_visit, visits_required = excluded.visits_required,
           commitment_allowed = excluded.commitment_allowed, legal_basis = excluded.legal_basis, result_name = excluded.result_name,
           delivery_options = excluded.delivery_options, bookable = excluded.bookable, slot_minutes = excluded.slot_minutes,
           daily_quota = excluded.daily_quota, distinct_approvers = excluded.distinct_approvers
         returning id`,
          [
            hallId,
            departments.get(item.dept),
            categories.get(item.category),
            item.code,
            `${DEMO_HALL.code}-${item.code}`,
            item.name,
            item.itemType,
            item.caseType,
            item.legal?.[0] ?? null,
            item.legal?.[1] ?? null,
            item.promised[0],
            item.promised[1],
            !!item.flags?.immediate,
            !!item.flags?.online,
            !!item.flags?.nearby,
            !!item.flags?.oneVisit,
            item.visits ?? 1,
            !!item.commitment,
            item.basis ?? null,
            item.result ?? null,
            item.delivery ?? ['window'],
            !!item.bookable,
            item.bookable ? 30 : null,
            item.bookable ? 40 : null,
            DEMO_DISTINCT_APPROVERS,
          ],
        );
        await em.query('delete from service_item_materials where item_id = $1', [itemId]);
        for (const [position, [name, necessity, originals, copies]] of item.materials.entries()) {
          await em.query(
            `insert into service_item_materials (item_id, position, name, necessity, originals, copies, source) values ($1,$2,$3,$4,$5,$6,'申请人自备')`,
            [itemId, position, name, necessity, originals, copies],
          );
        }
        await em.query('delete from service_item_steps where item_id = $1', [itemId]);
        for (const [position, [name, share, dept]] of (item.steps ?? [['办理', 100]]).entries()) {
          await em.query(
            `insert into service_item_steps (item_id, position, name, time_share_percent, department_id) values ($1,$2,$3,$4,$5)`,
            [itemId, position, name, share, dept ? departments.get(dept) : null],
          );
        }
      }

      for (const u of DEMO_USERS) {
        const userId = await upsertReturningId(
          em,
          `insert into users (username, password_hash, display_name, role, department_id, must_change_password) values ($1, $2, $3, $4, $5, $6)
         on conflict (lower(username)) do update set display_name = excluded.display_name, role = excluded.role,
           department_id = excluded.department_id returning id`,
          [u.username, passwordHash, u.displayName, u.role, u.dept ? departments.get(u.dept) : null, !demoMode],
        );
        await em.query('insert into user_halls (user_id, hall_id) values ($1, $2) on conflict do nothing', [userId, hallId]);
      }

      for (const d of DEMO_DEVICES) {
        const hash = createHash('sha256').update(d.token).digest('hex');
        await em.query(
          `insert into device_tokens (hall_id, kind, name, token_hash, token_hint) values ($1, $2, $3, $4, $5)
         on conflict (token_hash) do nothing`,
          [hallId, d.kind, d.name, hash, d.token.slice(-4)],
        );
      }
      return hallId;
    }),
  );
}

export async function seedDemoIfEmpty(
  dataSource: DataSource,
  log: (message: string) => void,
  options: { demoMode?: boolean } = {},
): Promise<void> {
  const [{ count }] = await dataSource.query('select count(*)::int as count from halls');
  if (count > 0) return;
  await seedDemoHall(dataSource, options);
  log(`empty database: loaded the demo hall ${DEMO_HALL.name}`);
}

/**
 * Outside demo mode, a demo account that still has the published demo password must change it at
 * its next sign-in, also when the hall was seeded earlier in demo mode. Returns their usernames.
 */
export async function requireDemoPasswordChange(dataSource: DataSource): Promise<string[]> {
  const rows: { id: string; username: string; password_hash: string }[] = await dataSource.query(
    'select id, username, password_hash from users where lower(username) = any($1::text[]) and not must_change_password',
    [DEMO_USERS.map((u) => u.username.toLowerCase())],
  );
  const published: string[] = [];
  for (const row of rows) {
    if (!(await verifyPassword(row.password_hash, DEMO_PASSWORD))) continue;
    await dataSource.query('update users set must_change_password = true where id = $1', [row.id]);
    published.push(row.username);
  }
  return published;
}
