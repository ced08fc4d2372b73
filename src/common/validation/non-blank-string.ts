import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNotBlank } from './not-blank';

/** What the OpenAPI document says of the field besides its length (example, description). */
type Doc = Omit<ApiPropertyOptions, 'maxLength'>;

/**
 * A string with something in it besides white space, at most `max` characters: the free-text
 * fields (names, reasons, numbers typed by hand), documented with that length. The checks are listed
 * bottom-up like the decorator stack they replace, so a value failing several reports them in the same order as before.
 */
export function NonBlankString(max: number, doc: Doc = {}): PropertyDecorator {
  return applyDecorators(ApiProperty({ maxLength: max, ...doc } as ApiPropertyOptions), MaxLength(max), IsNotBlank(), IsString());
}

/** The same, or left out. */
export function OptionalNonBlankString(max: number, doc: Doc = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ maxLength: max, ...doc } as ApiPropertyOptions),
    MaxLength(max),
    IsNotBlank(),
    IsString(),
    IsOptional(),
  );
}
