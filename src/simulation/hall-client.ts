/**
 * The simulator's way to the hall: plain HTTP against the running server, with the tokens of the
 * staff and devices it plays. Nothing else: every action is a request a person's browser or a
 * kiosk could send, so the server's rules, events and pushes all apply.
 */
export class HttpFailure extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: { code?: string; message?: string } | null,
  ) {
    super(`${method} ${path} → ${status} ${body?.code ?? ''} ${body?.message ?? ''}`.trim());
  }
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** A simulated citizen's own address, for the public routes' per-address limits (trusted from loopback only). */
  from?: string;
  idempotencyKey?: string;
}

export class HallClient {
  /** Requests sent, by all callers, for the progress line. */
  requests = 0;

  constructor(private readonly baseUrl: string) {}

  async send<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.from) headers['x-forwarded-for'] = opts.from;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    this.requests++;
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { message: text.slice(0, 200) };
    }
    if (!res.ok) throw new HttpFailure(method, path, res.status, body as HttpFailure['body']);
    return body as T;
  }

  get<T = unknown>(path: string, token?: string): Promise<T> {
    return this.send<T>('GET', path, { token });
  }

  post<T = unknown>(
    path: string,
    token: string | undefined,
    body: unknown = {},
    opts: Omit<RequestOptions, 'token' | 'body'> = {},
  ): Promise<T> {
    return this.send<T>('POST', path, { ...opts, token, body });
  }

  /** A file as the window stages it (multipart, field "file"): its id, to name in an application. */
  async upload(path: string, token: string, bytes: Buffer, fileName: string, mediaType: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: mediaType }), fileName);
    this.requests++;
    const res = await fetch(`${this.baseUrl}/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const body = (await res.json().catch(() => null)) as { id?: string; code?: string; message?: string } | null;
    if (!res.ok || !body?.id) throw new HttpFailure('POST', path, res.status, body);
    return body.id;
  }

  /** A sign-in; an account that must change its password first changes it to `newPassword` when given. */
  async login(username: string, password: string, newPassword?: string): Promise<string> {
    const res = await this.send<{ token: string; step?: string }>('POST', '/auth/login', { body: { username, password } });
    if (res.step === 'change-password' && newPassword) {
      const next = await this.send<{ token: string }>('POST', '/auth/password', {
        token: res.token,
        body: { currentPassword: password, newPassword },
      });
      return next.token;
    }
    if (res.step && res.step !== 'done') throw new Error(`${username} cannot sign in alone: the next step is ${res.step}`);
    return res.token;
  }
}

/** The request failed with one of these statuses (a refusal by the rules, not a fault). */
export function refusedWith(err: unknown, ...statuses: number[]): err is HttpFailure {
  return err instanceof HttpFailure && statuses.includes(err.status);
}
