import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { bigJpeg } from '../test/support/material-fixtures';
import { postFile } from '../test/support/multipart-upload';
import { startS3Server } from '../test/support/s3-server';
import { ServerInstance, startServer } from '../test/support/server-process';
import { load1 } from './lib/machine';

const MiB = 1024 * 1024;
const FILE_BYTES = 100 * MiB;
const RUNS = 3;

export interface UploadRun {
  label: string;
  /** MB/s (10^6 bytes) of each run, in order. */
  rates: number[];
  median: number;
  load: number;
}

export interface UploadBenchResult {
  fileBytes: number;
  fileSystem: string;
  cp: UploadRun;
  cpSync: UploadRun;
  api: UploadRun[];
  peakRssMiB: Record<string, number>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

async function timed(label: string, work: () => Promise<void> | void, bytes: number): Promise<UploadRun> {
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await work();
    rates.push(rate(bytes, Number(process.hrtime.bigint() - started) / 1e6));
  }
  return { label, rates, median: median(rates), load: load1() };
}

/**
 * Upload throughput through the API (multipart, streamed: the staging route of the window) against
 * `cp` of the same file on the same disk, in one run: a 100 MiB JPEG written to the temp folder
 * that also holds the bench's PostgreSQL, copied three times by cp (and by cp then sync, which
 * waits for the disk as a committed upload does), then uploaded three times to a server on the
 * postgres driver and three times to one on the s3 driver (s3rver, its objects in the same folder).
 */
export async function uploadBench(databaseUrl: string, clerkToken: string, hallId: string): Promise<UploadBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-upload-bench-'));
  const instances: ServerInstance[] = [];
  const s3 = await startS3Server();
  try {
    const source = join(dir, 'scan.jpg');
    const file = bigJpeg(FILE_BYTES);
    await pipeline(file.stream(), createWriteStream(source));
    const bytes = statSync(source).size;
    const fileSystem = execFileSync('df', ['-hT', dir], { encoding: 'utf8' }).trim().split('\n').pop()!.split(/\s+/).slice(0, 2).join(' ');

    const copy = join(dir, 'copy.jpg');
    const cp = await timed(
      'cp',
      () => {
        execFileSync('cp', [source, copy]);
      },
      bytes,
    );
    const cpSync = await timed(
      'cp, then sync of the copy',
      () => {
        execFileSync('cp', [source, copy]);
        execFileSync('sync', [copy]);
      },
      bytes,
    );
    rmSync(copy);

    const env = { MATERIAL_FILE_MAX_MB: '200', DATABASE_POOL_SIZE: '20' };
    const peakRssMiB: Record<string, number> = {};
    const api: UploadRun[] = [];
    for (const [label, extra] of [
      ['API, postgres driver', {}],
      ['API, s3 driver (s3rver)', s3.env],
    ] as const) {
      const server = await startServer(databaseUrl, { ...env, ...extra });
      instances.push(server);
      let peak = server.rssMiB();
      const timer = setInterval(() => (peak = Math.max(peak, server.rssMiB())), 50);
      api.push(
        await timed(
          label,
          async () => {
            const res = await postFile(
              `${server.url}/api/halls/${hallId}/uploads`,
              clerkToken,
              'scan.jpg',
              bytes,
              createReadStream(source),
            );
            if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
          },
          bytes,
        ),
      );
      clearInterval(timer);
      peakRssMiB[label] = Math.round(peak);
    }
    return { fileBytes: bytes, fileSystem, cp, cpSync, api, peakRssMiB };
  } finally {
    for (const s of instances) await s.stop();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
