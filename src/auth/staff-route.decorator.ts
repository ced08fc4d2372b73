import { applyDecorators, Get, Post } from '@nestjs/common';
import { Answers, type Body, type Operation } from '../common/http/route-decorators';
import { HallScoped } from './hall-scope.decorator';
import type { Role } from './principal';
import { Roles } from './roles.decorator';

/**
 * The staff routes' usual stacks in one line each: the method and path, who may call it and what it answers.
 * A route with more to say (audit, idempotency, other statuses) keeps the separate decorators.
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
