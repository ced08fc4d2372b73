import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** Marks a write route whose retries with the same Idempotency-Key return the first result. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: '8–100 characters [A-Za-z0-9._:-]; a replay with the same key and body returns the first result and changes nothing',
    }),
  );
