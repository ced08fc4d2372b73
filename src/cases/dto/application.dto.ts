import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { trimmed } from '../../calendar/dto/calendar-validators';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { DELIVERY_OPTIONS, DeliveryOption } from '../../catalog/domain/catalog-types';
import { ACCEPTANCE_OPTIONS, AcceptanceOption } from '../domain/material-check';
import { APPLICANT_KINDS, ApplicantKind } from '../domain/case-vocabulary';
import { NonBlankString, OptionalNonBlankString } from '../../common/validation/non-blank-string';
import { NestedArray } from '../../common/validation/nested-array';
import { OptionalUuidField, UuidField } from '../../common/validation/uuid-field';

export class ApplicantDto {
  @ApiProperty({ enum: APPLICANT_KINDS, description: 'person: 居民身份证; organisation: 统一社会信用代码' })
  @IsIn(APPLICANT_KINDS)
  kind: ApplicantKind;

  @ApiProperty({ maxLength: 100, example: '张三', description: "The person's or the organisation's name (trimmed; blank is refused)" })
  @Transform(trimmed)
  @NonBlankString(100)
  name: string;

  @NonBlankString(30, {
    example: '11010519491231002X',
    description: 'Resident ID (GB 11643) or unified social credit code (GB 32100), check character verified',
  })
  idNumber: string;

  @ApiPropertyOptional({ maxLength: 100, example: '李四', description: 'Who handles the application for an organisation (经办人)' })
  @IsOptional()
  @Transform(trimmed)
  @NonBlankString(100)
  contactName?: string;

  @ApiPropertyOptional({
    example: '13812345678',
    description:
      'Only when the applicant gives one: mobile or landline, digits with an optional leading + and dashes. A mainland mobile gets the notices by SMS when the SMS gateway is configured; shown masked everywhere',
  })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9-]{5,19}$/)
  contactPhone?: string;
}

export class MaterialCheckDto {
  @NonBlankString(200, { example: '食品经营许可申请书', description: 'A material of the item, by its name in the catalogue' })
  name: string;

  @ApiProperty({
    description:
      'The clerk found it complete and correct; a material left out of the list counts as missing. A material with files (fileIds, or files the case already has) counts as provided; true without a file is refused (400 MATERIAL_NOT_ATTACHED) but for a 容缺 (deferrable) material',
  })
  @IsBoolean()
  provided: boolean;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 50,
    description: "Files this clerk uploaded for it (POST /api/halls/{hallId}/uploads): they become the case's files of this material",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  fileIds?: string[];

  @OptionalNonBlankString(60, {
    example: 'BDC-DZZZ-2026-000001',
    description:
      '免证办: the number of an electronic certificate this hall issued to the same applicant (recorded at electronic delivery), which satisfies the material instead of a file (400 CERTIFICATE_NOT_FOUND, 409 CERTIFICATE_OF_OTHER_APPLICANT)',
  })
  certificateNumber?: string;

  @ApiPropertyOptional({
    example: '2026-03-06T17:30:00+08:00',
    description: 'For a missing 容缺 (deferrable) material: when it is due; no later than the promised deadline, which is the default',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string;
}

export class ApplicationItemDto {
  @UuidField()
  itemId: string;

  @ApiProperty({ type: [MaterialCheckDto], description: 'The material checklist of the item' })
  @NestedArray(() => MaterialCheckDto, { max: 100 })
  materials: MaterialCheckDto[];

  @ApiProperty({
    enum: ACCEPTANCE_OPTIONS,
    description:
      'accept (with 容缺 obligations for missing deferrable materials), accept_on_commitment (告知承诺, approved at once), ' +
      'request_correction (一次性告知 listing every missing material; the clock does not start), refuse (不予受理, reason required)',
  })
  @IsIn(ACCEPTANCE_OPTIONS)
  decision: AcceptanceOption;

  @OptionalNonBlankString(1000, { description: 'Required with refuse: printed on the 不予受理通知书' })
  reason?: string;

  @ApiPropertyOptional({
    enum: DELIVERY_OPTIONS,
    default: 'window',
    description: 'How the applicant wants the result; one the item offers',
  })
  @IsOptional()
  @IsIn(DELIVERY_OPTIONS)
  delivery?: DeliveryOption;
}

export class CreateApplicationDto {
  @OptionalUuidField('The ticket this clerk is serving; absent for a walk-in without a ticket')
  ticketId?: string;

  @ApiProperty({ type: ApplicantDto })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @OptionalNonBlankString(100, {
    example: '开办餐饮店一件事',
    description: 'Name of the 一件事 when several items are applied for together',
  })
  bundleName?: string;

  @ApiProperty({ type: [ApplicationItemDto], description: 'One case per item; two or more make a bundle (一件事) worked in parallel' })
  @NestedArray(() => ApplicationItemDto, { min: 1, max: 20 })
  items: ApplicationItemDto[];
}

/** After a 一次性告知: the applicant is back with the materials (or still without some). */
export class ResubmissionDto {
  @OptionalUuidField('The ticket of this visit, which this clerk is serving')
  ticketId?: string;

  @ApiProperty({ type: [MaterialCheckDto] })
  @NestedArray(() => MaterialCheckDto, { max: 100 })
  materials: MaterialCheckDto[];

  @ApiProperty({ enum: ACCEPTANCE_OPTIONS })
  @IsIn(ACCEPTANCE_OPTIONS)
  decision: AcceptanceOption;

  @OptionalNonBlankString(1000, { description: 'Required with refuse' })
  reason?: string;

  @ApiPropertyOptional({ enum: DELIVERY_OPTIONS })
  @IsOptional()
  @IsIn(DELIVERY_OPTIONS)
  delivery?: DeliveryOption;
}

export class MaterialAssessmentRequestDto {
  @ApiProperty({ type: [MaterialCheckDto] })
  @NestedArray(() => MaterialCheckDto, { max: 100 })
  materials: MaterialCheckDto[];

  @ApiPropertyOptional({ enum: APPLICANT_KINDS, description: 'With idNumber: also checks the 失信 list' })
  @IsOptional()
  @IsIn(APPLICANT_KINDS)
  applicantKind?: ApplicantKind;

  @OptionalNonBlankString(30, { example: '11010519491231002X' })
  idNumber?: string;
}

export class WithdrawDto {
  @ApiProperty({
    maxLength: 1000,
    example: '申请人书面申请撤回',
    description: 'Why the applicant withdraws (from the written withdrawal); required',
  })
  @Transform(trimmed)
  @NonBlankString(1000)
  reason: string;
}

/** 只跑一次: the applicant of a pre-examined online case came with the originals. */
export class OriginalsSightedDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The ticket of this visit (from the booking checked in, or drawn), which this clerk is serving',
  })
  @IsOptional()
  @IsUUID()
  ticketId?: string;
}

export class CaseNumberQuery {
  @NonBlankString(40, {
    example: 'DEMO-20260302-0001',
    description: 'The case number the applicant gives (printed on their notices and on /case)',
  })
  no: string;
}
