import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A string with something in it besides white space (full-width spaces included): @IsNotEmpty()
 * takes "   ", and a blank name was stored and printed on a notice.
 */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isNotBlank', validator: { validate: (value) => typeof value === 'string' && /\S/u.test(value) } }, options);
}
