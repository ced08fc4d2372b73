import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, DataSource, EntityManager, Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { ErrorCode } from '../common/errors/error-codes';
import { withDomainErrors } from '../common/errors/with-domain-errors';
import { withAdvisoryLock } from '../database/migrate';
import { HallsService } from '../halls/halls.service';
import { currentScheduleYear, CalendarService } from './calendar.service';
import { chineseDaysSchedule } from './chinese-days-schedule';
import { parseIcsSchedule } from './domain/ics-schedule';
import { checkScheduleYear, checkYearSchedule, NationalDay, ScheduleError, ScheduleErrorCode } from './domain/national-schedule';
import { CalendarWarningDto, CalendarYearDto, CalendarYearsDto } from './dto/calendar-year.dto';
import { CreateOverrideDto } from './dto/override.dto';
import { CalendarDay } from './entities/calendar-day.entity';
import { CalendarYear } from './entities/calendar-year.entity';
import { HallCalendarOverride } from './entities/hall-calendar-override.entity';

/** Serialises seeding the calendar across instances starting together (schema: …001, demo seed: …002). */
const CALENDAR_SEED_LOCK_KEY = 74_590_003;

const SCHEDULE_ERRORS: Record<ScheduleErrorCode, ErrorCode> = {
  INVALID_YEAR: 'CALENDAR_YEAR_INVALID',
  INVALID_DATE: 'CALENDAR_DATE_INVALID',
  DATE_OUTSIDE_YEAR: 'CALENDAR_DATE_OUTSIDE_YEAR',
  DUPLICATE_DATE: 'CALENDAR_DUPLICATE_DATE',
  MAKEUP_NOT_WEEKEND: 'CALENDAR_MAKEUP_NOT_WEEKEND',
  EMPTY_SCHEDULE: 'CALENDAR_EMPTY_SCHEDULE',
  INVALID_ICS: 'CALENDAR_ICS_INVALID',
};

const checked = <T>(fn: () => T): T =>
  withDomainErrors(fn, (e) => (e instanceof ScheduleError ? new AppException(SCHEDULE_ERRORS[e.code], e.details) : undefined));

function assertHours(hours: { start: string; end: string }[]): void {
  hours.forEach((p, i) => {
    if (!(p.start < p.end) || (i > 0 && hours[i - 1].end > p.start)) throw new AppException('WORKING_HOURS_INVALID', { index: i });
  });
}

const userOf = (principal: Principal) => (principal.kind === 'user' ? principal.id : null);

/** Loading the national schedule (from the package at start, or by an admin) and the halls' overrides. */
@Injectable()
export class CalendarAdminService implements OnModuleInit {
  private readonly logger = new Logger('Calendar');

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly halls: HallsService,
    @InjectRepository(CalendarYear) private readonly years: Repository<CalendarYear>,
    @InjectRepository(CalendarDay) private readonly days: Repository<CalendarDay>,
    @InjectRepository(HallCalendarOverride) private readonly overrides: Repository<HallCalendarOverride>,
  ) {}

  async onModuleInit(): Promise<void> {
    const seeded = await this.seedMissingYears();
    if (seeded.length) this.logger.log(`national schedule loaded from the package for ${seeded.join(', ')}`);
  }

  /**
   * Loads every year the chinese-days package holds that the database lacks. A year already
   * there is left alone, even if the package has it differently: an admin may have loaded a
   * corrected schedule.
   */
  async seedMissingYears(): Promise<number[]> {
    const schedule = chineseDaysSchedule();
    const missing = async (em: EntityManager) => {
      const rows: { year: number }[] = await em.query(`select year from calendar_years`);
      const loaded = new Set(rows.map((r) => r.year));
      return [...schedule.years.keys()].filter((year) => !loaded.has(year));
    };
    // Checked before taking the lock, so that an instance starting on a seeded database waits for nobody.
    if ((await missing(this.dataSource.manager)).length === 0) return [];
    const seeded = await withAdvisoryLock(this.dataSource, CALENDAR_SEED_LOCK_KEY, () =>
      this.dataSource.transaction(async (em) => {
        const years: number[] = [];
        for (const year of await missing(em)) {
          // "do nothing": an admin loading the same year meanwhile (outside this lock) keeps their schedule.
          const claimed = await em.query(
            `insert into calendar_years (year, source) values ($1, $2) on conflict (year) do nothing returning year`,
            [year, schedule.source],
          );
          if (claimed.length === 0) continue;
          await this.insertDays(em, schedule.years.get(year)!);
          years.push(year);
        }
        return years;
      }),
    );
    this.calendar.invalidate();
    return seeded;
  }

  async listYears(): Promise<CalendarYearsDto> {
    const rows: { year: number; source: string; loadedAt: Date; holidays: number; makeupWorkdays: number }[] = await this.dataSource.query(`
      select y.year, y.source, y.loaded_at as "loadedAt",
             count(d.date) filter (where d.kind = 'holiday')::int as holidays,
             count(d.date) filter (where d.kind = 'makeup_workday')::int as "makeupWorkdays"
        from calendar_years y left join calendar_days d on d.year = y.year
       group by y.year order by y.year`);
    const currentYear = currentScheduleYear();
    const loaded = new Set(rows.map((r) => r.year));
    const warnings: CalendarWarningDto[] = [];
    if (!loaded.has(currentYear)) {
      warnings.push({
        code: 'CURRENT_YEAR_NOT_LOADED',
        year: currentYear,
        message: `${currentYear} 年节假日安排尚未导入：本年度的期限只按周一至周五计算，并标记为暂定`,
      });
    }
    if (!loaded.has(currentYear + 1)) {
      warnings.push({
        code: 'NEXT_YEAR_NOT_LOADED',
        year: currentYear + 1,
        message: `${currentYear + 1} 年节假日安排尚未导入（国务院办公厅通常于每年 11 月前后发布）：落入 ${currentYear + 1} 年的期限标记为暂定`,
      });
    }
    return { years: rows, currentYear, nextYearLoaded: loaded.has(currentYear + 1), warnings };
  }

  async getYear(year: number): Promise<CalendarYearDto> {
    const row = await this.years.findOneBy({ year });
    if (!row) throw new AppException('CALENDAR_YEAR_NOT_LOADED', { year });
    const days = await this.days.find({ where: { year }, order: { date: 'ASC' } });
    return {
      year: row.year,
      source: row.source,
      loadedAt: row.loadedAt,
      days: days.map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
    };
  }

  replaceYear(principal: Principal, year: number, days: NationalDay[]): Promise<CalendarYearDto> {
    return this.replace(
      principal,
      year,
      checked(() => checkYearSchedule(year, days)),
      'json',
    );
  }

  replaceYearFromIcs(principal: Principal, year: number, ics: string): Promise<CalendarYearDto> {
    checked(() => checkScheduleYear(year));
    return this.replace(
      principal,
      year,
      checked(() => parseIcsSchedule(ics, year)),
      'ics',
    );
  }

  async listOverrides(principal: Principal, hallId: string, year?: number): Promise<HallCalendarOverride[]> {
    await this.halls.getHallFor(principal, hallId);
    const where = year === undefined ? { hallId } : { hallId, date: Between(`${year}-01-01`, `${year}-12-31`) };
    return this.overrides.find({ where, order: { date: 'ASC' } });
  }

  async createOverride(principal: Principal, hallId: string, dto: CreateOverrideDto): Promise<HallCalendarOverride> {
    await this.halls.getHallFor(principal, hallId);
    checked(() => checkScheduleYear(Number(dto.date.slice(0, 4))));
    if (dto.hours && dto.kind === 'closed') throw new AppException('CALENDAR_OVERRIDE_HOURS_WHEN_CLOSED');
    if (dto.hours) assertHours(dto.hours);
    const saved = await this.overrides.save(
      this.overrides.create({
        hallId,
        date: dto.date,
        kind: dto.kind,
        name: dto.name ?? null,
        hours: dto.hours ?? null,
        createdBy: userOf(principal),
      }),
    );
    this.calendar.invalidate();
    return (await this.overrides.findOneBy({ id: saved.id }))!;
  }

  async deleteOverride(principal: Principal, hallId: string, overrideId: string): Promise<void> {
    await this.halls.getHallFor(principal, hallId);
    const { affected } = await this.overrides.delete({ id: overrideId, hallId });
    if (!affected) throw new AppException('CALENDAR_OVERRIDE_NOT_FOUND', { overrideId });
    this.calendar.invalidate();
  }

  /** One transaction: readers see the old schedule of the year or the new one, never a mix. */
  private async replace(principal: Principal, year: number, days: NationalDay[], source: string): Promise<CalendarYearDto> {
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `insert into calendar_years (year, source, loaded_at, loaded_by) values ($1, $2, now(), $3)
         on conflict (year) do update set source = excluded.source, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by`,
        [year, source, userOf(principal)],
      );
      await em.query(`delete from calendar_days where year = $1`, [year]);
      await this.insertDays(em, days);
    });
    this.calendar.invalidate();
    return this.getYear(year);
  }

  private async insertDays(em: EntityManager, days: NationalDay[]): Promise<void> {
    await em.query(`insert into calendar_days (date, kind, name) select * from unnest($1::date[], $2::text[], $3::text[])`, [
      days.map((d) => d.date),
      days.map((d) => d.kind),
      days.map((d) => d.name),
    ]);
  }
}
