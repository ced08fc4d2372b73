/**
 * The ratings as rows for another module's query that runs inside the database (the statistics'
 * recomputation over every row): the evaluation tables are read here only. `hallParam` is a
 * placeholder such as `$1::uuid` for one hall, or null for all.
 */

/**
 * Every rating with its rectification task, if a 差评 opened one: hall_id, rated_at, channel,
 * window_id, clerk_id, category_id, department_id, item_id, score, task_id (null without a
 * task), task_status.
 */
export function ratingHistorySql(hallParam: string | null): string {
  return `select r.hall_id, r.rated_at, r.channel, r.window_id, r.clerk_id, r.category_id, r.department_id, r.item_id, r.score,
                 t.id as task_id, t.status as task_status
            from ratings r left join rectification_tasks t on t.rating_id = r.id
           ${hallParam ? `where r.hall_id = ${hallParam}` : ''}`;
}
