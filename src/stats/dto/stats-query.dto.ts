import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { IsIsoDate, queryNumber } from '../../calendar/dto/calendar-validators';
import { RATING_CHANNELS, RatingChannel } from '../../evaluation/domain/rating-rules';
import { IntInRange, MAX_OFFSET } from '../../common/validation/int-in-range';
import { OptionalUuidField, UuidField } from '../../common/validation/uuid-field';

/**
 * Query strings of the reports. Each report takes only the filters it can honour (any other
 * parameter is refused by validation); groupBy is checked by the service, which answers an
 * unknown grouping with STATS_GROUPING_INVALID and the groupings the report offers.
 */

export const ON_TIME_GROUPS = ['day', 'week', 'month', 'department', 'item'] as const;
export const CASE_GROUPS = ['day', 'week', 'month', 'department', 'item', 'window', 'clerk'] as const;
export const QUEUE_GROUPS = ['day', 'week', 'month', 'category', 'window', 'clerk', 'hour'] as const;
export const WINDOW_LOAD_GROUPS = ['day', 'week', 'month', 'window', 'clerk'] as const;
export const STAFF_GROUPS = ['clerk', 'window'] as const;
export const RATING_GROUPS = ['day', 'week', 'month', 'window', 'clerk', 'category', 'department', 'item', 'channel'] as const;

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const GROUP_DOC =
  "Without it, one group for the whole selection. day, week (Monday to Sunday) and month are the hall's local ones, keyed by their first day (YYYY-MM-DD).";

export class StatsRangeQuery {
  @UuidField() hallId: string;
  @ApiProperty({ example: '2025-01-01', description: 'First local day of the hall (its time zone), included' }) @IsIsoDate() from: string;
  @ApiProperty({ example: '2025-12-31', description: 'Last local day, included; not before from, and less than 3 years after it' })
  @IsIsoDate()
  to: string;
}

class CaseFilters extends StatsRangeQuery {
  @OptionalUuidField("The item's department (实施主体)") departmentId?: string;
  @OptionalUuidField() itemId?: string;
  @OptionalUuidField('The window that received the case') windowId?: string;
  @OptionalUuidField('The clerk who received the case') clerkId?: string;
}

export class OnTimeQuery extends CaseFilters {
  @ApiPropertyOptional({ enum: ON_TIME_GROUPS, description: GROUP_DOC }) @IsOptional() @IsString() groupBy?: string;
}

export class CasesQuery extends CaseFilters {
  @ApiPropertyOptional({ enum: CASE_GROUPS, description: GROUP_DOC }) @IsOptional() @IsString() groupBy?: string;
}

export class QueueQuery extends StatsRangeQuery {
  @ApiPropertyOptional({ enum: QUEUE_GROUPS, description: `${GROUP_DOC} hour: the local hour of issue.` })
  @IsOptional()
  @IsString()
  groupBy?: string;
  @OptionalUuidField('The category the ticket was issued in')
  categoryId?: string;
  @OptionalUuidField('The window that holds (or served) the ticket')
  windowId?: string;
  @OptionalUuidField('The clerk who called (or served) the ticket')
  clerkId?: string;
}

export class WindowLoadQuery extends StatsRangeQuery {
  @ApiPropertyOptional({ enum: WINDOW_LOAD_GROUPS, description: GROUP_DOC }) @IsOptional() @IsString() groupBy?: string;
  @OptionalUuidField() windowId?: string;
  @OptionalUuidField('The clerk at the window') clerkId?: string;
}

export class StaffQuery extends StatsRangeQuery {
  @ApiProperty({ enum: STAFF_GROUPS, description: 'Per clerk or per window' }) @IsIn(STAFF_GROUPS) groupBy: (typeof STAFF_GROUPS)[number];
}

export class RatingsReportQuery extends StatsRangeQuery {
  @ApiPropertyOptional({ enum: RATING_GROUPS, description: GROUP_DOC }) @IsOptional() @IsString() groupBy?: string;
  @ApiPropertyOptional({ enum: RATING_CHANNELS, description: 'visit 一次一评, case 一事一评' })
  @IsOptional()
  @IsIn(RATING_CHANNELS)
  channel?: RatingChannel;
  @OptionalUuidField() windowId?: string;
  @OptionalUuidField() clerkId?: string;
  @OptionalUuidField() categoryId?: string;
  @OptionalUuidField() departmentId?: string;
  @OptionalUuidField() itemId?: string;
}

export class OverdueQuery {
  @UuidField() hallId: string;
  @OptionalUuidField("The item's department (实施主体)") departmentId?: string;
  @OptionalUuidField() itemId?: string;
  @OptionalUuidField('The window that received the case') windowId?: string;
  @OptionalUuidField('The clerk who received the case') clerkId?: string;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Transform(queryNumber) @IntInRange(1, 500) limit?: number;
  @ApiPropertyOptional({ default: 0, minimum: 0 }) @IsOptional() @Transform(queryNumber) @IntInRange(0, MAX_OFFSET) offset?: number;
}

export class ExportFormatQuery {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'csv',
    description: 'csv: UTF-8 with a byte-order mark, so that Excel shows Chinese; xlsx: an Excel workbook',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class OnTimeExportQuery extends IntersectionType(OnTimeQuery, ExportFormatQuery) {}
export class CasesExportQuery extends IntersectionType(CasesQuery, ExportFormatQuery) {}
export class QueueExportQuery extends IntersectionType(QueueQuery, ExportFormatQuery) {}
export class WindowLoadExportQuery extends IntersectionType(WindowLoadQuery, ExportFormatQuery) {}
export class RatingsExportQuery extends IntersectionType(RatingsReportQuery, ExportFormatQuery) {}
export class StaffExportQuery extends IntersectionType(StaffQuery, ExportFormatQuery) {}
export class OverdueExportQuery extends IntersectionType(OmitType(OverdueQuery, ['limit', 'offset'] as const), ExportFormatQuery) {}

/** The online channel's and the notices' measures of a period, as a file. */
export class OnlineExportQuery extends IntersectionType(StatsRangeQuery, ExportFormatQuery) {}

export class RebuildQuery {
  @OptionalUuidField('Only this hall; without it, every hall') hallId?: string;
}
