/**
 * The rows an UPDATE or DELETE … RETURNING gave back. TypeORM's query() answers those two with
 * `[rows, rowCount]`, unlike INSERT and SELECT (plain rows).
 */
export function changedRows<T = Record<string, unknown>>(result: unknown): T[] {
  const [rows] = result as [T[], number];
  return rows;
}
