import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDate } from '../../calendar/dto/calendar-validators';
import { NOTICE_CHANNELS, NOTICE_KIND_NAMES, NOTICE_STATUSES } from '../domain/notice-kinds';
import { UuidField } from '../../common/validation/uuid-field';

export class NoticeMeasuresQuery {
  @UuidField() hallId: string;
  @ApiProperty({ example: '2026-12-01', description: 'First local day of the hall, included' }) @IsIsoDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last local day, included; not before from, at most 366 days after it' })
  @IsIsoDate()
  to: string;
}

export class NoticeMeasureGroupDto {
  @ApiProperty({ description: 'all, a channel (page, sms), or a local day YYYY-MM-DD' }) key: string;
  @ApiProperty({ description: 'Taken by the channel' }) delivered: number;
  @ApiProperty({ description: 'Given up (dead)' }) failed: number;
  @ApiProperty({ description: 'Delivered after more than one attempt' }) retried: number;
  @ApiProperty({ type: Number, nullable: true, description: 'delivered ÷ (delivered + failed); null when both are 0' }) deliveryRate:
    number | null;
}

export class NoticeChannelMeasuresDto extends NoticeMeasureGroupDto {
  @ApiProperty({ type: [NoticeMeasureGroupDto], description: 'Per local day, oldest first; days without a settled notice are left out' })
  days: NoticeMeasureGroupDto[];
}

export class NoticeOutstandingDto {
  @ApiProperty({ enum: NOTICE_CHANNELS }) channel: string;
  @ApiProperty({ description: 'Pending, or failed and waiting for a retry, now' }) count: number;
}

export class NoticeMeasuresDto {
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: NoticeMeasureGroupDto }) total: NoticeMeasureGroupDto;
  @ApiProperty({ type: [NoticeChannelMeasuresDto] }) channels: NoticeChannelMeasuresDto[];
  @ApiProperty({ type: [NoticeOutstandingDto] }) outstanding: NoticeOutstandingDto[];
}

export class CaseNoticeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTICE_KIND_NAMES }) kind: string;
  @ApiProperty({ enum: NOTICE_CHANNELS }) channel: string;
  @ApiProperty({ example: '138****5678', description: "The page's room, or the masked phone" }) recipient: string;
  @ApiProperty({ description: 'The text as sent (or as it will be)' }) text: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) sentAt: Date | null;
}
