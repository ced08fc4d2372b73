import { api, inBatches, login } from './api';

export const ADMIN_PASSWORD = 'OneWindow#2026';
const CLERK_PASSWORD = 'Bench-clerk#2026';
const PREFIXES = ['P', 'Q', 'R', 'S', 'T'];

export interface BenchHall {
  hallId: string;
  categoryIds: string[];
  windows: { id: string; clerkToken: string }[];
  kioskToken: string;
  displayToken: string;
}

/**
 * A hall made through the API as an admin (and its clerks' accounts as the security administrator) would: five categories with no daily cap and no
 * issuing hours (so neither refuses a ticket whatever the time of the run), `windowCount`
 * comprehensive windows serving all five, one clerk per window (a clerk sits at one window at a
 * time), and a kiosk and a display device token.
 */
/** The administrators' tokens, one login each per instance: the city run makes hundreds of halls. */
const adminTokens = new Map<string, Promise<string>>();
function adminLogin(url: string, username: 'admin' | 'security'): Promise<string> {
  const key = `${url} ${username}`;
  if (!adminTokens.has(key)) adminTokens.set(key, login(url, username, ADMIN_PASSWORD));
  return adminTokens.get(key)!;
}

export async function createBenchHall(url: string, code: string, windowCount: number): Promise<BenchHall> {
  const admin = await adminLogin(url, 'admin');
  const security = await adminLogin(url, 'security');
  const hall = await api<{ id: string }>(url, 'POST', '/api/halls', {
    token: admin,
    body: { code, name: `压测大厅 ${code}`, timezone: 'Asia/Shanghai' },
  });
  const categoryIds: string[] = [];
  for (const [i, prefix] of PREFIXES.entries()) {
    const c = await api<{ id: string }>(url, 'POST', `/api/halls/${hall.id}/categories`, {
      token: admin,
      body: { prefix, name: `压测类别 ${prefix}`, sortOrder: i },
    });
    categoryIds.push(c.id);
  }
  const windows = await inBatches(
    Array.from({ length: windowCount }, (_, n) => n + 1),
    4,
    async (n) => {
      const w = await api<{ id: string }>(url, 'POST', `/api/halls/${hall.id}/windows`, {
        token: admin,
        body: {
          number: n,
          name: `${n}号综合窗口`,
          kind: 'comprehensive',
          categories: categoryIds.map((categoryId, i) => ({ categoryId, weight: 1 + ((n + i) % 3) })),
        },
      });
      const username = `bench-${code.toLowerCase()}-${n}`;
      await api(url, 'POST', '/api/users', {
        token: security,
        body: { username, password: CLERK_PASSWORD, displayName: `窗口${n}`, role: 'clerk', hallIds: [hall.id] },
      });
      const clerkToken = await login(url, username, CLERK_PASSWORD);
      await api(url, 'POST', `/api/windows/${w.id}/open`, { token: clerkToken, expect: 200 });
      return { id: w.id, clerkToken };
    },
  );
  const device = async (kind: 'kiosk' | 'display') =>
    (await api<{ token: string }>(url, 'POST', `/api/halls/${hall.id}/devices`, { token: admin, body: { kind, name: `压测${kind}` } }))
      .token;
  return { hallId: hall.id, categoryIds, windows, kioskToken: await device('kiosk'), displayToken: await device('display') };
}

/** `count` kiosk tickets spread over the hall's categories. */
export async function issueTickets(url: string, hall: BenchHall, count: number): Promise<void> {
  await inBatches(
    Array.from({ length: count }, (_, i) => i),
    16,
    (i) =>
      api(url, 'POST', `/api/halls/${hall.hallId}/tickets`, {
        token: hall.kioskToken,
        body: { categoryId: hall.categoryIds[i % hall.categoryIds.length], source: 'kiosk' },
      }),
  );
}
