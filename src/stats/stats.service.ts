import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { CasesService } from '../cases/cases.service';
import { CatalogService } from '../catalog/catalog.service';
import { AppException } from '../common/errors/app-exception';
import type { Hall } from '../halls/entities/hall.entity';
import { HallsService } from '../halls/halls.service';
import { Clock } from '../common/time/clock';
import { TicketsService } from '../queue/tickets.service';
import { UsersService } from '../users/users.service';
import { appliedTargetMinutes } from './domain/histogram';
import { checkRange, hourLabel, isPeriodGroup, periodKeySql, periodLabel, splitIntoMonths } from './domain/periods';
import { staffFigures, StaffFigure } from './domain/staff-figures';
import {
  CASE_GROUPS,
  CasesQuery,
  ON_TIME_GROUPS,
  OnTimeQuery,
  OverdueQuery,
  QUEUE_GROUPS,
  QueueQuery,
  RATING_GROUPS,
  RatingsReportQuery,
  StaffQuery,
  WINDOW_LOAD_GROUPS,
  WindowLoadQuery,
} from './dto/stats-query.dto';
import type {
  CasesReportDto,
  GroupKeyDto,
  OnTimeReportDto,
  OverdueCaseDetailDto,
  OverdueCaseDto,
  OverdueListDto,
  QueueReportDto,
  RatingsReportDto,
  ReportHeaderDto,
  StaffGroupDto,
  StaffReportDto,
  WindowLoadReportDto,
} from './dto/stats-report.dto';
import {
  accumulate,
  CASE_SUMS,
  caseGroup,
  onTimeGroup,
  QUEUE_SUMS,
  queueGroup,
  RATING_SUMS,
  ratingGroup,
  RawRow,
  windowLoadGroup,
} from './report-specs';
import { CASE_COUNTERS, CASE_CUBES, Cube, QUEUE_COUNTERS, QUEUE_CUBES, RATING_COUNTERS, RATING_CUBES, splitSpansSql } from './rollup-sql';

interface Filters {
  departmentId?: string;
  itemId?: string;
  windowId?: string;
  clerkId?: string;
  categoryId?: string;
  channel?: string;
}

const FILTER_COLUMNS: readonly [keyof Filters, string][] = [
  ['departmentId', 'department_id'],
  ['itemId', 'item_id'],
  ['windowId', 'window_id'],
  ['clerkId', 'clerk_id'],
  ['categoryId', 'category_id'],
  ['channel', 'channel'],
];

const GROUP_COLUMNS: Readonly<Record<string, string>> = {
  department: 'department_id',
  item: 'item_id',
  window: 'window_id',
  clerk: 'clerk_id',
  category: 'category_id',
  channel: 'channel',
};

// Groups with nothing left to count are not shown: a move can take back what an earlier one added
// (a requeued no-show leaves the row of the window that called it at 0).
const NONZERO_CASES = `(${CASE_COUNTERS.map((c) => `sum(${c})`).join(' + ')}) > 0`;
const NONZERO_TICKETS = '(sum(called) + sum(cancelled)) > 0';
const RATINGS_COUNT = `(${['s1', 's2', 's3', 's4', 's5'].map((c) => `sum(${c})`).join(' + ')})`;

const TOTAL_LABEL = '合计';
const OVERDUE_EXPORT_PAGE = 500;
const STAFF_MAX_DAYS = 92;
const NONE_LABEL = '（无）';

/**
 * A report ready to run: its SQL (one row of roll-up sums per group, in display order) and how a
 * row becomes a group. Both the JSON answer and the streamed export run it.
 */
export interface ReportPlan<G extends GroupKeyDto> {
  header: ReportHeaderDto;
  sql: string;
  params: unknown[];
  group(row: RawRow, key: string | null, label: string): G;
  label(key: string | null): string;
}

/** `$n` conditions for the filters given, on the roll-up's columns. */
function filterSql(filters: Filters, params: unknown[]): string {
  return FILTER_COLUMNS.filter(([field]) => filters[field] !== undefined)
    .map(([field, column]) => ` and ${column} = $${params.push(filters[field])}`)
    .join('');
}

function keySql(groupBy: string | undefined, dateColumn = 'd'): string {
  if (!groupBy) return 'null::text';
  if (isPeriodGroup(groupBy)) return periodKeySql(groupBy, dateColumn);
  if (groupBy === 'hour') return `lpad(hour::text, 2, '0')`;
  return `${GROUP_COLUMNS[groupBy]}::text`;
}

/** Periods and hours in time order; everything else with the most of `main` first. */
function orderSql(groupBy: string | undefined, main: string): string {
  if (!groupBy) return '';
  return isPeriodGroup(groupBy) || groupBy === 'hour' ? 'order by key' : `order by ${main} desc, key nulls last`;
}

/** The cube with the fewest rows that serves a grain, hour or not, and the dimensions asked for. */
function cubeFor(cubes: readonly Cube[], grain: Cube['grain'], hour: boolean, dims: readonly string[]): Cube {
  return cubes.find((c) => c.grain === grain && c.hour === hour && dims.every((d) => c.dims.includes(d)))!;
}

/**
 * The roll-up rows of [from, to] with the columns `d` (the day, or the month's first day), the
 * hour when grouped by hour, the dimensions filtered or grouped by, and `counters`, filters
 * applied. Whole months come from a monthly cube unless the grouping needs days; the rest from
 * the smallest daily cube that keeps the dimensions.
 */
function rollupRowsSql(
  cubes: readonly Cube[],
  query: Filters & { from: string; to: string; groupBy?: string },
  counters: readonly string[],
  params: unknown[],
): string {
  const hour = query.groupBy === 'hour';
  const dims = FILTER_COLUMNS.filter(([field]) => query[field] !== undefined).map(([, column]) => column);
  const grouped = query.groupBy ? GROUP_COLUMNS[query.groupBy] : undefined;
  if (grouped && !dims.includes(grouped)) dims.push(grouped);
  const ranges: { grain: Cube['grain']; from: string; to: string }[] = [];
  if (isPeriodGroup(query.groupBy) && query.groupBy !== 'month') {
    ranges.push({ grain: 'day', from: query.from, to: query.to });
  } else {
    const { months, days } = splitIntoMonths(query.from, query.to);
    if (months) ranges.push({ grain: 'month', from: months[0], to: months[1] });
    for (const [from, to] of days) ranges.push({ grain: 'day', from, to });
  }
  const filters = filterSql(query, params);
  return ranges
    .map(({ grain, from, to }) => {
      const cube = cubeFor(cubes, grain, hour, dims);
      const date = grain === 'day' ? 'local_date' : 'month';
      return `select ${[`${date} as d`, ...(hour ? ['hour'] : []), ...dims, ...counters].join(', ')} from ${cube.name}
             where hall_id = $1 and ${date} between $${params.push(from)}::date and $${params.push(to)}::date${filters}`;
    })
    .join(' union all ');
}

/**
 * A report's statement over one family of cubes: the `sums` of the hall's roll-up rows per group
 * key (one row when not grouped), groups kept where `having` holds, ordered by `main`.
 */
function sumsSql(
  cubes: readonly Cube[],
  counters: readonly string[],
  sums: readonly string[],
  query: Filters & { hallId: string; from: string; to: string; groupBy?: string },
  having: string,
  main: string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [query.hallId];
  const sql = `
      select ${keySql(query.groupBy)} as key, ${sums.join(', ')}
        from (${rollupRowsSql(cubes, query, counters, params)}) r
       ${query.groupBy ? `group by 1 having ${having}` : ''} ${orderSql(query.groupBy, main)}`;
  return { sql, params };
}

function checkGroup(groupBy: string | undefined, allowed: readonly string[]): void {
  if (groupBy !== undefined && !allowed.includes(groupBy)) throw new AppException('STATS_GROUPING_INVALID', { groupBy, allowed });
}

/**
 * The managers' measures (DOMAIN.md "Measures for managers") over the stats module's roll-ups,
 * and the overdue list through CasesService. Managers read their own halls, admins every hall.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
    private readonly cases: CasesService,
    private readonly clock: Clock,
    private readonly tickets: TicketsService,
  ) {}

  async run<G extends GroupKeyDto>(plan: ReportPlan<G>): Promise<{ groups: G[]; total: G }> {
    const rows: RawRow[] = await this.dataSource.query(plan.sql, plan.params);
    const sums: RawRow = {};
    for (const row of rows) accumulate(sums, row);
    return {
      groups: rows.map((row) => plan.group(row, row.key as string | null, plan.label(row.key as string | null))),
      total: plan.group(sums, null, TOTAL_LABEL),
    };
  }

  // ---- cases ----

  onTimePlan(principal: Principal, query: OnTimeQuery): Promise<ReportPlan<ReturnType<typeof onTimeGroup>>> {
    return this.casePlan(principal, query, ON_TIME_GROUPS, onTimeGroup, 'sum(concluded) > 0');
  }

  casesPlan(principal: Principal, query: CasesQuery): Promise<ReportPlan<ReturnType<typeof caseGroup>>> {
    return this.casePlan(principal, query, CASE_GROUPS, caseGroup, NONZERO_CASES);
  }

  async onTime(principal: Principal, query: OnTimeQuery): Promise<OnTimeReportDto> {
    const plan = await this.onTimePlan(principal, query);
    return { ...plan.header, ...(await this.run(plan)) };
  }

  async casesReport(principal: Principal, query: CasesQuery): Promise<CasesReportDto> {
    const plan = await this.casesPlan(principal, query);
    const at = this.clock.now();
    const [result, open] = await Promise.all([
      this.run(plan),
      this.cases.overdueCases(
        { hallId: query.hallId, departmentId: query.departmentId, itemId: query.itemId, windowId: query.windowId, clerkId: query.clerkId },
        at,
        { limit: 1, offset: 0 },
      ),
    ]);
    return { ...plan.header, ...result, openOverdue: open.total, at };
  }

  private async casePlan<G extends GroupKeyDto>(
    principal: Principal,
    query: CasesQuery,
    allowed: readonly string[],
    group: (row: RawRow, key: string | null, label: string) => G,
    shown: string,
  ): Promise<ReportPlan<G>> {
    const { hall, label } = await this.prepare(principal, query, allowed, query);
    const { sql, params } = sumsSql(CASE_CUBES, CASE_COUNTERS, CASE_SUMS, query, shown, 'concluded');
    return { header: this.header(hall, query), sql, params, group, label };
  }

  // ---- queue ----

  async queuePlan(
    principal: Principal,
    query: QueueQuery,
  ): Promise<ReportPlan<ReturnType<typeof queueGroup>> & { targetWaitMinutes: number }> {
    const { hall, label } = await this.prepare(principal, query, QUEUE_GROUPS, query);
    const { sql, params } = sumsSql(QUEUE_CUBES, QUEUE_COUNTERS, QUEUE_SUMS, query, NONZERO_TICKETS, 'called');
    const target = hall.targetWaitMinutes;
    return {
      header: this.header(hall, query),
      sql,
      params,
      label,
      group: (row, key, l) => queueGroup(row, key, l, target),
      targetWaitMinutes: target,
    };
  }

  async queueReport(principal: Principal, query: QueueQuery): Promise<QueueReportDto> {
    const plan = await this.queuePlan(principal, query);
    return {
      ...plan.header,
      targetWaitMinutes: plan.targetWaitMinutes,
      targetWaitMinutesApplied: appliedTargetMinutes(plan.targetWaitMinutes),
      ...(await this.run(plan)),
    };
  }

  // ---- window load ----

  async windowLoadPlan(principal: Principal, query: WindowLoadQuery): Promise<ReportPlan<ReturnType<typeof windowLoadGroup>>> {
    const { hall, label } = await this.prepare(principal, query, WINDOW_LOAD_GROUPS, query);
    const params: unknown[] = [query.hallId, query.from, query.to, hall.timezone, this.clock.now()];
    const filters = filterSql(query, params);
    const key = keySql(query.groupBy, 'local_date');
    // A window open now has its running span only in stats_window_state: counted up to now here.
    const running = `(select hall_id, $4::text as tz, window_id, clerk_id, since as from_at, $5::timestamptz as to_at
                        from stats_window_state where hall_id = $1 and status = 'open')`;
    const sql = `
      with open as (
        select ${key} as key, sum(open_ms)::bigint as open_ms
          from (select local_date, window_id, clerk_id, open_ms from stats_window_days where hall_id = $1
                union all
                select local_date, window_id, clerk_id, open_ms from (${splitSpansSql(running)}) r) o
         where local_date between $2::date and $3::date${filters}
         ${query.groupBy ? 'group by 1 having sum(open_ms) > 0' : ''}),
      busy as (
        select ${keySql(query.groupBy)} as key, coalesce(sum(service_ms), 0)::bigint as busy_ms, coalesce(sum(served), 0)::integer as served
          from (${rollupRowsSql(QUEUE_CUBES, query, ['service_ms', 'served'], params)}) r
         ${query.groupBy ? 'group by 1 having sum(served) > 0' : ''})
      select coalesce(open.key, busy.key) as key, coalesce(open.open_ms, 0)::bigint as open_ms, coalesce(busy.busy_ms, 0)::bigint as busy_ms,
             coalesce(busy.served, 0)::integer as served
        from open full join busy on coalesce(open.key, '') = coalesce(busy.key, '')
       ${orderSql(query.groupBy, 'open_ms')}`;
    return { header: this.header(hall, query), sql, params, label, group: windowLoadGroup };
  }

  async windowLoad(principal: Principal, query: WindowLoadQuery): Promise<WindowLoadReportDto> {
    const plan = await this.windowLoadPlan(principal, query);
    return { ...plan.header, ...(await this.run(plan)) };
  }

  // ---- ratings ----

  async ratingsPlan(principal: Principal, query: RatingsReportQuery): Promise<ReportPlan<ReturnType<typeof ratingGroup>>> {
    const { hall, label } = await this.prepare(principal, query, RATING_GROUPS, query);
    const { sql, params } = sumsSql(RATING_CUBES, RATING_COUNTERS, RATING_SUMS, query, `${RATINGS_COUNT} > 0`, RATINGS_COUNT);
    return { header: this.header(hall, query), sql, params, label, group: ratingGroup };
  }

  async ratings(principal: Principal, query: RatingsReportQuery): Promise<RatingsReportDto> {
    const plan = await this.ratingsPlan(principal, query);
    return { ...plan.header, ...(await this.run(plan)) };
  }

  // ---- staff ----

  /** Per clerk or window (domain/staff-figures.ts), from the queue's history read through TicketsService; at most 92 days, as it reads tickets, not roll-ups. */
  async staff(principal: Principal, query: StaffQuery): Promise<StaffReportDto> {
    const hall = await this.halls.getHallFor(principal, query.hallId);
    checkRange(query.from, query.to);
    if (Date.parse(query.to) - Date.parse(query.from) > (STAFF_MAX_DAYS - 1) * 86_400_000) {
      throw new AppException('STATS_STAFF_RANGE_TOO_LONG', { from: query.from, to: query.to, maxDays: STAFF_MAX_DAYS });
    }
    const [activity, windows, label] = await Promise.all([
      this.tickets.staffActivity(query.hallId, query.from, query.to, this.clock.now()),
      this.halls.windowsOf(query.hallId),
      this.labeller(principal, query.hallId, query.groupBy),
    ]);
    const servedCategories = new Map(windows.map((w) => [w.id, w.categories.map((c) => c.categoryId)]));
    const figures = staffFigures({ ...activity, servedCategories }, query.groupBy).sort(
      (a, b) => b.openMs - a.openMs || b.served - a.served,
    );
    const group = (f: StaffFigure, l: string): StaffGroupDto => ({
      ...f,
      label: l,
      walkAvgMs: f.served ? f.walkMs / f.served : null,
      servedPerHour: f.openMs ? f.served / (f.openMs / 3_600_000) : null,
    });
    const sum = (k: 'served' | 'servingMs' | 'walkMs' | 'openMs' | 'idleWhileWaitingMs') => figures.reduce((s, f) => s + f[k], 0);
    const total: StaffFigure = {
      key: null,
      served: sum('served'),
      servingMs: sum('servingMs'),
      walkMs: sum('walkMs'),
      openMs: sum('openMs'),
      idleWhileWaitingMs: sum('idleWhileWaitingMs'),
    };
    return { ...this.header(hall, query), groups: figures.map((f) => group(f, label(f.key))), total: group(total, TOTAL_LABEL) };
  }

  // ---- overdue ----

  async overdue(principal: Principal, query: OverdueQuery): Promise<OverdueListDto> {
    await this.halls.getHallFor(principal, query.hallId);
    await this.checkFilters(query.hallId, query);
    const at = this.clock.now();
    const { hallId, departmentId, itemId, windowId, clerkId } = query;
    const page = await this.cases.overdueCases({ hallId, departmentId, itemId, windowId, clerkId }, at, {
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return { at, ...page };
  }

  /** Every overdue case under the filters, read a page at a time so an export never holds them all. */
  async overdueExport(principal: Principal, query: Omit<OverdueQuery, 'limit' | 'offset'>) {
    const hall = await this.halls.getHallFor(principal, query.hallId);
    await this.checkFilters(query.hallId, query);
    const departments = new Map((await this.halls.listDepartments(principal, query.hallId)).map((d) => [d.id, d.name]));
    const at = this.clock.now();
    const { hallId, departmentId, itemId, windowId, clerkId } = query;
    const cases = this.cases;
    async function* rows(): AsyncGenerator<OverdueCaseDto> {
      for (let offset = 0; ; offset += OVERDUE_EXPORT_PAGE) {
        const page = await cases.overdueCases({ hallId, departmentId, itemId, windowId, clerkId }, at, {
          limit: OVERDUE_EXPORT_PAGE,
          offset,
        });
        yield* page.items;
        if (page.items.length < OVERDUE_EXPORT_PAGE) return;
      }
    }
    return { timezone: hall.timezone, departmentName: (id: string) => departments.get(id) ?? id, rows: rows() };
  }

  async overdueDetail(principal: Principal, caseId: string): Promise<OverdueCaseDetailDto> {
    if (principal.kind !== 'user') throw new AppException('FORBIDDEN', { role: principal.role });
    const staff: StaffPrincipal = principal;
    const detail = await this.cases.detail(staff, caseId);
    return { case: detail, events: await this.cases.events(staff, caseId, {}) };
  }

  // ---- shared ----

  /** Access, the range, the grouping and the filters' ids, in that order; and the labels of the grouping's keys. */
  private async prepare(
    principal: Principal,
    range: { hallId: string; from: string; to: string; groupBy?: string },
    allowed: readonly string[],
    filters: Filters,
  ): Promise<{ hall: Hall; label: (key: string | null) => string }> {
    const hall = await this.halls.getHallFor(principal, range.hallId);
    checkRange(range.from, range.to);
    checkGroup(range.groupBy, allowed);
    await this.checkFilters(range.hallId, filters);
    return { hall, label: await this.labeller(principal, range.hallId, range.groupBy) };
  }

  private header(hall: Hall, query: { hallId: string; from: string; to: string; groupBy?: string }): ReportHeaderDto {
    return { hallId: hall.id, from: query.from, to: query.to, groupBy: query.groupBy ?? null, timezone: hall.timezone };
  }

  /** An id of another hall is answered like an unknown one. */
  private async checkFilters(hallId: string, f: Filters): Promise<void> {
    const foreign =
      <T extends { hallId: string }>(
        code: 'DEPARTMENT_NOT_FOUND' | 'ITEM_NOT_FOUND' | 'WINDOW_NOT_FOUND' | 'CATEGORY_NOT_FOUND',
        details: object,
      ) =>
      (found: T) => {
        if (found.hallId !== hallId) throw new AppException(code, details);
      };
    if (f.departmentId) foreign('DEPARTMENT_NOT_FOUND', { departmentId: f.departmentId })(await this.halls.getDepartment(f.departmentId));
    if (f.itemId) foreign('ITEM_NOT_FOUND', { itemId: f.itemId })(await this.catalog.getItem(f.itemId));
    if (f.windowId) foreign('WINDOW_NOT_FOUND', { windowId: f.windowId })(await this.halls.getWindow(f.windowId));
    if (f.categoryId) foreign('CATEGORY_NOT_FOUND', { categoryId: f.categoryId })(await this.halls.getCategory(f.categoryId));
    if (f.clerkId) {
      const user = await this.users.get(f.clerkId);
      if (!user.hallIds.includes(hallId)) throw new AppException('USER_NOT_FOUND', { userId: f.clerkId });
    }
  }

  private async labeller(principal: Principal, hallId: string, groupBy: string | undefined): Promise<(key: string | null) => string> {
    if (!groupBy) return () => TOTAL_LABEL;
    if (isPeriodGroup(groupBy)) return (key) => (key === null ? NONE_LABEL : periodLabel(groupBy, key));
    if (groupBy === 'hour') return (key) => (key === null ? NONE_LABEL : hourLabel(Number(key)));
    let names: Map<string, string>;
    switch (groupBy) {
      case 'department':
        names = new Map((await this.halls.listDepartments(principal, hallId)).map((d) => [d.id, d.name]));
        break;
      case 'item':
        names = new Map((await this.catalog.list(principal, hallId, {})).map((i) => [i.id, i.name]));
        break;
      case 'window':
        names = new Map((await this.halls.windowsOf(hallId)).map((w) => [w.id, w.name]));
        break;
      case 'category':
        names = new Map((await this.halls.categoriesOf(hallId)).map((c) => [c.id, `${c.prefix} ${c.name}`]));
        break;
      case 'clerk':
        names = new Map((await this.users.list(principal, hallId)).map((u) => [u.id, u.displayName]));
        break;
      default:
        names = new Map([
          ['visit', '一次一评（窗口）'],
          ['case', '一事一评（网上）'],
        ]);
    }
    return (key) => (key === null ? NONE_LABEL : (names.get(key) ?? key));
  }
}
