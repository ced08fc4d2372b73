import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayUnique, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IntInRange } from '../../common/validation/int-in-range';
import { WINDOW_KINDS, WindowKind } from '../domain/window-vocabulary';
import { NonBlankString } from '../../common/validation/non-blank-string';
import { NestedArray } from '../../common/validation/nested-array';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CreateCategoryDto {
  @ApiProperty({ example: 'A', description: 'Ticket prefix letter, unique in the hall' })
  @Matches(/^[A-Z]$/, { message: 'prefix 必须是一个大写字母' })
  prefix: string;
  @NonBlankString(100, { example: '企业开办与市场准入' }) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ description: 'Tickets per local day; absent = no cap' }) @IsOptional() @IntInRange(1, 100000) dailyCap?: number;
  @ApiPropertyOptional({ example: '08:30', description: 'Tickets issued from (hall local time)' })
  @IsOptional()
  @Matches(HHMM)
  issueFrom?: string;
  @ApiPropertyOptional({ example: '16:30', description: 'Tickets issued until (hall local time)' })
  @IsOptional()
  @Matches(HHMM)
  issueUntil?: string;
  @ApiPropertyOptional() @IsOptional() @IntInRange(0, 1000) sortOrder?: number;
  @ApiPropertyOptional({
    default: false,
    description:
      "实名取号: kiosk and phone tickets, and bookings of the category's items, need the resident ID (kept only as a keyed fingerprint)",
  })
  @IsOptional()
  @IsBoolean()
  realName?: boolean;
  @ApiPropertyOptional({
    default: 2,
    minimum: 1,
    maximum: 50,
    description: 'With realName: tickets per person and local day in this category; bookings per person, item and day',
  })
  @IsOptional()
  @IntInRange(1, 50)
  personDailyLimit?: number;
}

export class UpdateCategoryDto extends PartialType(CreateCategoryDto) {}

export class ServedCategoryDto {
  @ApiProperty() @IsUUID() categoryId: string;
  @ApiPropertyOptional({ default: 1, description: 'Relative weight of this category when the window calls next' })
  @IsOptional()
  @IntInRange(1, 100)
  weight?: number;
}

export class CreateWindowDto {
  @ApiProperty({ example: 3 }) @IntInRange(1, 999) number: number;
  @NonBlankString(100, { example: '3号综合窗口' }) name: string;
  @ApiProperty({ enum: WINDOW_KINDS }) @IsIn(WINDOW_KINDS) kind: WindowKind;
  @ApiPropertyOptional({ type: [ServedCategoryDto] })
  @IsOptional()
  @NestedArray(() => ServedCategoryDto, { max: 100 })
  @ArrayUnique((c: ServedCategoryDto) => c.categoryId)
  categories?: ServedCategoryDto[];
}

export class UpdateWindowDto extends PartialType(CreateWindowDto) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
