import { applyDecorators, HttpCode, Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiOperationOptions, ApiProduces } from '@nestjs/swagger';

/**
 * Composite decorators for a route's documentation: an operation (its summary, or the options with a
 * description) together with what it answers, so that every route states its success response in
 * one line instead of two or three.
 */
export type Operation = string | ApiOperationOptions;
export type Body = Type | [Type];

const operation = (op: Operation) => ApiOperation(typeof op === 'string' ? { summary: op } : op);

/** 200 with `type` (or `[type]`, a list). A POST that acts on something in place says `action: true` (200, not 201). */
export const Answers = (op: Operation, type: Body, opts: { action?: boolean } = {}) =>
  applyDecorators(...(opts.action ? [HttpCode(200)] : []), operation(op), ApiOkResponse({ type }));

/** 201 with what was created. */
export const Creates = (op: Operation, type: Body) => applyDecorators(operation(op), ApiCreatedResponse({ type }));

/** 204 and no body. */
export const NoContent = (op: Operation, description = 'Done; no body') =>
  applyDecorators(HttpCode(204), operation(op), ApiNoContentResponse({ description }));

/** 200 with a file's bytes in one of `mediaTypes` (CSV, xlsx, PDF…). */
export const Downloads = (op: Operation, mediaTypes: string[], description = "The file's bytes") =>
  applyDecorators(operation(op), ApiProduces(...mediaTypes), ApiOkResponse({ description, schema: { type: 'string', format: 'binary' } }));
