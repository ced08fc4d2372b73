import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';

import { LIMIT_UNITS, LimitUnit, REST_KINDS, RestKind } from '../domain/calendar-types';
import { IsIsoInstant, queryNumber } from './calendar-validators';
import { IntInRange } from '../../common/validation/int-in-range';

export class DeadlineQuery {
  @ApiProperty({ example: '2025-09-26T16:00+08:00', description: 'When the clock starts (acceptance), with its offset' })
  @IsIsoInstant()
  start: string;
  @ApiProperty({ example: 5, minimum: 0, maximum: 1_000_000 }) @Transform(queryNumber) @IntInRange(0, 1_000_000) limit: number;
  @ApiProperty({ enum: LIMIT_UNITS, example: 'working_days' }) @IsIn(LIMIT_UNITS) unit: LimitUnit;
}

export class SkippedDayDto {
  @ApiProperty({ example: '2025-10-01' }) date: string;
  @ApiProperty({ example: '国庆节', description: "The holiday, the weekday (周六/周日) or the hall's reason for closing" }) name: string;
  @ApiProperty({ enum: REST_KINDS }) kind: RestKind;
}

export class DeadlineDto {
  @ApiProperty({ example: '2025-10-10T17:30:00+08:00', description: "Due instant in the hall's local time" }) dueAt: string;
  @ApiProperty({ example: '2025-09-28T09:00:00+08:00', description: 'From when the time counts: the start, or the opening of day 1' })
  clockStartAt: string;
  @ApiProperty({ description: 'The answer depends on a year whose holiday schedule is not loaded yet (counted Monday to Friday)' })
  provisional: boolean;
  @ApiProperty({ type: [SkippedDayDto], description: 'Rest days the period stepped over' }) skippedDays: SkippedDayDto[];
}
