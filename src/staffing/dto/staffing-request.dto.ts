import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { IsIsoDate, queryNumber } from '../../calendar/dto/calendar-validators';
import { EXPORT_FORMATS, ExportFormat } from '../../stats/dto/stats-query.dto';
import { QUEUE_MODELS, QueueModel } from '../domain/queue-model';
import { NestedArray } from '../../common/validation/nested-array';
import { UuidField } from '../../common/validation/uuid-field';

const FINITE = { allowNaN: false, allowInfinity: false };
export const MAX_ROWS = 400;
const MAX_ARRIVALS_PER_HOUR = 5000;
const MAX_WINDOWS = 999;

export class WhatIfRowDto {
  @ApiProperty({ minimum: 0, maximum: 23, example: 10, description: 'Local hour of the hall (10 = 10:00–11:00)' })
  @IsInt()
  @Min(0)
  @Max(23)
  hour: number;
  @UuidField('A category (号类) of the hall') categoryId: string;
  @ApiProperty({ minimum: 0, maximum: MAX_ARRIVALS_PER_HOUR, example: 30, description: 'Citizens arriving in the hour (Poisson)' })
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_ARRIVALS_PER_HOUR)
  arrivalsPerHour: number;
  @ApiProperty({ minimum: 0.1, maximum: 480, example: 12, description: 'Mean service time, call to finish, in minutes (exponential)' })
  @IsNumber(FINITE)
  @Min(0.1)
  @Max(480)
  meanServiceMinutes: number;
  @ApiProperty({
    minimum: 1,
    maximum: MAX_WINDOWS,
    example: 7,
    description: 'Windows open for the category in the hour; 0 is refused with STAFFING_NO_WINDOWS',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_WINDOWS)
  windows: number;
}

export class WhatIfDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 480,
    example: 20,
    description: "Target wait (minutes); default the hall's targetWaitMinutes",
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(480)
  targetWaitMinutes?: number;
  @ApiPropertyOptional({
    minimum: 0.01,
    maximum: 0.999,
    example: 0.9,
    description: 'Target 等候达标率 (share called within the target wait); default 0.9',
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0.01)
  @Max(0.999)
  targetShare?: number;
  @ApiProperty({
    enum: QUEUE_MODELS,
    description: 'erlang-c: M/M/N, nobody gives up; erlang-a: M/M/N+M, citizens give up after an exponential patience',
  })
  @IsIn(QUEUE_MODELS)
  model: QueueModel;
  @ApiPropertyOptional({ minimum: 1, maximum: 480, example: 30, description: 'Erlang A: mean patience in minutes; default 30' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(1)
  @Max(480)
  patienceMinutes?: number;
  @ApiProperty({ type: [WhatIfRowDto], minItems: 1, maxItems: MAX_ROWS })
  @NestedArray(() => WhatIfRowDto, { min: 1, max: MAX_ROWS })
  rows: WhatIfRowDto[];
}

export class SimulateDto extends WhatIfDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 2 ** 31 - 1,
    example: 1,
    description: 'Seed of the run; the same seed gives the same figures. Default 1',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seed?: number;
}

export class PlanQuery {
  @ApiProperty({ example: '2026-03-09', description: 'The local day to plan' }) @IsIsoDate() date: string;
  @ApiPropertyOptional({ enum: QUEUE_MODELS, description: 'Default erlang-c' }) @IsOptional() @IsIn(QUEUE_MODELS) model?: QueueModel;
  @ApiPropertyOptional({ minimum: 0, maximum: 480, description: "Default the hall's targetWaitMinutes" })
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber(FINITE)
  @Min(0)
  @Max(480)
  targetWaitMinutes?: number;
  @ApiPropertyOptional({ minimum: 0.01, maximum: 0.999, description: 'Default 0.9' })
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber(FINITE)
  @Min(0.01)
  @Max(0.999)
  targetShare?: number;
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 480,
    description: 'Erlang A: mean patience in minutes; default from the history (see patienceSource), else 30',
  })
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber(FINITE)
  @Min(1)
  @Max(480)
  patienceMinutes?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 26, description: 'Weeks of history for the baseline (same weekday); default 8' })
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(26)
  weeks?: number;
}

export class PlanExportQuery extends PlanQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' }) @IsOptional() @IsIn(EXPORT_FORMATS) format?: ExportFormat;
}

export class RosterEntryDto {
  @ApiProperty({ minimum: 0, maximum: 23 }) @IsInt() @Min(0) @Max(23) hour: number;
  @UuidField() categoryId: string;
  @ApiProperty({
    minimum: 0,
    maximum: MAX_WINDOWS,
    description: "Windows planned; at most the hall's active windows (STAFFING_WINDOWS_EXCEED_HALL)",
  })
  @IsInt()
  @Min(0)
  @Max(MAX_WINDOWS)
  windows: number;
}

export class SaveRosterDto {
  @ApiProperty({ example: '2026-03-09' }) @IsIsoDate() date: string;
  @ApiProperty({ type: [RosterEntryDto], minItems: 1, maxItems: MAX_ROWS })
  @NestedArray(() => RosterEntryDto, { min: 1, max: MAX_ROWS })
  entries: RosterEntryDto[];
}
