import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNotBlank } from './not-blank';

/**
 * A string with something in it besides white space, at most `max` characters: the free-text
 * fields (names, reasons, numbers typed by hand). Listed bottom-up like the decorator stack it
 * replaces, so a value failing several checks reports them in the same order as before.
 */
export function NonBlankString(max: number): PropertyDecorator {
  return applyDecorators(MaxLength(max), IsNotBlank(), IsString());
}

/** The same, or left out. */
export function OptionalNonBlankString(max: number): PropertyDecorator {
  return applyDecorators(NonBlankString(max), IsOptional());
}
