import { createHash } from 'node:crypto';
import { ensureServerBuilt } from '../scripts/build-freshness.cjs';
import { DEMO_PASSWORD } from '../seeds/demo-hall.data';
import { bigJpeg } from './support/material-fixtures';
import { postFile } from './support/multipart-upload';
import { startS3Server, S3TestServer } from './support/s3-server';
import { ROOT, ServerInstance, startServer } from './support/server-process';
import { createTestDatabase } from './support/test-database';

const MiB = 1024 * 1024;
const FILE_BYTES = 50 * MiB;
/** What the server may grow by while it streams 50 MiB in and out: a few chunks and parts, not the file. */
const RSS_GROWTH_BOUND_MIB = 25;

function report(line: string): void {
  process.stdout.write(`[material-upload-memory] ${line}\n`);
}

/** Samples the process's RSS every 25 ms while `work` runs; the peak in MiB. */
async function peakRss(server: ServerInstance, work: () => Promise<void>): Promise<number> {
  let peak = server.rssMiB();
  const timer = setInterval(() => (peak = Math.max(peak, server.rssMiB())), 25);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, server.rssMiB());
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

describe.each([['postgres'], ['s3']])('a 50 MiB upload and download through the API (%s driver) in a server process', (driver) => {
  let server: ServerInstance;
  let s3: S3TestServer | null = null;
  let base: string;
  let token: string;
  let hallId: string;

  beforeAll(async () => {
    ensureServerBuilt(ROOT);
    if (driver === 's3') s3 = await startS3Server();
    server = await startServer(await createTestDatabase(), { SEED_DEMO: 'auto', MATERIAL_FILE_MAX_MB: '64', ...(s3?.env ?? {}) });
    base = server.url;
    token = await login(base, 'clerk1');
    const me = await (await fetch(`${base}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json() as { hallIds: string[] };
    hallId = me.hallIds[0];
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await s3?.close();
  });

  it('keeps the server\'s memory flat: its RSS grows by far less than the file', async () => {
    const url = `${base}/api/halls/${hallId}/uploads`;
    // A warm-up upload, so that the code paths are loaded before the baseline is read.
    const warm = bigJpeg(2 * MiB);
    expect((await postFile(url, token, 'warm.jpg', warm.size, warm.stream())).status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    const before = server.rssMiB();

    const big = bigJpeg(FILE_BYTES);
    const hash = createHash('sha256');
    const source = big.stream();
    source.on('data', (d: Buffer) => hash.update(d));
    let answer: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
    const started = Date.now();
    const peakUp = await peakRss(server, async () => {
      answer = await postFile(url, token, 'big.jpg', big.size, source);
    });
    const seconds = (Date.now() - started) / 1000;
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ mediaType: 'image/jpeg', size: big.size, pages: 1, sha256: hash.digest('hex') });
    const after = server.rssMiB();
    report(`${driver}: ${(big.size / MiB).toFixed(1)} MiB up in ${seconds.toFixed(1)} s; RSS before ${before.toFixed(0)} MiB, peak ${peakUp.toFixed(0)} MiB, after ${after.toFixed(0)} MiB`);
    expect(peakUp - before).toBeLessThan(RSS_GROWTH_BOUND_MIB);
  }, 300_000);
});
