import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, ValidateIf } from 'class-validator';
import {
  REMEDIES,
  Remedy,
  SPECIAL_PROCEDURES,
  SpecialProcedure,
  SUSPENSION_KINDS,
  SuspensionKind,
  WORKLIST_STATUSES,
} from '../domain/case-state-machine';
import { WARNING_LEVELS, WarningLevel } from '../../calendar/domain/warning-level';
import { IntInRange, INT4_MAX } from '../../common/validation/int-in-range';
import { NonBlankString, OptionalNonBlankString } from '../../common/validation/non-blank-string';
import { OptionalUuidField, UuidField } from '../../common/validation/uuid-field';

const list = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter((v) => v !== '') : value);

export class WorkListQuery {
  @OptionalUuidField('Managers: one department (default all); approvers: only their own')
  departmentId?: string;

  @ApiPropertyOptional({ enum: WARNING_LEVELS, isArray: true, description: 'Comma-separated, e.g. yellow,red' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsIn(WARNING_LEVELS, { each: true })
  warningLevel?: WarningLevel[];

  @ApiPropertyOptional({ enum: WORKLIST_STATUSES, isArray: true, description: 'Comma-separated' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsIn(WORKLIST_STATUSES, { each: true })
  status?: (typeof WORKLIST_STATUSES)[number][];

  @ApiPropertyOptional({ example: '2026-03-06T17:30:00+08:00', description: 'Only cases whose promised due is at or before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;

  @ApiPropertyOptional({ enum: ['me', 'none'], description: 'me: claimed by the caller; none: not claimed yet' })
  @IsOptional()
  @IsIn(['me', 'none'])
  assignee?: 'me' | 'none';
}

export class AssignDto {
  @UuidField('An approver of the department holding the case')
  assigneeId: string;
}

export class ReasonDto {
  @NonBlankString(1000)
  reason: string;
}

export class OptionalReasonDto {
  @OptionalNonBlankString(1000)
  reason?: string;
}

export class SuspendDto {
  @ApiProperty({
    enum: SUSPENSION_KINDS,
    description: 'correction: waiting for the applicant (补齐补正); special_procedure: 特别程序',
  })
  @IsIn(SUSPENSION_KINDS)
  kind: SuspensionKind;

  @ApiPropertyOptional({ enum: SPECIAL_PROCEDURES, description: 'Required with special_procedure' })
  @ValidateIf((o: SuspendDto) => o.kind === 'special_procedure')
  @IsIn(SPECIAL_PROCEDURES)
  procedure?: SpecialProcedure;

  @NonBlankString(1000, { example: '组织专家评审' })
  reason: string;

  @ApiProperty({ minimum: 1, maximum: 365, example: 5, description: 'Expected length in working days (the clock resumes only on resume)' })
  @IntInRange(1, 365)
  expectedWorkingDays: number;
}

export class ExtensionRequestDto {
  @ApiProperty({
    minimum: 1,
    example: 10,
    description: 'The law allows at most 10 working days, 15 for a 联办件; more is refused with 409',
  })
  @IntInRange(1, 365)
  workingDays: number;

  @NonBlankString(1000, { example: '需要现场核查，二十日内不能作出决定' })
  reason: string;
}

export class ReportDto {
  @NonBlankString(200, { example: '省住房和城乡建设厅', description: 'The higher authority that decides' })
  reportedTo: string;

  @OptionalNonBlankString(1000)
  reason?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'deny'] })
  @IsIn(['approve', 'deny'])
  decision: 'approve' | 'deny';

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required with deny' })
  @ValidateIf((o: DecisionDto) => o.decision === 'deny' || o.reason !== undefined)
  @NonBlankString(1000)
  reason?: string;

  @ApiPropertyOptional({ enum: REMEDIES, isArray: true, description: 'Required with deny: the remedies named in the decision letter' })
  @ValidateIf((o: DecisionDto) => o.decision === 'deny' || o.remedies !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(REMEDIES, { each: true })
  remedies?: Remedy[];
}

export class CommitmentCheckDto {
  @ApiProperty({ description: 'false: the commitment was found untrue; the approval is revoked and the applicant recorded as 失信' })
  @IsBoolean()
  truthful: boolean;

  @NonBlankString(1000, { example: '现场核查发现经营场所与承诺不符' })
  reason: string;
}

export class CaseEventsQuery {
  @ApiPropertyOptional({ minimum: 0, description: 'Only events with a higher case version' })
  @IsOptional()
  @Type(() => Number)
  @IntInRange(0, INT4_MAX)
  afterVersion?: number;
}
