import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { NonBlankString } from '../../common/validation/non-blank-string';
import { OptionalUuidField } from '../../common/validation/uuid-field';

/** Appointment tickets come from check-in (POST /api/halls/{hallId}/appointments/check-in), not from here. */
export const ISSUE_SOURCES = ['kiosk', 'phone', 'walk_in'] as const;
export type IssueSource = (typeof ISSUE_SOURCES)[number];

export class IssueTicketDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Window category (综合窗口类别) to queue in; required unless itemId is given' })
  @ValidateIf((o: IssueTicketDto) => o.itemId === undefined)
  @IsUUID()
  categoryId?: string;

  @OptionalUuidField('Service item the citizen came for; the ticket queues in its category')
  itemId?: string;

  @ApiProperty({
    enum: ISSUE_SOURCES,
    description: 'kiosk: a kiosk device token; phone: anonymous, rate-limited per client address; walk_in: a clerk at the desk',
  })
  @IsIn(ISSUE_SOURCES)
  source: IssueSource;

  @ApiPropertyOptional({
    default: false,
    description: 'Green channel (老弱病残孕, veterans…): goes ahead of normal tickets; not from a phone',
  })
  @IsOptional()
  @IsBoolean()
  priority?: boolean;

  @ApiPropertyOptional({ maxLength: 100, example: '老年人', description: 'Why the green channel applies; required with priority' })
  @ValidateIf((o: IssueTicketDto) => o.priority === true)
  @NonBlankString(100)
  priorityReason?: string;

  @ApiPropertyOptional({
    example: '11010519491231002X',
    maxLength: 18,
    description:
      "实名取号: the applicant's resident ID, required at the kiosk and by phone when the category has realName. Only its keyed fingerprint is kept.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  idNumber?: string;
}
