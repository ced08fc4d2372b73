import { Agent, request } from 'node:http';

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

/**
 * Kept-alive connections, at most one per request in flight. node:http rather than fetch: the load
 * generator shares the machine's two cores with the server and PostgreSQL, and undici spent about
 * a third of a millisecond per request of them.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (body !== undefined) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : undefined) as T });
      });
    });
    req.on('error', (err: Error) => reject(new Error(`${method} ${path}: ${err.message}`)));
    req.end(body);
  });
}

/** A staff token; an account made by an administrator changes its password at first use, as its owner would. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const first = await api<{ token: string; step: string }>(url, 'POST', '/api/auth/login', { body: { username, password }, expect: 200 });
  if (first.step !== 'change-password') return first.token;
  return (
    await api<{ token: string }>(url, 'POST', '/api/auth/password', {
      token: first.token,
      body: { currentPassword: password, newPassword: `${password}-renewed` },
      expect: 200,
    })
  ).token;
}

/** Runs `fn` over `items` with at most `limit` at a time, results in input order. */
export async function inBatches<I, O>(items: I[], limit: number, fn: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const results: O[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}
