import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DELIVERY_OPTIONS, DeliveryOption } from '../../catalog/domain/catalog-types';
import { LIMIT_UNITS } from '../../calendar/domain/calendar-types';
import { IsNotBlank } from '../../common/validation/not-blank';
import { ApplicantDto } from './application.dto';
import { StagedFileDto } from './case-file.dto';
import { CaseLookupQuery } from './pickup.dto';
import { CASE_TYPES, NECESSITIES } from '../../catalog/domain/catalog-types';
import { CASE_CHANNELS, PRE_EXAMINATION_DECISIONS } from '../domain/case-vocabulary';
import { NonBlankString, OptionalNonBlankString } from '../../common/validation/non-blank-string';
import { NestedArray } from '../../common/validation/nested-array';
import { OptionalUuidField, UuidField } from '../../common/validation/uuid-field';

export class OnlineCatalogueQuery {
  @ApiPropertyOptional({ maxLength: 100, description: "Part of the item's name or of its code (basic or implementation code)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class OnlineDraftQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The draft the file belongs to; omitted for the first file, whose answer names a new draft',
  })
  @IsOptional()
  @IsUUID()
  draft?: string;
}

export class OnlineMaterialDto {
  @ApiProperty() name: string;
  @ApiProperty({ enum: NECESSITIES }) necessity: string;
  @ApiProperty({ description: 'Originals to show at the window (for an item not 全程网办)' }) originals: number;
  @ApiProperty() copies: number;
  @ApiProperty({ nullable: true, type: String }) source: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
}

export class OnlineFeeDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Yuan' }) amount: number;
  @ApiPropertyOptional() basis?: string;
}

export class OnlineLimitDto {
  @ApiProperty() value: number;
  @ApiProperty({ enum: LIMIT_UNITS }) unit: string;
}

/** An item's 一次性告知 as a citizen reads it before applying. */
export class OnlineItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() implementationCode: string;
  @ApiProperty() basicCode: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType: string;
  @ApiProperty({ type: OnlineLimitDto, description: '承诺时限' }) promisedLimit: OnlineLimitDto;
  @ApiProperty({ type: OnlineLimitDto, nullable: true, description: '法定时限' }) legalLimit: OnlineLimitDto | null;
  @ApiProperty({ type: [OnlineMaterialDto] }) materials: OnlineMaterialDto[];
  @ApiProperty({ type: [OnlineFeeDto] }) fees: OnlineFeeDto[];
  @ApiProperty({ enum: DELIVERY_OPTIONS, isArray: true, description: 'Where the result may be delivered' })
  deliveryOptions: DeliveryOption[];
  @ApiProperty({ description: '告知承诺 may be chosen' }) commitmentAllowed: boolean;
  @ApiProperty({ description: '全程网办: no visit at all' }) fullyOnline: boolean;
  @ApiProperty({ description: 'Visits the item needs when not applied for online' }) visitsRequired: number;
  @ApiProperty({ nullable: true, type: String }) acceptanceConditions: string | null;
  @ApiProperty({ nullable: true, type: String }) resultName: string | null;
  @ApiProperty({ nullable: true, type: String }) legalBasis: string | null;
}

export class OnlineStagedFileDto extends StagedFileDto {
  @ApiProperty({ format: 'uuid', description: 'The draft: send it with the next files and with the application' }) draftToken: string;
}

export class OnlineMaterialFilesDto {
  @NonBlankString(200, { description: 'A material of the item, by its name in the catalogue' })
  name: string;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: 50, description: 'Files of the draft for this material' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  fileIds: string[];
}

export class OnlineApplicationDto {
  @UuidField() itemId: string;

  @UuidField('The draft the files were uploaded to') draftToken: string;

  @ApiProperty({ type: ApplicantDto }) @ValidateNested() @Type(() => ApplicantDto) applicant: ApplicantDto;

  @ApiProperty({ type: [OnlineMaterialFilesDto], maxItems: 50, description: 'Every required material needs at least one file' })
  @NestedArray(() => OnlineMaterialFilesDto, { max: 50 })
  materials: OnlineMaterialFilesDto[];

  @ApiPropertyOptional({ description: 'Apply under 告知承诺 (only where the item allows it)' })
  @IsOptional()
  @IsBoolean()
  commitment?: boolean;

  @ApiPropertyOptional({ description: 'The applicant accepts the written commitment; required when commitment is chosen' })
  @IsOptional()
  @IsBoolean()
  commitmentAccepted?: boolean;

  @ApiPropertyOptional({ enum: DELIVERY_OPTIONS, description: "Where the result goes; one of the item's options (default: the window)" })
  @IsOptional()
  @IsIn(DELIVERY_OPTIONS)
  delivery?: DeliveryOption;
}

export class OnlineApplicationResultDto {
  @ApiProperty() caseNumber: string;
  @ApiProperty({ description: 'With the case number, the key to the case on /case' }) queryCode: string;
  @ApiProperty({ enum: ['received'] }) status: string;
  @ApiProperty({ description: '/case?no=…&code=…' }) caseUrl: string;
}

export class PreExaminationDto {
  @ApiProperty({
    enum: PRE_EXAMINATION_DECISIONS,
    description: 'pass → accepted (the clock starts); correct → 补正 (correction_requested); refuse → 不予受理',
  })
  @IsIn(PRE_EXAMINATION_DECISIONS)
  decision: (typeof PRE_EXAMINATION_DECISIONS)[number];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    description: 'With correct: every material that is wrong or missing, with what is wrong (一次性告知)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(300, { each: true })
  missingMaterials?: string[];

  @OptionalNonBlankString(1000, { description: 'With refuse: the reason the applicant is told' })
  reason?: string;
}

export class PreExaminationEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ description: 'Masked' }) applicantName: string;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ description: 'When it joined the list (received, or resubmitted after 补正)' }) waitingSince: Date;
  @ApiProperty({ description: 'Minutes waited since then' }) waitedMinutes: number;
  @ApiProperty({ description: 'Times it was sent back for 补正 before' }) corrections: number;
}

export class OnlineResubmissionDto extends CaseLookupQuery {
  @OptionalUuidField('The file this one corrects (its next version)')
  replaces?: string;
}

export class OnlineMeasuresQuery {
  @ApiProperty({ example: '2026-03-01', description: 'First local day (cases received from it)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from: string;
  @ApiProperty({ example: '2026-03-31', description: 'Last local day, inclusive' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) to: string;
}

class VisitCountsDto {
  @ApiProperty({ description: 'Accepted cases that needed no visit (全程网办)' }) none: number;
  @ApiProperty() one: number;
  @ApiProperty() more: number;
}

export class OnlineMeasuresDto {
  @ApiProperty() cases: number;
  @ApiProperty() onlineCases: number;
  @ApiProperty({ nullable: true, type: Number, description: '网办率: online cases ÷ all cases' }) onlineRate: number | null;
  @ApiProperty() preExaminations: number;
  @ApiProperty({ nullable: true, type: Number, description: '预审通过率: passes ÷ 预审 decisions (pass, 补正, 不予受理)' })
  preExamPassRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Median minutes from joining the 预审 list to the decision' })
  preExamMedianMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) preExamMaxMinutes: number | null;
  @ApiProperty({ type: VisitCountsDto, description: '跑动次数 of the accepted cases' }) visits: VisitCountsDto;
  @ApiProperty({ nullable: true, type: Number, description: '免证 share (免证办 not built yet: 0 of 0 → null)' }) certificateShare:
    number | null;
}

class OriginalDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Originals to show' }) originals: number;
}

/** 只跑一次: what a passed online case still needs at the hall. */
export class OnlineVisitAdviceDto {
  @ApiProperty({ enum: CASE_CHANNELS }) channel: string;
  @ApiProperty({ description: 'Passed 预审 (accepted or later)' }) passed: boolean;
  @ApiProperty({ description: 'One visit is still needed: passed, and the item is not 全程网办' }) needsVisit: boolean;
  @ApiProperty({ type: [OriginalDto], description: 'The originals to bring to that visit' }) originals: OriginalDto[];
  @ApiProperty({ description: 'The originals were sighted at the window: the visit is done' }) originalsSighted: boolean;
  @ApiProperty({ description: 'The visit can be booked: POST /api/halls/{hallId}/appointments with this itemId' }) bookable: boolean;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
}
