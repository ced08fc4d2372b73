import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ratingMeasures } from './domain/rating-measures';
import { RatingChannel, SCORES } from './domain/rating-rules';
import type { RatingMeasuresDto } from './dto/rating.dto';

export const RATING_GROUPS = ['channel', 'window', 'clerk', 'category', 'department', 'item'] as const;
export type RatingGroup = (typeof RATING_GROUPS)[number];

const GROUP_COLUMNS: Readonly<Record<RatingGroup, string>> = {
  channel: 'r.channel',
  window: 'r.window_id',
  clerk: 'r.clerk_id',
  category: 'r.category_id',
  department: 'r.department_id',
  item: 'r.item_id',
};

/** Which ratings: one hall, optionally a period [from, to) of rating time, a channel and one window, clerk, category, department or item. */
export interface RatingFilter {
  hallId: string;
  from?: Date;
  to?: Date;
  channel?: RatingChannel;
  windowId?: string;
  clerkId?: string;
  categoryId?: string;
  departmentId?: string;
  itemId?: string;
}

export interface RatingMeasuresQuery extends RatingFilter {
  /** One row per window (clerk, …) that has ratings; without it, one row for the whole selection. */
  groupBy?: RatingGroup;
}

export type RatingMeasures = RatingMeasuresDto;

const FILTER_COLUMNS: readonly [keyof RatingFilter, string][] = [
  ['channel', 'r.channel'],
  ['windowId', 'r.window_id'],
  ['clerkId', 'r.clerk_id'],
  ['categoryId', 'r.category_id'],
  ['departmentId', 'r.department_id'],
  ['itemId', 'r.item_id'],
];

/** The WHERE clause over `ratings r` for a filter, appending its values to `params`. */
export function ratingFilterSql(filter: RatingFilter, params: unknown[]): string {
  params.push(filter.hallId);
  const conditions = [`r.hall_id = $${params.length}`];
  if (filter.from) conditions.push(`r.rated_at >= $${params.push(filter.from)}`);
  if (filter.to) conditions.push(`r.rated_at < $${params.push(filter.to)}`);
  for (const [field, column] of FILTER_COLUMNS) {
    const value = filter[field];
    if (value !== undefined) conditions.push(`${column} = $${params.push(value)}`);
  }
  return conditions.join(' and ');
}

/**
 * The 好差评 measures (domain/rating-measures.ts: 好评率, 差评率, 整改率 with tasks closed as of
 * now) per hall and period, optionally grouped. PostgreSQL counts from the rows themselves (no
 * cached totals); ix_ratings_hall_rated covers the scan of the ratings and
 * ix_rectification_tasks_hall_opened that of their tasks.
 */
@Injectable()
export class EvaluationService {
  constructor(private readonly dataSource: DataSource) {}

  async ratingMeasures(query: RatingMeasuresQuery): Promise<RatingMeasures[]> {
    const params: unknown[] = [];
    const where = ratingFilterSql(query, params);
    const key = query.groupBy ? GROUP_COLUMNS[query.groupBy] : 'null::text';
    // Implied for every matching task (fk_rectification_tasks_rating: same hall, opened at the
    // rating's instant), stated so that only the period's tasks are read, not the whole table.
    const taskScope = [`t.hall_id = $${params.push(query.hallId)}`];
    if (query.from) taskScope.push(`t.opened_at >= $${params.push(query.from)}`);
    if (query.to) taskScope.push(`t.opened_at < $${params.push(query.to)}`);
    const rows: MeasureRow[] = await this.dataSource.query(
      `select ${key} as key,
              ${SCORES.map((s) => `count(*) filter (where r.score = ${s})::int as s${s}`).join(', ')},
              count(t.id)::int as tasks,
              count(t.id) filter (where t.status = 'closed')::int as closed_tasks
         from ratings r
         left join rectification_tasks t on t.rating_id = r.id and ${taskScope.join(' and ')}
        where ${where}
        ${query.groupBy ? 'group by 1 order by count(*) desc, key nulls last' : ''}`,
      params,
    );
    return rows.map((row) => ({
      key: row.key,
      ...ratingMeasures({
        byScore: { 1: row.s1, 2: row.s2, 3: row.s3, 4: row.s4, 5: row.s5 },
        tasks: row.tasks,
        closedTasks: row.closed_tasks,
      }),
    }));
  }
}

interface MeasureRow {
  key: string | null;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  tasks: number;
  closed_tasks: number;
}
