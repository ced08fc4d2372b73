import type { FastifyInstance } from 'fastify';
import { AppException } from '../errors/app-exception';

/**
 * Limits every request's input meets before any DTO, service or statement sees it, so that what
 * PostgreSQL or a recursive helper cannot take is refused as the client's fault (400) instead of
 * failing as a 500 with a stack trace in the log.
 *
 * - Text: no NUL (PostgreSQL cannot store U+0000 in text or jsonb), no other C0 control but tab,
 *   line feed and carriage return, no DEL or C1 control (none has a meaning in a name, a reason or
 *   a comment, and they hide text in logs and printed notices), and no lone UTF-16 surrogate (not a
 *   character: it reaches the database as U+FFFD, so what is stored is not what was sent).
 *   Object keys count as text too.
 * - Size: no array or object of more than MAX_ELEMENTS elements or keys.
 * - Nesting: a JSON body or a socket.io payload at most MAX_DEPTH arrays or objects deep (the
 *   deepest DTO is three). Checked on the text before it is parsed and again while walking a
 *   parsed value, iteratively: nothing here recurses on what a client sent.
 */
export const MAX_DEPTH = 32;

/**
 * Elements of an array, keys of an object: the longest list a request has reason to carry (a year's
 * calendar, an item's materials) is a few hundred. class-validator's @ArrayUnique compares every
 * pair, and all of a field's constraints run even when @ArrayMaxSize has failed: 26,000 ids in
 * 1 MB took 68 s of CPU.
 */
export const MAX_ELEMENTS = 1000;

// Tab, LF and CR are left to the fields (multi-line reasons and comments).
const FORBIDDEN_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const FORBIDDEN_TEXT_ALL = new RegExp(FORBIDDEN_TEXT.source, 'g');

export type InputProblem = { kind: 'control_character' | 'too_deep' | 'too_many_elements'; field: string };

export function hasForbiddenText(text: string): boolean {
  return FORBIDDEN_TEXT.test(text);
}

/**
 * How deep the arrays and objects of a JSON text nest, counted without parsing it, stopping as
 * soon as `limit` is passed (a text nested 100,000 deep costs one pass up to the limit).
 */
export function jsonDepthExceeds(text: string, limit = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The first string (value or key) of `value` that holds forbidden text, or the first place it
 * nests deeper than `limit`, by its path (`items.0.name`); undefined when there is none.
 */
export function inputProblem(value: unknown, limit = MAX_DEPTH): InputProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (FORBIDDEN_TEXT.test(v)) return { kind: 'control_character', field: path };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return { kind: 'too_deep', field: path };
    const keys = Object.keys(v);
    if (keys.length > MAX_ELEMENTS) return { kind: 'too_many_elements', field: path };
    for (const key of keys) {
      const at = path ? `${path}.${key}` : key;
      if (FORBIDDEN_TEXT.test(key)) return { kind: 'control_character', field: at.replace(FORBIDDEN_TEXT_ALL, '?') };
      stack.push({ value: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The 400 for a problem inputProblem found. */
export function inputRefusal(problem: InputProblem): AppException {
  switch (problem.kind) {
    case 'too_deep':
      return new AppException('INPUT_TOO_DEEP', { field: problem.field, maxDepth: MAX_DEPTH });
    case 'too_many_elements':
      return new AppException('INPUT_TOO_MANY_ELEMENTS', { field: problem.field, maxElements: MAX_ELEMENTS });
    case 'control_character':
      return new AppException('INPUT_CONTROL_CHARACTER', { field: problem.field });
  }
}

/** Query string and path parameters (and the body, once parsed) of every request, before its route's pipes. */
export function registerInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (req, _reply, done) => {
    const problem = inputProblem(req.params, 2) ?? inputProblem(req.query, 3) ?? inputProblem(req.body);
    done(problem ? inputRefusal(problem) : undefined);
  });
}
