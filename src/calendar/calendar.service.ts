import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SettingsCache } from '../database/settings-revision.service';
import { HallsService } from '../halls/halls.service';
import { buildCalendarIndex } from './domain/calendar-index';
import { DEFAULT_TIMEZONE, HallOverride, HolidayCalendar, Limit } from './domain/calendar-types';
import { AdjustedDue, ClockReading, StepDeadline, StepShare } from './domain/deadline-clock';
import { formatInstant, parseIsoInstant } from '../common/time/iso-time';
import { NationalDay, toHolidayCalendar } from './domain/national-schedule';
import { DeadlineDto, DeadlineQuery } from './dto/deadline.dto';
import { ClockAdjustments, HallClock, WarningQuery, WarningReport } from './hall-clock';
import { BackgroundTimer } from '../common/time/background-timer';

/**
 * How stale a cached calendar may be after a change made on another instance, or to a hall's
 * settings. Calendar and override changes made through this instance are seen at once (see invalidate).
 */
export const REVISION_CHECK_INTERVAL_MS = 1000;

// Indexed years around the loaded ones: a year before for late questions about old cases, and
// three after so that long limits (a year in natural days) accepted next year still fit.
const YEARS_BEFORE = 1;
const YEARS_AFTER = 3;

interface NationalCalendar {
  calendar: HolidayCalendar;
  fromYear: number;
  toYear: number;
}

/** The current year where the national schedule applies. */
export function currentScheduleYear(nowMs = Date.now()): number {
  return Number(formatInstant(nowMs, DEFAULT_TIMEZONE).slice(0, 4));
}

/**
 * Deadlines for the other modules. Each hall's calendar index is built once from the
 * database and cached; every change to the calendar, to an override or to a hall's clock
 * settings bumps calendar_revision (by trigger, in the writing transaction), and a timer compares
 * that number every REVISION_CHECK_INTERVAL_MS, so the hot path makes no query and no instance
 * serves a calendar staler than that interval.
 *
 * Callers inside a transaction pass its EntityManager: a cold cache is then filled through the
 * caller's own connection. Waiting inside a transaction for a second pool connection deadlocks
 * once every connection is held by such a transaction (call-next with 50 windows did exactly that).
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Calendar');
  private readonly clocks = new SettingsCache<HallClock>();
  /** One entry: the national schedule every hall's index is built on. */
  private readonly national = new SettingsCache<NationalCalendar>();
  private revision: string | null = null;
  private indexedForYear: number | null = null;
  private readonly timer = new BackgroundTimer();

  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
  ) {}

  onModuleInit(): void {
    this.timer.start(REVISION_CHECK_INTERVAL_MS, () => {
      this.checkRevision().catch((e: Error) => this.logger.warn(`calendar revision check failed: ${e.message}`));
    });
  }

  onModuleDestroy(): void {
    this.timer.stop();
  }

  /** The hall's clock on the current calendar; HALL_NOT_FOUND for an unknown hall. */
  async clockFor(hallId: string, em?: EntityManager): Promise<HallClock> {
    const build = () => this.buildClock(hallId, em);
    return (await (em ? this.clocks.getWithin(hallId, build) : this.clocks.get(hallId, build)))!;
  }

  async dueFor(hallId: string, startMs: number, limit: Limit, adjustments: ClockAdjustments = {}): Promise<AdjustedDue> {
    return (await this.clockFor(hallId)).due(startMs, limit, adjustments);
  }

  async elapsedAndRemaining(
    hallId: string,
    startMs: number,
    limit: Limit,
    adjustments: ClockAdjustments,
    atMs: number,
  ): Promise<ClockReading> {
    return (await this.clockFor(hallId)).reading(startMs, limit, adjustments, atMs);
  }

  async warningLevelFor(hallId: string, query: WarningQuery): Promise<WarningReport> {
    return (await this.clockFor(hallId)).warning(query);
  }

  async stepDeadlines<K extends string>(
    hallId: string,
    input: { clockStartMs: number; dueMs: number; steps: readonly StepShare<K>[] },
  ): Promise<StepDeadline<K>[]> {
    return (await this.clockFor(hallId)).stepDeadlines(input);
  }

  /** For clerks and partners: when a limit started at `start` runs out, and which rest days it skipped. */
  async deadline(hallId: string, query: DeadlineQuery): Promise<DeadlineDto> {
    const clock = await this.clockFor(hallId);
    // The query DTO has already refused anything parseIsoInstant cannot read.
    const result = clock.explainDue(parseIsoInstant(query.start)!, { value: query.limit, unit: query.unit });
    const { timezone } = clock.settings;
    return {
      dueAt: formatInstant(result.dueMs, timezone),
      clockStartAt: formatInstant(result.clockStartMs, timezone),
      provisional: result.provisional,
      skippedDays: result.skippedDays ?? [],
    };
  }

  /**
   * Called after this instance committed a calendar change: drops every cached calendar at
   * once (an in-flight revision check may have read the number from before the commit).
   */
  invalidate(): void {
    this.clear();
  }

  private clear(): void {
    this.clocks.clear();
    this.national.clear();
  }

  private async checkRevision(): Promise<void> {
    const startedAt = Date.now();
    const [{ revision }] = await this.dataSource.query(`select revision::text as revision from calendar_revision`);
    const year = currentScheduleYear(startedAt);
    // A new year moves the indexed range forward even when nothing in the database changed.
    if (revision !== this.revision || year !== this.indexedForYear) this.clear();
    this.revision = revision;
    this.indexedForYear = year;
  }

  /** The years whose national holiday schedule is loaded, as the database has them now (for the health check). */
  async loadedYears(): Promise<number[]> {
    const years: { year: number }[] = await this.dataSource.query(`select year from calendar_years order by year`);
    return years.map((y) => y.year);
  }

  private async nationalCalendar(em?: EntityManager): Promise<NationalCalendar> {
    const load = () => this.loadNational(em ?? this.dataSource.manager);
    return (await (em ? this.national.getWithin('', load) : this.national.get('', load)))!;
  }

  private async loadNational(em: EntityManager): Promise<NationalCalendar> {
    const years: { year: number }[] = await em.query(`select year from calendar_years order by year`);
    const days: NationalDay[] = await em.query(`select to_char(date, 'YYYY-MM-DD') as date, kind, name from calendar_days order by date`);
    const loaded = years.map((y) => y.year);
    const current = currentScheduleYear();
    return {
      calendar: toHolidayCalendar(days, loaded),
      fromYear: Math.min(loaded[0] ?? current, current) - YEARS_BEFORE,
      toYear: Math.max(loaded[loaded.length - 1] ?? current, current) + YEARS_AFTER,
    };
  }

  /**
   * `em`: the caller's transaction, read through instead of the pool. The hall is read afresh, not
   * from the settings cache: that cache follows its own check, and a clock built after this one's
   * check from a hall it had not yet cleared kept the old hours until the calendar changed again.
   */
  private async buildClock(hallId: string, em?: EntityManager): Promise<HallClock> {
    const hall = await this.halls.readHall(hallId, em);
    const { calendar, fromYear, toYear } = await this.nationalCalendar(em);
    const overrides: HallOverride[] = (
      await (em ?? this.dataSource.manager).query(
        `select to_char(date, 'YYYY-MM-DD') as date, kind, name, hours from hall_calendar_overrides
          where hall_id = $1 and date between make_date($2, 1, 1) and make_date($3, 12, 31) order by date`,
        [hallId, fromYear, toYear],
      )
    ).map((o: HallOverride & { name: string | null; hours: HallOverride['hours'] | null }) => ({
      date: o.date,
      kind: o.kind,
      name: o.name ?? undefined,
      hours: o.hours ?? undefined,
    }));
    const index = buildCalendarIndex({ calendar, overrides, timezone: hall.timezone, workingHours: hall.workingHours, fromYear, toYear });
    return new HallClock(hallId, index, {
      timezone: hall.timezone,
      clockStartsSameDay: hall.clockStartsSameDay,
      thresholds: { yellowRatio: hall.warningYellowRatio, yellowMinWorkingDays: hall.warningYellowMinWorkingDays },
    });
  }
}
