import type { DataSource } from 'typeorm';

/**
 * Tables a refused request may still write, each for a stated reason:
 * - public_rate_limits: counting the refused request is the rate limiter's job;
 * - login_attempts: counting a login attempt, before its password is checked, is the throttle's job;
 * - login_challenges: so is counting the codes tried against a TOTP challenge;
 * - staff_sessions: a signed-in request, refused or not, is activity that keeps the session from going idle;
 * - audit_log and its chain head: recording a refused privileged attempt is the audit trail's job;
 * - notification_outbox: the delivery worker moves earlier notices' status on its own time (that a
 *   refused change writes no notice is tested in test/notifications.e2e-spec.ts).
 */
export const COUNTERS_OF_REFUSALS = [
  'public_rate_limits',
  'login_attempts',
  'login_challenges',
  'staff_sessions',
  'audit_log',
  'audit_chain_head',
  'notification_outbox',
];

/** md5 of every row of every table in the public schema (but `except`), keyed by table name. */
export async function tableChecksums(dataSource: DataSource, except: string[] = COUNTERS_OF_REFUSALS): Promise<Record<string, string>> {
  const tables: { name: string }[] = await dataSource.query(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const [row] = await dataSource.query(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, '' order by t::text), '')) as sum from "${name}" t`,
    );
    sums[name] = `${row.n}:${row.sum}`;
  }
  return sums;
}

/** Tables whose checksum differs between two snapshots, with both values. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): Record<string, [string, string]> {
  const changed: Record<string, [string, string]> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] !== after[name]) changed[name] = [before[name], after[name]];
  }
  return changed;
}
