/**
 * SQL the halls module lends to other modules' queries that must run inside the database (the
 * statistics' recomputation over every row): the halls table read here only.
 */

/** Every hall's id and time zone: columns hall_id, timezone. */
export function hallTimezonesSql(): string {
  return `select id as hall_id, timezone from halls`;
}
