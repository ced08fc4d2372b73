import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import type { NationalDayKind } from '../domain/national-schedule';
import { IsIsoDate, trimmed } from './calendar-validators';
import { NonBlankString } from '../../common/validation/non-blank-string';
import { NestedArray } from '../../common/validation/nested-array';

const NATIONAL_DAY_KINDS: NationalDayKind[] = ['holiday', 'makeup_workday'];

export class NationalDayDto {
  @ApiProperty({ example: '2025-10-01' }) @IsIsoDate() date: string;
  @ApiProperty({ enum: NATIONAL_DAY_KINDS, description: 'holiday: a day off; makeup_workday: a weekend day that is worked (调休上班)' })
  @IsIn(NATIONAL_DAY_KINDS)
  kind: NationalDayKind;
  @ApiProperty({ example: '国庆节', description: 'The holiday the day belongs to (or pays for)' })
  @Transform(trimmed)
  @NonBlankString(50)
  name: string;
}

export class LoadYearDto {
  @ApiProperty({ type: [NationalDayDto], description: 'Every day off and make-up working day of the year, as in the State Council notice' })
  @NestedArray(() => NationalDayDto, { min: 1, max: 366 })
  days: NationalDayDto[];
}

export class LoadYearIcsDto {
  @ApiProperty({
    description:
      'An iCalendar feed (e.g. chinese-days holidays.ics): VEVENTs with DTSTART/DTEND and a SUMMARY marked 休 or 班; events of other years are ignored',
    example:
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251001\r\nDTEND;VALUE=DATE:20251009\r\nSUMMARY:国庆节(休)\r\nEND:VEVENT\r\nEND:VCALENDAR',
  })
  @NonBlankString(500_000)
  ics: string;
}

export class CalendarYearSummaryDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({
    example: 'chinese-days@1.5.7',
    description: 'chinese-days@<version> when seeded from the package; json or ics when loaded by an admin',
  })
  source: string;
  @ApiProperty() loadedAt: Date;
  @ApiProperty({ description: 'Number of days off' }) holidays: number;
  @ApiProperty({ description: 'Number of make-up working days' }) makeupWorkdays: number;
}

export class CalendarWarningDto {
  @ApiProperty({ enum: ['CURRENT_YEAR_NOT_LOADED', 'NEXT_YEAR_NOT_LOADED'] }) code: 'CURRENT_YEAR_NOT_LOADED' | 'NEXT_YEAR_NOT_LOADED';
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty() message: string;
}

export class CalendarYearsDto {
  @ApiProperty({ type: [CalendarYearSummaryDto] }) years: CalendarYearSummaryDto[];
  @ApiProperty({ example: 2026, description: 'The current year in China (Asia/Shanghai)' }) currentYear: number;
  @ApiProperty() nextYearLoaded: boolean;
  @ApiProperty({ type: [CalendarWarningDto], description: 'Years whose deadlines are provisional until their schedule is loaded' })
  warnings: CalendarWarningDto[];
}

export class CalendarYearDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty() source: string;
  @ApiProperty() loadedAt: Date;
  @ApiProperty({ type: [NationalDayDto] }) days: NationalDayDto[];
}
