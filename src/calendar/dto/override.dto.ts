import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { WorkingPeriodDto } from '../../halls/dto/hall.dto';
import { SCHEDULE_MAX_YEAR, SCHEDULE_MIN_YEAR } from '../domain/national-schedule';
import { IsIsoDate, queryNumber, trimmed } from './calendar-validators';
import { IntInRange } from '../../common/validation/int-in-range';
import { NonBlankString } from '../../common/validation/non-blank-string';

const OVERRIDE_KINDS = ['closed', 'open'] as const;

export class CreateOverrideDto {
  @ApiProperty({ example: '2025-10-09' }) @IsIsoDate() date: string;
  @ApiProperty({
    enum: OVERRIDE_KINDS,
    description: 'closed: an extra closing day; open: the hall works that day (weekend or holiday opening)',
  })
  @IsIn(OVERRIDE_KINDS)
  kind: 'closed' | 'open';
  @ApiPropertyOptional({ example: '台风停止对外办公', description: 'Shown as the reason a deadline skipped the day' })
  @IsOptional()
  @Transform(trimmed)
  @NonBlankString(50)
  name?: string;
  @ApiPropertyOptional({ type: [WorkingPeriodDto], description: "For open days only: hours that day, when not the hall's usual ones" })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => WorkingPeriodDto)
  hours?: WorkingPeriodDto[];
}

export class ListOverridesQuery {
  @ApiPropertyOptional({ example: 2026, description: 'Only overrides of this year' })
  @IsOptional()
  @Transform(queryNumber)
  @IntInRange(SCHEDULE_MIN_YEAR, SCHEDULE_MAX_YEAR)
  year?: number;
}

export class OverrideDto {
  @ApiProperty() id: string;
  @ApiProperty() hallId: string;
  @ApiProperty({ example: '2025-10-09' }) date: string;
  @ApiProperty({ enum: OVERRIDE_KINDS }) kind: 'closed' | 'open';
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: [WorkingPeriodDto], nullable: true }) hours: WorkingPeriodDto[] | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: String, nullable: true, description: 'The user who added it' }) createdBy: string | null;
}
