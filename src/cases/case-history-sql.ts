/**
 * The cases as rows for another module's query that runs inside the database (the statistics'
 * recomputation over every row): the cases table is read here only. `hallParam` is a
 * placeholder such as `$1::uuid` for one hall, or null for all.
 */

/**
 * Every case's dimensions and milestones: hall_id, item_department_id (the item's 实施主体),
 * item_id, window_id and clerk_id (where it was received), case_type, visits, extended,
 * reported_to, status, accepted_at, concluded_at, promised_due_at (as moved by suspensions and
 * an extension), closed_at (ended without a decision here), revoked_at.
 */
export function caseHistorySql(hallParam: string | null): string {
  return `select hall_id, item_department_id, item_id, window_id, clerk_id, case_type, visits, extended, reported_to, status,
                 accepted_at, concluded_at, promised_due_at, closed_at, revoked_at
            from cases ${hallParam ? `where hall_id = ${hallParam}` : ''}`;
}
