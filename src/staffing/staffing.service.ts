import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { AppException } from '../common/errors/app-exception';
import { pick } from '../common/pick';
import type { Hall } from '../halls/entities/hall.entity';
import type { WindowCategory } from '../halls/entities/window-category.entity';
import { HallsService } from '../halls/halls.service';
import { Clock } from '../common/time/clock';
import { localDateTime } from '../common/time/local-day';
import { TicketsService } from '../queue/tickets.service';
import { dayKind, DEFAULT_WEEKS, forecastArrivals, HistoryDay } from './domain/arrival-forecast';
import { QueueFigures, QueueInputError } from './domain/queue-figures';
import { evaluate, ModelInput, QueueModel, recommendedWindows } from './domain/queue-model';
import { poissonCitizens, simulateQueue } from './domain/queue-simulator';
import { PlanQuery, SaveRosterDto, SimulateDto, WhatIfDto, WhatIfRowDto } from './dto/staffing-request.dto';
import type {
  PlanCategoryDto,
  PlanDto,
  PlanRowDto,
  QueueFiguresDto,
  RosterSavedDto,
  SimulatedRowDto,
  SimulateResultDto,
  WhatIfResultDto,
  WhatIfRowResultDto,
} from './dto/staffing-response.dto';
import { StaffingRosterEntry } from './entities/staffing-roster-entry.entity';

/** No hall setting for the target share (yet): 90 % within the target wait, the usual 等候达标率 goal. */
export const DEFAULT_TARGET_SHARE = 0.9;
export const DEFAULT_PATIENCE_MINUTES = 30;
/** Fewer citizens who gave up than this, and the history says too little about patience. */
const MIN_GAVE_UP = 20;
/** Service time when the hall has served nobody in the history. */
export const DEFAULT_SERVICE_MINUTES = 10;
/** History read for the month-start and after-holiday effects: half a year. */
const EFFECT_WEEKS = 26;
const DAY_MS = 86_400_000;

// A simulated row runs until about this many citizens or this many minutes have been measured,
// after a warm-up, to read the steady state the models describe; a request with many rows shares
// a budget, so that one request stays within a second or two.
const SIMULATED_CITIZENS = 60_000;
const SIMULATED_BUDGET = 1_200_000;
const SIMULATED_MINUTES = 5000 * 60;
const WARM_UP_MINUTES = 600;
/** An overloaded row has no steady state: it is run for one working day from an empty hall instead. */
const OVERLOADED_DAY_MINUTES = 480;

const shiftDate = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

interface Targets {
  model: QueueModel;
  targetWaitMinutes: number;
  targetShare: number;
  patienceMinutes: number | null;
}

const FIGURES = ['stable', 'probabilityOfWaiting', 'withinTargetShare', 'meanWaitMinutes', 'utilisation', 'abandonmentShare'] as const;

/** The figures a response shows, without what else a model or the simulator said. */
const figuresDto = (f: QueueFigures): QueueFiguresDto => pick(f, FIGURES);

/** A domain precondition that validation could not see (it should not happen past the DTOs) as a 400 naming the field. */
function translated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof QueueInputError) throw new AppException('STAFFING_INPUT_INVALID', { field: e.field, reason: e.message });
    throw e;
  }
}

/**
 * The staffing planner (窗口配置, DOMAIN.md "Staffing"): the queueing models on figures given
 * (what-if), the plan of a day from the hall's history read through the queue module's service,
 * the managers' roster and the simulator beside the models. Managers plan their own halls, admins
 * every hall.
 */
@Injectable()
export class StaffingService {
  constructor(
    @InjectRepository(StaffingRosterEntry) private readonly roster: Repository<StaffingRosterEntry>,
    private readonly halls: HallsService,
    private readonly tickets: TicketsService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  // ---- what-if and simulation ----

  async whatIf(principal: Principal, hallId: string, dto: WhatIfDto): Promise<WhatIfResultDto> {
    const hall = await this.halls.getHallFor(principal, hallId);
    await this.checkRows(hallId, dto.rows);
    const targets = this.targets(hall, dto);
    return { ...targets, rows: dto.rows.map((row) => this.modelRow(row, targets)) };
  }

  async simulate(principal: Principal, hallId: string, dto: SimulateDto): Promise<SimulateResultDto> {
    const hall = await this.halls.getHallFor(principal, hallId);
    await this.checkRows(hallId, dto.rows);
    const targets = this.targets(hall, dto);
    const seed = dto.seed ?? 1;
    const perRow = Math.min(SIMULATED_CITIZENS, Math.floor(SIMULATED_BUDGET / dto.rows.length));
    // Every row is modelled (and so checked) before any is simulated.
    const modelled = dto.rows.map((row) => this.modelRow(row, targets));
    const rows: SimulatedRowDto[] = modelled.map((row, i) => {
      const perMinute = row.arrivalsPerHour / 60;
      const overloaded = !row.stable;
      const minutes = overloaded
        ? OVERLOADED_DAY_MINUTES
        : WARM_UP_MINUTES + Math.min(SIMULATED_MINUTES, perMinute > 0 ? perRow / perMinute : SIMULATED_MINUTES);
      const citizens = poissonCitizens({
        arrivalsPerMinute: perMinute,
        meanServiceMinutes: row.meanServiceMinutes,
        patienceMinutes: targets.patienceMinutes ?? undefined,
        minutes,
        seed: seed + i,
      });
      const measureFrom = overloaded ? 0 : WARM_UP_MINUTES;
      const measured = simulateQueue({ windows: row.windows, targetWaitMinutes: targets.targetWaitMinutes, citizens, measureFrom });
      return { ...row, simulated: { ...figuresDto(measured), arrivals: measured.arrivals, minutes: minutes - measureFrom } };
    });
    return { ...targets, seed, rows };
  }

  private modelRow(row: WhatIfRowDto, targets: Targets): WhatIfRowResultDto {
    if (row.windows < 1) throw new AppException('STAFFING_NO_WINDOWS', { hour: row.hour, categoryId: row.categoryId });
    const input = this.modelInput(targets, row.arrivalsPerHour, row.meanServiceMinutes);
    const figures = translated(() => evaluate({ ...input, windows: row.windows }));
    return {
      hour: row.hour,
      categoryId: row.categoryId,
      arrivalsPerHour: row.arrivalsPerHour,
      meanServiceMinutes: row.meanServiceMinutes,
      windows: row.windows,
      offeredLoad: (row.arrivalsPerHour / 60) * row.meanServiceMinutes,
      ...figuresDto(figures),
      recommendedWindows: translated(() => recommendedWindows(input, targets.targetShare)),
    };
  }

  private modelInput(targets: Targets, arrivalsPerHour: number, meanServiceMinutes: number): Omit<ModelInput, 'windows'> {
    return {
      model: targets.model,
      arrivalsPerMinute: arrivalsPerHour / 60,
      meanServiceMinutes,
      targetWaitMinutes: targets.targetWaitMinutes,
      patienceMinutes: targets.patienceMinutes ?? undefined,
    };
  }

  private targets(
    hall: Hall,
    q: { model?: QueueModel; targetWaitMinutes?: number; targetShare?: number; patienceMinutes?: number },
  ): Targets {
    const model = q.model ?? 'erlang-c';
    return {
      model,
      targetWaitMinutes: q.targetWaitMinutes ?? hall.targetWaitMinutes,
      targetShare: q.targetShare ?? DEFAULT_TARGET_SHARE,
      patienceMinutes: model === 'erlang-a' ? (q.patienceMinutes ?? DEFAULT_PATIENCE_MINUTES) : null,
    };
  }

  /** Every category must be the hall's: another hall's is answered like an unknown one. */
  private async checkRows(hallId: string, rows: readonly { categoryId: string }[]): Promise<WindowCategory[]> {
    const categories = await this.halls.categoriesOf(hallId);
    const known = new Set(categories.map((c) => c.id));
    const unknown = rows.find((r) => !known.has(r.categoryId));
    if (unknown) throw new AppException('CATEGORY_NOT_FOUND', { categoryId: unknown.categoryId });
    return categories;
  }

  // ---- the plan of a day ----

  async plan(principal: Principal, hallId: string, query: PlanQuery): Promise<PlanDto> {
    const hall = await this.halls.getHallFor(principal, hallId);
    const weeks = query.weeks ?? DEFAULT_WEEKS;
    const date = query.date;
    const yesterday = shiftDate(date, -1);
    const patience = await this.patienceOf(hallId, query, shiftDate(date, -7 * weeks), yesterday);
    const targets = this.targets(hall, { ...query, patienceMinutes: patience.minutes });
    const { isWorking, hours } = await this.calendarOf(hall, date);
    const [categories, windows] = await Promise.all([this.halls.categoriesOf(hallId), this.halls.windowsOf(hallId)]);
    const active = windows.filter((w) => w.active);
    const servingWindows = (categoryId: string) => active.filter((w) => w.categories.some((c) => c.categoryId === categoryId)).length;

    const historyFrom = shiftDate(date, -7 * Math.max(weeks, EFFECT_WEEKS));
    const [counts, services, saved] = await Promise.all([
      this.tickets.arrivalCounts(hallId, historyFrom, yesterday),
      this.tickets.serviceTimes(hallId, shiftDate(date, -7 * weeks), yesterday),
      this.roster.findBy({ hallId, localDate: date }),
    ]);

    // Days before the hall's first ticket in the window are not history: they would read as empty days.
    const firstDay = counts.reduce<string | null>((min, c) => (min === null || c.localDate < min ? c.localDate : min), null);
    const byDay = new Map<string, typeof counts>();
    for (const c of counts) byDay.set(c.localDate, [...(byDay.get(c.localDate) ?? []), c]);
    const history: HistoryDay[] = [];
    if (firstDay) {
      for (let d = firstDay; d <= yesterday; d = shiftDate(d, 1)) {
        if (!isWorking(d)) continue;
        history.push({ ...dayKind(d, isWorking), counts: byDay.get(d) ?? [] });
      }
    }
    const forecast = forecastArrivals({
      target: dayKind(date, isWorking),
      history,
      hours,
      categoryIds: categories.map((c) => c.id),
      weeks,
    });

    const served = services.reduce((s, r) => s + r.served, 0);
    const hallMean = served > 0 ? services.reduce((s, r) => s + r.served * r.meanServiceMinutes, 0) / served : null;
    const planCategories: PlanCategoryDto[] = categories.map((c) => {
      const own = services.find((s) => s.categoryId === c.id);
      const [meanServiceMinutes, serviceSource] = own
        ? [own.meanServiceMinutes, 'history' as const]
        : hallMean !== null
          ? [hallMean, 'hall' as const]
          : [DEFAULT_SERVICE_MINUTES, 'default' as const];
      return {
        id: c.id,
        prefix: c.prefix,
        name: c.name,
        meanServiceMinutes: Math.max(meanServiceMinutes, 0.1),
        serviceSource,
        served: own?.served ?? 0,
        servingWindows: servingWindows(c.id),
      };
    });

    const rows: PlanRowDto[] = forecast.cells.map((cell) => {
      const category = planCategories.find((c) => c.id === cell.categoryId)!;
      const entry = saved.find((e) => e.hour === cell.hour && e.categoryId === cell.categoryId);
      const plannedWindows = entry ? entry.windows : category.servingWindows;
      const input = this.modelInput(targets, cell.mean, category.meanServiceMinutes);
      return {
        hour: cell.hour,
        categoryId: cell.categoryId,
        forecast: { mean: cell.mean, standardDeviation: cell.standardDeviation, p10: cell.p10, p90: cell.p90 },
        meanServiceMinutes: category.meanServiceMinutes,
        plannedWindows,
        plannedFrom: entry ? 'roster' : 'default',
        recommendedWindows: recommendedWindows(input, targets.targetShare),
        expected: figuresDto(evaluate({ ...input, windows: plannedWindows })),
      };
    });
    return {
      hallId,
      date,
      workingDay: isWorking(date),
      ...targets,
      patienceSource: patience.source,
      weeks,
      baselineDates: forecast.baselineDates,
      effects: forecast.effects,
      categories: planCategories,
      hours,
      rows,
    };
  }

  /**
   * Erlang A's mean patience: as asked, else from the history (the exponential's maximum-likelihood
   * mean: the time all tickets spent waiting ÷ the citizens who gave up), else 30 minutes.
   */
  private async patienceOf(
    hallId: string,
    query: PlanQuery,
    from: string,
    to: string,
  ): Promise<{ minutes?: number; source: PlanDto['patienceSource'] }> {
    if (query.model !== 'erlang-a') return { source: null };
    if (query.patienceMinutes !== undefined) return { minutes: query.patienceMinutes, source: 'query' };
    const { gaveUp, waitingMs } = await this.tickets.patienceHistory(hallId, from, to);
    if (gaveUp < MIN_GAVE_UP) return { minutes: DEFAULT_PATIENCE_MINUTES, source: 'default' };
    return { minutes: Math.min(480, Math.max(1, waitingMs / gaveUp / 60_000)), source: 'history' };
  }

  /** Whether the hall opens on a date, and its local working hours that day, from the hall's calendar. */
  private async calendarOf(hall: Hall, date: string): Promise<{ isWorking: (d: string) => boolean; hours: number[] }> {
    const { index } = await this.calendar.clockFor(hall.id);
    const dayOf = (d: string): number | null => {
      try {
        return index.dayOfDate(d);
      } catch {
        return null;
      }
    };
    const isWorking = (d: string) => {
      const day = dayOf(d);
      return day !== null && index.isWorkingDay(day);
    };
    const day = dayOf(date);
    if (day === null) throw new AppException('CLOCK_OUT_OF_RANGE', { date });
    const hours = new Set<number>();
    if (index.isWorkingDay(day)) {
      for (const p of index.periodsOf(day)) {
        const first = Number(localDateTime(new Date(p.startMs), hall.timezone).time.slice(0, 2));
        const last = Number(localDateTime(new Date(p.endMs - 1), hall.timezone).time.slice(0, 2));
        for (let h = first; h <= last; h++) hours.add(h);
      }
    }
    return { isWorking, hours: [...hours].sort((a, b) => a - b) };
  }

  // ---- the roster ----

  async saveRoster(principal: Principal, hallId: string, dto: SaveRosterDto): Promise<RosterSavedDto> {
    await this.halls.getHallFor(principal, hallId);
    await this.checkRows(hallId, dto.entries);
    const seen = new Set<string>();
    for (const e of dto.entries) {
      const key = `${e.hour}|${e.categoryId}`;
      if (seen.has(key)) throw new AppException('STAFFING_DUPLICATE_ROW', { hour: e.hour, categoryId: e.categoryId });
      seen.add(key);
    }
    const active = (await this.halls.windowsOf(hallId)).filter((w) => w.active).length;
    const over = dto.entries.find((e) => e.windows > active);
    if (over)
      throw new AppException('STAFFING_WINDOWS_EXCEED_HALL', {
        hour: over.hour,
        categoryId: over.categoryId,
        windows: over.windows,
        hallWindows: active,
      });
    const updatedBy = principal.kind === 'user' ? principal.id : null;
    const updatedAt = this.clock.now();
    await this.roster.upsert(
      dto.entries.map((e) => ({
        hallId,
        localDate: dto.date,
        hour: e.hour,
        categoryId: e.categoryId,
        windows: e.windows,
        updatedBy,
        updatedAt,
      })),
      ['hallId', 'localDate', 'hour', 'categoryId'],
    );
    return { date: dto.date, saved: dto.entries.length };
  }
}
