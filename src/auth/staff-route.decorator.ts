import { applyDecorators, Delete, Get, Patch, Post } from '@nestjs/common';
import { Audited } from '../audit/audited.decorator';
import { Answers, type Body, Creates, NoContent, type Operation } from '../common/http/route-decorators';
import { HallScoped } from './hall-scope.decorator';
import type { Role } from './principal';
import { Roles } from './roles.decorator';

/**
 * The staff routes' usual stacks in one line each: the method and path, who may call it and what it answers.
 * A route with more to say (idempotency, other statuses) keeps the separate decorators.
 */

/** GET for `roles`, 200 with `type`. */
export const Reads = (path: string, roles: Role[], op: Operation, type: Body) =>
  applyDecorators(Get(path), Roles(...roles), Answers(op, type));

/** GET in the hall the path's `:hallId` names, for that hall's staff in `roles` (HallScoped). */
export const HallReads = (path: string, roles: Role[], op: Operation, type: Body) =>
  applyDecorators(Get(path), HallScoped(), Roles(...roles), Answers(op, type));

/** POST that acts on one thing in place, for `roles`: 200 with the thing as it is now. */
export const Acts = (path: string, roles: Role[], op: Operation, type: Body) =>
  applyDecorators(Post(path), Roles(...roles), Answers(op, type, { action: true }));

/**
 * The moves of one kind of thing, each a POST `<prefix>/<move>` by `roles` answering `type` as it is now;
 * `errors` are a move's refusals, `commonErrors` unless it says its own.
 */
export const movesOf =
  (prefix: string, roles: Role[], type: Body, commonErrors: string) =>
  (move: string, summary: string, errors = commonErrors) =>
    Acts(`${prefix}/${move}`, roles, { summary, description: errors }, type);

/**
 * The audited writes of one kind of setting or reference data, by `roles`: the audit trail records each as
 * `<kind>.create`, `<kind>.update` or `<kind>.delete` on a `targetType`, the target being what a POST creates
 * or what the path's last parameter names. A path with `:hallId` acts in that hall (HallScoped).
 */
export const auditedWritesOf = (kind: string, roles: Role[], targetType = kind) => {
  const write = (method: (path: string) => MethodDecorator, verb: string, path: string, param?: string) => [
    method(path),
    ...(path.includes(':hallId') ? [HallScoped()] : []),
    Roles(...roles),
    Audited({ action: `${kind}.${verb}`, targetType, param }),
  ];
  const lastParam = (path: string) => /:(\w+)$/.exec(path)?.[1];
  return {
    /** POST: 201 with what it created. */
    Creates: (path: string, op: Operation, type: Body) => applyDecorators(...write(Post, 'create', path), Creates(op, type)),
    /** PATCH: 200 with the thing as it is now. */
    Updates: (path: string, op: Operation, type: Body) =>
      applyDecorators(...write(Patch, 'update', path, lastParam(path)), Answers(op, type)),
    /** DELETE: 204. */
    Deletes: (path: string, op: Operation) => applyDecorators(...write(Delete, 'delete', path, lastParam(path)), NoContent(op)),
  };
};
