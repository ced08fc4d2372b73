/**
 * The queue's history as rows for another module's query that runs inside the database (the
 * statistics' recomputation over every row): the queue's tables are read here only, and what
 * the rows mean is stated in the column lists. `hallParam` is a placeholder such as `$1::uuid`
 * for one hall, or null for all.
 */

const hallScope = (hallParam: string | null) => (hallParam ? `where hall_id = ${hallParam}` : '');

/**
 * Every ticket as it stands: hall_id, local_date (of issue), issued_at, issue_category_id (the
 * category it was issued in), window_id and served_by (who holds or held it), status,
 * first_called_at, started_at (of the last service), finished_at.
 */
export function ticketHistorySql(hallParam: string | null): string {
  return `select hall_id, local_date, issued_at, issue_category_id, window_id, served_by, status, first_called_at, started_at, finished_at
            from tickets ${hallScope(hallParam)}`;
}

/** Every window status change in order of `id`: id, hall_id, window_id, status (the new one), clerk_id (at the desk then), at. */
export function windowEventHistorySql(hallParam: string | null): string {
  return `select id, hall_id, window_id, status, clerk_id, at from window_events ${hallScope(hallParam)}`;
}
