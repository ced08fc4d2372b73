import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

const schema = (description?: string) => (description === undefined ? { format: 'uuid' } : { format: 'uuid', description });

/**
 * The id of a row (hall, item, window…): checked as a UUID and documented as one. Listed bottom-up
 * like the decorator stack it replaces, so the metadata keeps its order.
 */
export function UuidField(description?: string): PropertyDecorator {
  return applyDecorators(IsUUID(), ApiProperty(schema(description)));
}

/** The same, or left out. */
export function OptionalUuidField(description?: string): PropertyDecorator {
  return applyDecorators(IsUUID(), IsOptional(), ApiPropertyOptional(schema(description)));
}
