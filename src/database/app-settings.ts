/** Anything that runs SQL: a DataSource, an EntityManager or a migration's QueryRunner. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The one reader and writer of app_settings: a secret not given in configuration (demo and
 * embedded mode) is generated once and kept there, shared by every instance. The first writer
 * wins, so instances starting together agree.
 */
export async function sharedSecret(db: Queryable, key: string, generate: () => string): Promise<string> {
  await db.query(`insert into app_settings (key, value) values ($1, $2) on conflict (key) do nothing`, [key, generate()]);
  const [row] = await db.query(`select value from app_settings where key = $1`, [key]);
  return row.value as string;
}
