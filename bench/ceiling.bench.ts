import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenSigner } from '../src/auth/token-signer';
import { CEILING_HALL_ID, CEILING_KIOSK_TOKEN, CEILING_SECRET } from './lib/ceiling-fixtures';
import { issueLoad } from './issue.bench';
import { load1 } from './lib/machine';
import { windowLoop } from './lib/window-loop';

export const PLATFORMS = ['app', 'express', 'node'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface CeilingRun {
  platform: Platform;
  /** Issuance route, autocannon, 32 connections. */
  ticketsPerSecond: number;
  issueCpuMs: number;
  issueLoad: number;
  /** The call-next bench's loop (call-next, start, finish) by 50 windows. */
  callsPerSecond: number;
  moveCpuMs: number;
  callLoad: number;
  failed: number;
}

const SECONDS = 10;
const WARM_UP_SECONDS = 2;
const CONNECTIONS = 32;
const WINDOWS = 50;
const HALL = { hallId: CEILING_HALL_ID, kioskToken: CEILING_KIOSK_TOKEN, categoryIds: Array.from({ length: 5 }, () => randomUUID()) };

/** User plus system CPU of a process and all its threads, in ms (/proc ticks are 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function startCeilingServer(platform: Platform): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'lib', 'ceiling-server.js'), platform], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('exit', (code) => reject(new Error(`ceiling server (${platform}) exited with ${code}:\n${output}`)));
    child.stdout!.on('data', (c: Buffer) => {
      const port = /listening (\d+)/.exec(c.toString())?.[1];
      if (port)
        resolve({
          url: `http://127.0.0.1:${port}`,
          pid: child.pid!,
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
    });
  });
}

/**
 * The ceiling of the HTTP layer on this machine: the issuance route and the call-next loop against a
 * server whose services answer from memory, so no database work is done at all. Each platform
 * runs alone, after a short warm-up, with the load generator on the same two cores as in the real
 * sections. A figure here bounds the real one from above: the real route does all of this and the
 * database's work besides.
 */
export async function ceilingBench(platform: Platform): Promise<CeilingRun> {
  const server = await startCeilingServer(platform);
  const signer = new TokenSigner(CEILING_SECRET);
  const windows = Array.from({ length: WINDOWS }, () => ({
    id: randomUUID(),
    clerkToken: signer.sign({ id: randomUUID(), username: 'clerk' }, 0, randomUUID(), 3600).token,
  }));
  try {
    await issueLoad(server.url, HALL, { connections: CONNECTIONS, seconds: WARM_UP_SECONDS });
    let cpu0 = cpuMs(server.pid);
    const issued = await issueLoad(server.url, HALL, { connections: CONNECTIONS, seconds: SECONDS });
    const issueCpuMs = (cpuMs(server.pid) - cpu0) / Math.max(1, issued['2xx']);
    const loadAfterIssue = load1();

    await windowLoop(server.url, windows, WARM_UP_SECONDS);
    cpu0 = cpuMs(server.pid);
    const loop = await windowLoop(server.url, windows, SECONDS);
    const moveCpuMs = (cpuMs(server.pid) - cpu0) / Math.max(1, loop.moves);
    return {
      platform,
      ticketsPerSecond: issued['2xx'] / issued.duration,
      issueCpuMs,
      issueLoad: loadAfterIssue,
      callsPerSecond: loop.calls / loop.seconds,
      moveCpuMs,
      callLoad: load1(),
      failed: issued.non2xx + issued.errors + Object.values(loop.failures).reduce((a, b) => a + b, 0),
    };
  } finally {
    await server.stop();
  }
}
