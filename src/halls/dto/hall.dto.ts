import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMinSize, IsBoolean, IsNumber, IsOptional, IsString, IsTimeZone, Matches, Max, MaxLength, Min } from 'class-validator';
import { IntInRange } from '../../common/validation/int-in-range';
import { NonBlankString } from '../../common/validation/non-blank-string';
import { NestedArray } from '../../common/validation/nested-array';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class WorkingPeriodDto {
  @ApiProperty({ example: '09:00' }) @Matches(HHMM, { message: 'start 必须是 HH:MM' }) start: string;
  @ApiProperty({ example: '12:00' }) @Matches(HHMM, { message: 'end 必须是 HH:MM' }) end: string;
}

export class CreateHallDto {
  @ApiProperty({ example: 'DEMO' }) @IsString() @Matches(/^[A-Za-z0-9_-]{2,32}$/) code: string;
  @NonBlankString(100, { example: '示范区政务服务中心' }) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) address?: string;
  @ApiPropertyOptional({ default: 'Asia/Shanghai' }) @IsOptional() @IsTimeZone() timezone?: string;
  @ApiPropertyOptional({ type: [WorkingPeriodDto], description: 'Working periods of a working day, in order, not overlapping' })
  @IsOptional()
  @NestedArray(() => WorkingPeriodDto, { max: 20 })
  @ArrayMinSize(1)
  workingHours?: WorkingPeriodDto[];
  @ApiPropertyOptional({ default: 20, description: 'Target wait in minutes (等候达标 threshold; over it a ticket rises to the front)' })
  @IsOptional()
  @IntInRange(1, 480)
  targetWaitMinutes?: number;
  @ApiPropertyOptional({ default: 0.3333, description: 'Yellow warning when this share of the promised time or less is left' })
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  warningYellowRatio?: number;
  @ApiPropertyOptional({ default: 1, description: 'Yellow warning when fewer working days than this are left' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(30)
  warningYellowMinWorkingDays?: number;
  @ApiPropertyOptional({ default: false, description: 'true: day 1 of a working-day limit is the day of acceptance' })
  @IsOptional()
  @IsBoolean()
  clockStartsSameDay?: boolean;
  @ApiPropertyOptional({ default: 2 }) @IsOptional() @IntInRange(0, 10) maxRequeues?: number;
  @ApiPropertyOptional({ default: 3 }) @IsOptional() @IntInRange(1, 20) maxPriorityStreak?: number;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IntInRange(1, 30) rectifyContactWorkingDays?: number;
  @ApiPropertyOptional({ default: 5 }) @IsOptional() @IntInRange(1, 60) rectifyReplyWorkingDays?: number;
}

export class UpdateHallDto extends PartialType(CreateHallDto) {}

export class CreateDepartmentDto {
  @ApiProperty({ example: 'SCJG' }) @IsString() @Matches(/^[A-Za-z0-9_-]{1,32}$/) code: string;
  @NonBlankString(100, { example: '市场监督管理局' }) name: string;
}

export class UpdateDepartmentDto extends PartialType(CreateDepartmentDto) {}
