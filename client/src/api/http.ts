import { translate } from '../i18n/i18n';

/** The server's one error shape: `{statusCode, code, message, details?, requestId}`. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** One entry of `details` for VALIDATION_FAILED: `field` is a dotted path such as `materials.0.name`. */
export interface FieldProblem {
  field: string;
  messages: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }

  get fieldProblems(): FieldProblem[] {
    if (this.code !== 'VALIDATION_FAILED' || !Array.isArray(this.details)) return [];
    return this.details.filter((d): d is FieldProblem => typeof d?.field === 'string' && Array.isArray(d?.messages));
  }
}

/**
 * Whose credentials a request carries: the signed-in staff member (default), a device token
 * (display and kiosk pages), or none (login, citizens' pages).
 */
export type Credentials =
  | { as: 'staff' }
  | { as: 'device'; token: string }
  | { as: 'anonymous' }
  /** A sign-in not finished yet: the token may only change the password or enrol TOTP. */
  | { as: 'pending'; token: string };

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  credentials?: Credentials;
  /** The caller shows the error itself (e.g. on form fields); nothing is reported globally. */
  silent?: boolean;
  signal?: AbortSignal;
}

interface Hooks {
  staffToken(): string | null;
  /** Shows an error to the user. */
  report(error: ApiError): void;
  /** A staff token was refused: the session is over (SESSION_IDLE: for want of activity). */
  sessionExpired(error: ApiError): void;
}

let hooks: Hooks = { staffToken: () => null, report: () => undefined, sessionExpired: () => undefined };

/** Wired once by the app shell, which owns the session, the router and antd's message API. */
export function configureApi(next: Hooks): void {
  hooks = next;
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
  if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    return new ApiError(res.status, body.code, body.message, body.details, body.requestId);
  }
  return new ApiError(res.status, 'UNEXPECTED_RESPONSE', translate('common.serverError', { status: res.status }));
}

/** One request with the caller's credentials; a refusal is thrown as `ApiError` (and reported unless silent). */
async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const credentials = opts.credentials ?? { as: 'staff' };
  const token = credentials.as === 'staff' ? hooks.staffToken() : credentials.as === 'anonymous' ? null : credentials.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  // A FormData body (a file upload) sets its own multipart content type with the boundary.
  const form = opts.body instanceof FormData;
  if (opts.body !== undefined && !form) headers['content-type'] = 'application/json';

  const url = new URL(`/api${path}`, window.location.origin);
  for (const [key, value] of Object.entries(opts.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));

  let res: Response;
  try {
    const body = opts.body === undefined ? undefined : form ? (opts.body as FormData) : JSON.stringify(opts.body);
    res = await fetch(url, { method, headers, body, signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    const error = new ApiError(0, 'NETWORK_ERROR', translate('common.networkError'));
    if (!opts.silent) hooks.report(error);
    throw error;
  }
  if (res.ok) return res;

  const error = await toApiError(res);
  if (res.status === 401 && credentials.as === 'staff') {
    // Without a token the session has already ended and its page is on the way to sign-in: no second word.
    if (token) hooks.sessionExpired(error);
  } else if (!opts.silent) {
    hooks.report(error);
  }
  throw error;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: (path: string, opts?: RequestOptions) => request<void>('DELETE', path, opts),
  /** A response that is not JSON (a printable notice, an export file), for the documents module. */
  file: (path: string, opts?: RequestOptions) => send('GET', path, opts ?? {}),
  /** One file as multipart/form-data (field `file`), for the upload routes. */
  upload: <T>(path: string, file: Blob, fileName: string, opts?: RequestOptions) => {
    const body = new FormData();
    body.append('file', file, fileName);
    return request<T>('POST', path, { ...opts, body });
  },
};
