import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoInstant, queryNumber, trimmed } from '../../calendar/dto/calendar-validators';
import { TICKET_STATUSES, TicketStatus } from '../../queue/domain/ticket-state-machine';
import { RECTIFICATION_STATUSES, RectificationStatus } from '../domain/rectification-state-machine';
import { CASE_STATUSES, CaseStatus } from '../../cases/domain/case-state-machine';
import { COMMENT_MAX_LENGTH, POOR_REASONS, PoorReason, RATING_CHANNELS, RatingChannel, SCORES } from '../domain/rating-rules';
import { IntInRange, MAX_OFFSET } from '../../common/validation/int-in-range';
import { NonBlankString } from '../../common/validation/non-blank-string';
import { OptionalUuidField } from '../../common/validation/uuid-field';

const SCORE_DOC = '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意';

export class RateVisitDto {
  @ApiProperty({ enum: SCORES, example: 5, description: SCORE_DOC }) @IntInRange(1, 5) score: number;
  @ApiPropertyOptional({
    maxLength: COMMENT_MAX_LENGTH,
    example: '窗口工作人员很耐心',
    description: 'Phone and ID numbers in it are masked before it is stored',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(COMMENT_MAX_LENGTH)
  comment?: string;
  @ApiPropertyOptional({ enum: POOR_REASONS, isArray: true, description: 'Only with a score of 1 or 2' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(POOR_REASONS.length)
  @ArrayUnique()
  @IsIn(POOR_REASONS, { each: true })
  reasons?: PoorReason[];
}

/** The citizen's proof of owning a case: its number and the query code (查询码) printed on the 受理通知书. */
export class CaseKeyQuery {
  @ApiProperty({ example: 'DEMO-20260302-0001' }) @Transform(trimmed) @NonBlankString(40) caseNumber: string;
  @ApiProperty({ example: 'K7Q2M9XA' }) @Transform(trimmed) @NonBlankString(20) queryCode: string;
}

export class RateCaseDto extends RateVisitDto {
  @ApiProperty({ example: 'DEMO-20260302-0001' }) @Transform(trimmed) @NonBlankString(40) caseNumber: string;
  @ApiProperty({ example: 'K7Q2M9XA', description: 'The query code (查询码) printed on the 受理通知书' })
  @Transform(trimmed)
  @NonBlankString(20)
  queryCode: string;
}

export class RatingReceiptDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SCORES }) score: number;
  @ApiProperty({ example: '非常满意' }) level: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ enum: POOR_REASONS, isArray: true }) reasons: string[];
  @ApiProperty() ratedAt: Date;
}

export class VisitRatingDto {
  @ApiProperty({ example: 'A001' }) ticketNumber: string;
  @ApiProperty({ enum: TICKET_STATUSES }) ticketStatus: TicketStatus;
  @ApiProperty({ description: 'The visit is finished and not rated yet' }) ratable: boolean;
  @ApiProperty({ nullable: true, type: RatingReceiptDto }) rating: RatingReceiptDto | null;
}

export class CaseRatingDto {
  @ApiProperty({ example: 'DEMO-20260302-0001' }) caseNumber: string;
  @ApiProperty({ enum: CASE_STATUSES }) caseStatus: CaseStatus;
  @ApiProperty({ description: 'The case is concluded (or not accepted) and not rated yet' }) ratable: boolean;
  @ApiProperty({ nullable: true, type: RatingReceiptDto }) rating: RatingReceiptDto | null;
}

export class RatingsQuery {
  @ApiPropertyOptional({ enum: RATING_CHANNELS, description: 'visit 一次一评 (at a window), case 一事一评 (online)' })
  @IsOptional()
  @IsIn(RATING_CHANNELS)
  channel?: RatingChannel;
  @ApiPropertyOptional({ example: '2026-03-01T00:00+08:00', description: 'Rated at or after this instant' })
  @IsOptional()
  @IsIsoInstant()
  from?: string;
  @ApiPropertyOptional({ example: '2026-04-01T00:00+08:00', description: 'Rated before this instant' })
  @IsOptional()
  @IsIsoInstant()
  to?: string;
  @ApiPropertyOptional({ enum: SCORES, description: 'Only this level in the list; the counts per level ignore it' })
  @IsOptional()
  @Transform(queryNumber)
  @IntInRange(1, 5)
  score?: number;
  @OptionalUuidField() windowId?: string;
  @OptionalUuidField() clerkId?: string;
  @OptionalUuidField() categoryId?: string;
  @OptionalUuidField() departmentId?: string;
  @OptionalUuidField() itemId?: string;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 }) @IsOptional() @Transform(queryNumber) @IntInRange(1, 200) limit?: number;
  @ApiPropertyOptional({ default: 0, minimum: 0 }) @IsOptional() @Transform(queryNumber) @IntInRange(0, MAX_OFFSET) offset?: number;
}

export class RatingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RATING_CHANNELS }) channel: RatingChannel;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The rated visit (channel visit)' }) ticketId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The rated case (channel case)' }) caseId: string | null;
  @ApiProperty({ example: 'A001', description: 'The ticket number of the visit, or the case number' }) reference: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The window of the visit; null for a case' }) windowId:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The clerk who served the visit; null for a case' })
  clerkId: string | null;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) itemId: string | null;
  @ApiProperty({ enum: SCORES }) score: number;
  @ApiProperty({ example: '不满意' }) level: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ enum: POOR_REASONS, isArray: true }) reasons: string[];
  @ApiProperty() ratedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The rectification task of a 差评' }) rectificationId:
    string | null;
  @ApiProperty({ nullable: true, enum: RECTIFICATION_STATUSES }) rectificationStatus: RectificationStatus | null;
}

export class LevelCountDto {
  @ApiProperty({ enum: SCORES }) score: number;
  @ApiProperty({ example: '非常满意' }) level: string;
  @ApiProperty() count: number;
}

export class RatingMeasuresDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The channel, or the id of the window, clerk, category, department or item grouped by; null for the whole selection or for ratings without one (a visit for no particular item, a case has no window)',
  })
  key: string | null;
  @ApiProperty({ type: [LevelCountDto], description: 'Ratings per level, 5 to 1' }) levels: LevelCountDto[];
  @ApiProperty({ description: 'Ratings' }) total: number;
  @ApiProperty({ description: '好评: ratings of 4 or 5' }) good: number;
  @ApiProperty({ description: '差评: ratings of 1 or 2' }) poor: number;
  @ApiProperty({ nullable: true, type: Number, description: '好评率 = good ÷ total; null without ratings' }) goodRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '差评率 = poor ÷ total; null without ratings' }) poorRate: number | null;
  @ApiProperty({ description: 'Rectification tasks of these ratings' }) tasks: number;
  @ApiProperty({ description: 'Of which closed' }) closedTasks: number;
  @ApiProperty({ nullable: true, type: Number, description: '整改率 = closed tasks ÷ tasks; null without tasks' })
  rectificationRate: number | null;
}

export class RatingListDto {
  @ApiProperty({ type: [RatingDto], description: 'Newest first' }) items: RatingDto[];
  @ApiProperty({ description: 'Ratings matching every filter, score included' }) total: number;
  @ApiProperty({ type: RatingMeasuresDto, description: 'Counts per level and the rates under every filter but score' })
  measures: RatingMeasuresDto;
}
