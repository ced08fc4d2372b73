import { ValidateBy, ValidationOptions } from 'class-validator';
import { isIsoDate, parseIsoInstant } from '../../common/time/iso-time';

/** A real calendar date, YYYY-MM-DD: 2025-02-30 is refused, not rolled over into March. */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value) => typeof value === 'string' && isIsoDate(value),
        defaultMessage: (args) => `${args?.property} 必须是真实存在的日期，格式 YYYY-MM-DD`,
      },
    },
    options,
  );
}

/** An ISO 8601 instant with its offset (2025-09-26T16:00+08:00), and a real one. */
export function IsIsoInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoInstant',
      validator: {
        validate: (value) => typeof value === 'string' && parseIsoInstant(value) !== null,
        defaultMessage: (args) => `${args?.property} 必须是带时区的 ISO 8601 时刻，例如 2025-09-26T16:00+08:00`,
      },
    },
    options,
  );
}

/** Transform for query parameters: an empty or repeated one must fail validation rather than become 0 or NaN. */
export const queryNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
