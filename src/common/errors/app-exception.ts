import { ERROR_CODES, ErrorCode } from './error-codes';

/** A failure the client can act on: its status and default message come from ERROR_CODES. */
export class AppException extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.status = ERROR_CODES[code].status;
  }
}
