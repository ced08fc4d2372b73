import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CASE_TYPES, DELIVERY_OPTIONS, ITEM_TYPES, NECESSITIES } from '../domain/catalog-types';
import type { CaseType, DeliveryOption, ItemType, Necessity } from '../domain/catalog-types';
import { LIMIT_UNITS, LimitUnit } from '../../calendar/domain/calendar-types';
import { IntInRange } from '../../common/validation/int-in-range';
import { NonBlankString } from '../../common/validation/non-blank-string';
import { NestedArray } from '../../common/validation/nested-array';

export class TimeLimitDto {
  @ApiProperty({ example: 10 }) @IntInRange(0, 3650) value: number;
  @ApiProperty({ enum: LIMIT_UNITS }) @IsIn(LIMIT_UNITS) unit: LimitUnit;
}

export class MaterialDto {
  @NonBlankString(200, { example: '营业执照申请书' }) name: string;
  @ApiProperty({ enum: NECESSITIES, description: 'required 必要 / optional 非必要 / deferrable 容缺后补' })
  @IsIn(NECESSITIES)
  necessity: Necessity;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IntInRange(0, 99) originals?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IntInRange(0, 99) copies?: number;
  @ApiPropertyOptional({ example: '申请人自备' }) @IsOptional() @IsString() @MaxLength(200) source?: string;
  @ApiPropertyOptional({ description: 'Blank form' }) @IsOptional() @IsString() @MaxLength(500) formUrl?: string;
  @ApiPropertyOptional({ description: 'Filled-in sample' }) @IsOptional() @IsString() @MaxLength(500) sampleUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) notes?: string;
}

export class StepDto {
  @NonBlankString(50, { example: '承办' }) name: string;
  @ApiProperty({ example: 40, description: 'Share of the promised time, percent; the steps of an item add up to 100' })
  @IntInRange(0, 100)
  timeSharePercent: number;
  @ApiPropertyOptional({ description: "Department doing this step when not the item's own (联办件)" })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class FeeDto {
  @NonBlankString(100, { example: '工本费' }) name: string;
  @ApiProperty({ example: 0, description: 'Yuan' }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100_000_000) amount: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) basis?: string;
}

export class CreateServiceItemDto {
  @ApiProperty({ description: 'Owning department (实施主体)' }) @IsUUID() departmentId: string;
  @ApiProperty({ description: 'Window category the item is accepted under' }) @IsUUID() categoryId: string;
  @ApiProperty({ example: '000105002000', description: '基本编码' }) @Matches(/^[0-9A-Za-z-]{4,40}$/) basicCode: string;
  @ApiProperty({ example: '11440300MB2C92019X4000105002000', description: '实施编码, unique in the hall' })
  @Matches(/^[0-9A-Za-z-]{4,60}$/)
  implementationCode: string;
  @NonBlankString(200, { example: '食品经营许可' }) name: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IntInRange(1, 10_000) version?: number;
  @ApiProperty({ enum: ITEM_TYPES }) @IsIn(ITEM_TYPES) itemType: ItemType;
  @ApiProperty({ enum: CASE_TYPES, description: 'instant 即办件 / promised 承诺件 / reported 上报件 / joint 联办件' })
  @IsIn(CASE_TYPES)
  caseType: CaseType;
  @ApiPropertyOptional({ type: TimeLimitDto, nullable: true, description: '法定办结时限; absent when the law sets none' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TimeLimitDto)
  legalLimit?: TimeLimitDto | null;
  @ApiProperty({ type: TimeLimitDto, description: '承诺办结时限, never longer than the legal limit' })
  @ValidateNested()
  @Type(() => TimeLimitDto)
  promisedLimit: TimeLimitDto;
  @ApiPropertyOptional({ description: '马上办' }) @IsOptional() @IsBoolean() flagImmediate?: boolean;
  @ApiPropertyOptional({ description: '网上办' }) @IsOptional() @IsBoolean() flagOnline?: boolean;
  @ApiPropertyOptional({ description: '就近办' }) @IsOptional() @IsBoolean() flagNearby?: boolean;
  @ApiPropertyOptional({ description: '一次办' }) @IsOptional() @IsBoolean() flagOneVisit?: boolean;
  @ApiPropertyOptional({ default: 1, description: '到现场次数' }) @IsOptional() @IntInRange(0, 10) visitsRequired?: number;
  @ApiPropertyOptional({ description: '告知承诺 allowed' }) @IsOptional() @IsBoolean() commitmentAllowed?: boolean;
  @ApiPropertyOptional({ default: false, description: '全程网办: an online application needs no visit at all' })
  @IsOptional()
  @IsBoolean()
  fullyOnline?: boolean;
  @ApiPropertyOptional({ type: [FeeDto] })
  @IsOptional()
  @NestedArray(() => FeeDto, { max: 50 })
  fees?: FeeDto[];
  @ApiPropertyOptional({ description: '设定依据' }) @IsOptional() @IsString() @MaxLength(4000) legalBasis?: string;
  @ApiPropertyOptional({ description: '受理条件' }) @IsOptional() @IsString() @MaxLength(4000) acceptanceConditions?: string;
  @ApiPropertyOptional({ example: '食品经营许可证', description: '审批结果名称' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  resultName?: string;
  @ApiPropertyOptional({ enum: DELIVERY_OPTIONS, isArray: true, default: ['window'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DELIVERY_OPTIONS, { each: true })
  deliveryOptions?: DeliveryOption[];
  @ApiPropertyOptional({ description: 'Appointments can be booked' }) @IsOptional() @IsBoolean() bookable?: boolean;
  @ApiPropertyOptional({
    default: true,
    description:
      'Each approval step of a case by a different approver (承办, 审核 and 批准 by three people); false lets one approver pass several',
  })
  @IsOptional()
  @IsBoolean()
  distinctApprovers?: boolean;
  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IntInRange(5, 240) slotMinutes?: number;
  @ApiPropertyOptional({ example: 40 }) @IsOptional() @IntInRange(1, 10000) dailyQuota?: number;
  @ApiPropertyOptional({ type: [MaterialDto] })
  @IsOptional()
  @NestedArray(() => MaterialDto, { max: 200 })
  materials?: MaterialDto[];
  @ApiPropertyOptional({ type: [StepDto], description: 'Approval steps in order (承办 → 审核 → 批准); default one step 办理 100%' })
  @IsOptional()
  @NestedArray(() => StepDto, { max: 20 })
  steps?: StepDto[];
}

export class UpdateServiceItemDto extends PartialType(CreateServiceItemDto) {
  @ApiPropertyOptional({ description: 'false retires the item from new applications' }) @IsOptional() @IsBoolean() active?: boolean;
}

export class ListItemsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() categoryId?: string;
  @ApiPropertyOptional({ enum: CASE_TYPES }) @IsOptional() @IsIn(CASE_TYPES) caseType?: CaseType;
}
