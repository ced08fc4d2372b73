import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';

/**
 * An array of at most `max` (and at least `min`) objects, each checked as the class `type` gives:
 * every list a client sends is bounded, or one request can make the server validate a million rows.
 * `type` is a thunk because the element class may be declared further down the file. Listed
 * bottom-up like the decorator stack it replaces, so a bad value's messages keep their order.
 */
export function NestedArray(type: () => new () => object, { min, max }: { min?: number; max: number }): PropertyDecorator {
  return applyDecorators(
    Type(type),
    ValidateNested({ each: true }),
    ArrayMaxSize(max),
    ...(min === undefined ? [] : [ArrayMinSize(min)]),
    IsArray(),
  );
}
