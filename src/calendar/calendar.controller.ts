import { applyDecorators, Body, Controller, Delete, Param, PipeTransform, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { HALL_STAFF_ROLES as STAFF } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HallScoped } from '../auth/hall-scope.decorator';
import { Audited } from '../audit/audited.decorator';
import { AppException } from '../common/errors/app-exception';
import { UUID as uuid } from '../common/http/uuid.pipe';
import { Answers, Creates, NoContent } from '../common/http/route-decorators';
import { CalendarAdminService } from './calendar-admin.service';
import { CalendarService } from './calendar.service';
import { CalendarYearDto, CalendarYearsDto, LoadYearDto, LoadYearIcsDto } from './dto/calendar-year.dto';
import { DeadlineDto, DeadlineQuery } from './dto/deadline.dto';
import { CreateOverrideDto, ListOverridesQuery, OverrideDto } from './dto/override.dto';
import { HallReads, Reads } from '../auth/staff-route.decorator';

/** A calendar year, 2000–2100 as CALENDAR_YEAR_INVALID says, decided before any statement (a larger integer overflowed the column). */
const year: PipeTransform<string, number> = {
  transform(value: string): number {
    const y = /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!(y >= 2000 && y <= 2100)) throw new AppException('CALENDAR_YEAR_INVALID');
    return y;
  },
};

/** An admin loads (or replaces) a year's national schedule, audited under `action`, from what `from` says. */
const LoadsYear = (suffix: string, action: string, from: string) =>
  applyDecorators(
    Put(`calendar/years/:year${suffix}`),
    Roles('admin'),
    Audited({ action, targetType: 'calendar_year', param: 'year' }),
    Answers(`Load (or replace) a year's national schedule from ${from}`, CalendarYearDto),
  );

@ApiTags('calendar')
@ApiBearerAuth()
@Controller()
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly admin: CalendarAdminService,
  ) {}

  @Reads(
    'calendar/years',
    [...STAFF],
    "Years whose national holiday schedule is loaded, with a warning when next year's is still missing",
    CalendarYearsDto,
  )
  listYears() {
    return this.admin.listYears();
  }

  @Reads('calendar/years/:year', [...STAFF], 'The days off and make-up working days of a loaded year', CalendarYearDto)
  getYear(@Param('year', year) y: number) {
    return this.admin.getYear(y);
  }

  @LoadsYear('', 'calendar.year_replace', 'a list of days')
  loadYear(@CurrentPrincipal() p: Principal, @Param('year', year) y: number, @Body() dto: LoadYearDto) {
    return this.admin.replaceYear(p, y, dto.days);
  }

  @LoadsYear('/ics', 'calendar.year_import', 'an iCalendar feed')
  loadYearFromIcs(@CurrentPrincipal() p: Principal, @Param('year', year) y: number, @Body() dto: LoadYearIcsDto) {
    return this.admin.replaceYearFromIcs(p, y, dto.ics);
  }

  @HallReads('halls/:hallId/calendar/overrides', ['manager', 'admin'], "The hall's own closing days and openings", [OverrideDto])
  listOverrides(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string, @Query() query: ListOverridesQuery) {
    return this.admin.listOverrides(p, hallId, query.year);
  }

  @Post('halls/:hallId/calendar/overrides')
  @HallScoped()
  @Roles('manager', 'admin')
  @Audited({ action: 'calendar.override_create', targetType: 'calendar_override' })
  @Creates('Close the hall on a day, or open it on a rest day (optionally with other hours)', OverrideDto)
  createOverride(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string, @Body() dto: CreateOverrideDto) {
    return this.admin.createOverride(p, hallId, dto);
  }

  @Delete('halls/:hallId/calendar/overrides/:overrideId')
  @HallScoped()
  @Roles('manager', 'admin')
  @Audited({ action: 'calendar.override_delete', targetType: 'calendar_override', param: 'overrideId' })
  @NoContent("Remove one of the hall's overrides")
  deleteOverride(@CurrentPrincipal() p: Principal, @Param('hallId', uuid) hallId: string, @Param('overrideId', uuid) overrideId: string) {
    return this.admin.deleteOverride(p, hallId, overrideId);
  }

  @HallReads(
    'halls/:hallId/deadline',
    [...STAFF],
    'When a time limit started at an instant runs out in this hall, and which rest days it skipped',
    DeadlineDto,
  )
  deadline(@Param('hallId', uuid) hallId: string, @Query() query: DeadlineQuery) {
    return this.calendar.deadline(hallId, query);
  }
}
