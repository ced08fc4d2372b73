export interface ApiResponse<T> {
  status: number;
  body: T;
}

/** One JSON request; a status other than `expect` throws with the server's answer, which says why. */
export async function api<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; expect?: number } = {},
): Promise<T> {
  const res = await call<T>(url, method, path, opts);
  const expected = opts.expect ?? (method === 'POST' ? 201 : 200);
  if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }).catch((err: Error) => {
    // undici says only "fetch failed"; the reason (refused, reset, …) is in its cause.
    throw new Error(`${method} ${path}: ${err.message} (${(err.cause as Error | undefined)?.message ?? 'no cause'})`);
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function login(url: string, username: string, password: string): Promise<string> {
  return (await api<{ token: string }>(url, 'POST', '/api/auth/login', { body: { username, password }, expect: 200 })).token;
}

/** Runs `fn` over `items` with at most `limit` at a time, results in input order. */
export async function inBatches<I, O>(items: I[], limit: number, fn: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const results: O[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}
