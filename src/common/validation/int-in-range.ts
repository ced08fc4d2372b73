import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** The largest value of a PostgreSQL `integer` (int4) column, and of a `limit`/`offset` it can be compared with. */
export const INT4_MAX = 2_147_483_647;

/** The furthest a list can be paged: past it, nobody is reading page by page. */
export const MAX_OFFSET = 1_000_000;

/**
 * An integer field with both bounds, for every integer a client sends: an unbounded @IsInt()
 * passes 1e20 (Number.isInteger says yes), which PostgreSQL refuses as out of range for its
 * column, a 500. The bounds also go into the OpenAPI schema (an @ApiProperty beside this one keeps
 * its other options).
 */
export function IntInRange(min: number, max: number): PropertyDecorator {
  if (!(min <= max && max <= INT4_MAX && min >= -INT4_MAX - 1)) throw new Error(`IntInRange(${min}, ${max}): outside a PostgreSQL integer`);
  return applyDecorators(IsInt(), Min(min), Max(max), ApiProperty({ type: 'integer', minimum: min, maximum: max }));
}
