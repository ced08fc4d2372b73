import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app-exception';
import { loggedPathOf } from '../http/request-context';
import { CONSTRAINT_CODES, ERROR_CODES, ErrorCode } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** PostgreSQL errors that are the client's fault, raised by constraints that back up the services' own checks. */
function fromDatabaseError(err: QueryFailedError): AppException | undefined {
  const pg = err.driverError as { code?: string; constraint?: string; column?: string } | undefined;
  const known = pg?.constraint ? CONSTRAINT_CODES[pg.constraint] : undefined;
  if (known && ['23505', '23503', '23001'].includes(pg?.code ?? '')) return new AppException(known, { constraint: pg?.constraint });
  switch (pg?.code) {
    case '23505':
      return new AppException('DUPLICATE', { constraint: pg.constraint });
    case '23503':
    case '23001':
      return new AppException('REFERENCED', { constraint: pg.constraint });
    case '22P02':
      return new AppException('INVALID_ID');
    // A value the validation should have refused (too long for its column, out of its type's range,
    // NUL in text): still the client's, and logged as a warning so that the missing check is added.
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22P05':
    case '54001':
      return new AppException('INPUT_OUT_OF_RANGE', { sqlstate: pg.code });
    case '23514':
      return new AppException('BAD_REQUEST', { constraint: pg.constraint }, '数据不满足约束条件');
    // A null the validation let through (an optional field sent as null) for a column that must have a value.
    case '23502': {
      const field = (pg.column ?? '').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      return new AppException(
        'VALIDATION_FAILED',
        [{ field, constraints: ['isNotEmpty'], messages: [`${field} 不能为空`] }],
        `请求参数校验失败：${field} 不能为空`,
      );
    }
    default:
      return undefined;
  }
}

const INVALID_JSON = '请求体不是有效的 JSON';

// Lost connections, a server shutting down, and transient serialization failures and deadlocks: the
// request changed nothing and can be retried, so the client gets 503 with Retry-After.
/** Server shutting down or starting up (57P01–57P03), too many connections, every connection exception (class 08), serialization failure, deadlock. */
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|53300|08...|40001|40P01)$/;
/** The socket to the server refused, reset, broken or timed out. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What pg and pg-pool throw, without a code, when a connection dies or cannot be had. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection ended unexpectedly/i;

function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string; message?: string }; message?: string; errors?: unknown[] };
  const code = e?.driverError?.code ?? e?.code;
  if (code && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  // Node's connect to a name with several addresses fails with an AggregateError of one error per address.
  if (Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable)) return true;
  return UNAVAILABLE_MESSAGES.test(e?.message ?? '') || UNAVAILABLE_MESSAGES.test(e?.driverError?.message ?? '');
}

/** The single place that turns any thrown thing into `{statusCode, code, message, details?, requestId}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    this.respond(exception, ctx.getRequest<FastifyRequest>(), ctx.getResponse<FastifyReply>());
  }

  /** Also for what fastify refuses before Nest's router runs (see createHttpAdapter). */
  respond(exception: unknown, req: FastifyRequest, reply: FastifyReply): void {
    const body = this.toBody(exception, req);
    if (body.code === 'INPUT_OUT_OF_RANGE' && exception instanceof QueryFailedError) {
      this.logger.warn({
        msg: 'input refused by the database, not by its validation',
        method: req.method,
        path: loggedPathOf(req),
        error: exception.message,
      });
    }
    if (body.statusCode >= 500) {
      this.logger.error(
        { msg: 'request failed', method: req.method, path: loggedPathOf(req), code: body.code, error: (exception as Error)?.message },
        (exception as Error)?.stack,
      );
    }
    if (reply.sent || reply.raw.headersSent) return;
    if (body.statusCode === 503) reply.header('Retry-After', '1');
    void reply.status(body.statusCode).send(body);
  }

  toBody(exception: unknown, req: { id?: string }): ErrorBody {
    const requestId = req.id;
    let app: AppException | undefined;
    if (exception instanceof AppException) app = exception;
    else if (exception instanceof QueryFailedError) app = fromDatabaseError(exception);
    else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_STATUS_CODES[status];
      if (code) app = new AppException(code, undefined, status === 400 ? this.badRequestMessage(exception) : undefined);
      // A client error of a kind the catalogue has no code for (from the framework) is still the client's, never a 500.
      else if (status >= 400 && status < 500) app = new AppException('BAD_REQUEST');
    }
    if (!app && isDatabaseUnavailable(exception)) app = new AppException('SERVICE_UNAVAILABLE');
    if (!app) {
      return { statusCode: 500, code: 'INTERNAL_ERROR', message: ERROR_CODES.INTERNAL_ERROR.message, requestId };
    }
    const body: ErrorBody = { statusCode: app.status, code: app.code, message: app.message, requestId };
    if (app.details !== undefined) body.details = app.details;
    return body;
  }

  private badRequestMessage(exception: HttpException): string {
    return /JSON/i.test(exception.message) ? INVALID_JSON : ERROR_CODES.BAD_REQUEST.message;
  }
}
