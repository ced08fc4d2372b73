import { createHash } from 'node:crypto';
import { ensureServerBuilt } from '../scripts/build-freshness.cjs';
import { DEMO_PASSWORD } from '../seeds/demo-hall.data';
import { bigJpeg } from './support/material-fixtures';
import { postFile } from './support/multipart-upload';
import { startS3Server, S3TestServer } from './support/s3-server';
import { ROOT, ServerInstance, startServer } from './support/server-process';
import { createTestDatabase } from './support/test-database';

const MiB = 1024 * 1024;
const WARM_BYTES = 50 * MiB;
const MEASURED_BYTES = 150 * MiB;
/** What the server may grow by while it streams 150 MiB in: chunks, parts and garbage V8 has not collected yet, a third of the file. */
const RSS_GROWTH_BOUND_MIB = 50;
const mibOf = (bytes: number) => bytes / MiB;
const mib = (bytes: number) => mibOf(bytes).toFixed(0);

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
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

describe.each([['postgres'], ['s3']])('large uploads through the API (%s driver) in a server process', (driver) => {
  let server: ServerInstance;
  let s3: S3TestServer | null = null;
  let base: string;
  let token: string;
  let hallId: string;

  beforeAll(async () => {
    ensureServerBuilt(ROOT);
    if (driver === 's3') s3 = await startS3Server();
    server = await startServer(await createTestDatabase(), {
      SEED_DEMO: 'auto',
      MATERIAL_FILE_MAX_MB: '200',
      MATERIAL_CASE_MAX_MB: '1000',
      ...(s3?.env ?? {}),
    });
    base = server.url;
    token = await login(base, 'clerk1');
    const me = (await (await fetch(`${base}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      hallIds: string[];
    };
    hallId = me.hallIds[0];
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await s3?.close();
  });

  /** Streams a JPEG of about `bytes` to the staging route and checks the server's answer against the bytes sent. */
  async function upload(url: string, bytes: number) {
    const file = bigJpeg(bytes);
    const hash = createHash('sha256');
    const source = file.stream();
    source.on('data', (d: Buffer) => hash.update(d));
    let answer: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
    const before = server.rssMiB();
    const started = Date.now();
    const peak = await peakRss(server, async () => {
      answer = await postFile(url, token, 'big.jpg', file.size, source);
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ mediaType: 'image/jpeg', size: file.size, pages: 1, sha256: hash.digest('hex') });
    return { before, peak, seconds: (Date.now() - started) / 1000 };
  }

  it("keeps the server's memory flat: a 150 MiB upload after a 50 MiB one grows its RSS by far less than the file", async () => {
    const url = `${base}/api/halls/${hallId}/uploads`;
    // The first 50 MiB: V8 frees the buffers a stream passes through lazily (its external-memory
    // trigger is tens of MiB), so the first large upload grows the heap to its working size.
    const first = await upload(url, WARM_BYTES);
    await new Promise((r) => setTimeout(r, 500));
    const before = server.rssMiB();
    // Three times as much: a server that held the file could not fit it in what the first left.
    const second = await upload(url, MEASURED_BYTES);
    const after = server.rssMiB();
    report(
      `${driver}: first ${mib(WARM_BYTES)} MiB in ${first.seconds.toFixed(1)} s, RSS ${first.before.toFixed(0)} → peak ${first.peak.toFixed(0)} MiB; ` +
        `then ${mib(MEASURED_BYTES)} MiB in ${second.seconds.toFixed(1)} s, RSS ${before.toFixed(0)} → peak ${second.peak.toFixed(0)} → ${after.toFixed(0)} MiB`,
    );
    expect(second.peak - before).toBeLessThan(RSS_GROWTH_BOUND_MIB);
    expect(first.peak - first.before).toBeLessThan(mibOf(WARM_BYTES) * 1.5);
  }, 300_000);
});
