import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoInstant, queryNumber, trimmed } from '../../calendar/dto/calendar-validators';
import {
  DUE_STEPS,
  DueStep,
  RECTIFICATION_MOVES,
  RECTIFICATION_STATUSES,
  RectificationMove,
  RectificationStatus,
} from '../domain/rectification-state-machine';
import { POOR_REASONS, RATING_CHANNELS, RatingChannel, SCORES } from '../domain/rating-rules';
import { IntInRange, MAX_OFFSET } from '../../common/validation/int-in-range';
import { NonBlankString } from '../../common/validation/non-blank-string';

export const CONTACT_METHODS = ['phone', 'sms', 'on_site', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

/** 'true' and 'false' only: anything else must fail validation rather than read as false. */
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class RectificationsQuery {
  @ApiPropertyOptional({ enum: RECTIFICATION_STATUSES }) @IsOptional() @IsIn(RECTIFICATION_STATUSES) status?: RectificationStatus;
  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only tasks with a step past its due time and not done; false: only the others',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 }) @IsOptional() @Transform(queryNumber) @IntInRange(1, 200) limit?: number;
  @ApiPropertyOptional({ default: 0, minimum: 0 }) @IsOptional() @Transform(queryNumber) @IntInRange(0, MAX_OFFSET) offset?: number;
}

export class ContactDto {
  @ApiPropertyOptional({
    example: '2025-10-09T10:30+08:00',
    description: 'When the citizen was reached; now when omitted. Not before the 差评, not in the future',
  })
  @IsOptional()
  @IsIsoInstant()
  contactedAt?: string;
  @ApiProperty({ enum: CONTACT_METHODS, description: 'phone 电话, sms 短信, on_site 当面, other 其他' })
  @IsIn(CONTACT_METHODS)
  method: ContactMethod;
  @ApiPropertyOptional({ maxLength: 500, description: 'Phone and ID numbers in it are masked before it is stored' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ReplyDto {
  @ApiProperty({
    maxLength: 1000,
    example: '已对窗口人员进行服务规范培训，并向群众致歉',
    description: 'What was rectified and what the citizen was told',
  })
  @Transform(trimmed)
  @NonBlankString(1000)
  outcome: string;
  @ApiProperty({ description: 'Whether the citizen is satisfied with the rectification (回访满意)' })
  @IsBoolean()
  citizenSatisfied: boolean;
}

export class CloseDto {
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @Transform(trimmed) @IsString() @MaxLength(500) note?: string;
}

export class RectificationRatingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RATING_CHANNELS }) channel: RatingChannel;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ticketId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) caseId: string | null;
  @ApiProperty({ example: 'A001', description: 'The ticket number of the visit, or the case number' }) reference: string;
  @ApiProperty({ enum: SCORES }) score: number;
  @ApiProperty({ example: '不满意' }) level: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ enum: POOR_REASONS, isArray: true }) reasons: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) windowId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clerkId: string | null;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) itemId: string | null;
  @ApiProperty() ratedAt: Date;
}

export class RectificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ enum: RECTIFICATION_STATUSES }) status: RectificationStatus;
  @ApiProperty({ type: RectificationRatingDto }) rating: RectificationRatingDto;
  @ApiProperty() openedAt: Date;
  @ApiProperty({ description: "Contact the citizen by then (the hall's rectifyContactWorkingDays, default 1 working day)" })
  contactDueAt: Date;
  @ApiProperty({ description: 'Rectify and reply by then (rectifyReplyWorkingDays, default 5 working days)' }) replyDueAt: Date;
  @ApiProperty({ description: 'A step is past its due time and not done' }) overdue: boolean;
  @ApiProperty({ enum: DUE_STEPS, isArray: true, description: 'The steps overdue now' }) overdueSteps: DueStep[];
  @ApiProperty({ enum: DUE_STEPS, isArray: true, description: 'The steps done after their due time' }) lateSteps: DueStep[];
  @ApiProperty({ enum: RECTIFICATION_MOVES, isArray: true }) allowedMoves: RectificationMove[];
  @ApiProperty({ nullable: true, type: Date }) contactedAt: Date | null;
  @ApiProperty({ nullable: true, enum: CONTACT_METHODS }) contactMethod: ContactMethod | null;
  @ApiProperty({ nullable: true, type: String }) contactNote: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) contactedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) repliedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) replyOutcome: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) citizenSatisfied: boolean | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) repliedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) closeNote: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) closedBy: string | null;
}

export class RectificationEventDto {
  @ApiProperty({ description: 'bigint as a string, in the order written' }) id: string;
  @ApiProperty({ enum: ['open', ...RECTIFICATION_MOVES] }) move: string;
  @ApiProperty({ nullable: true, enum: RECTIFICATION_STATUSES }) fromStatus: RectificationStatus | null;
  @ApiProperty({ enum: RECTIFICATION_STATUSES }) toStatus: RectificationStatus;
  @ApiProperty({ enum: ['citizen', 'user'], description: 'citizen: the 差评 that opened the task' }) actorKind: 'citizen' | 'user';
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the step recorded' }) details: Record<string, unknown>;
  @ApiProperty() at: Date;
}

export class RectificationWithEventsDto extends RectificationDto {
  @ApiProperty({ type: [RectificationEventDto], description: 'Every change, oldest first' }) events: RectificationEventDto[];
}

export class RectificationListDto {
  @ApiProperty({ type: [RectificationDto], description: 'Newest first' }) items: RectificationDto[];
  @ApiProperty({ description: 'Tasks matching the filters' }) total: number;
}
