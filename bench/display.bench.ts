import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { call } from './lib/api';
import { BenchHall, issueTickets } from './lib/bench-hall';
import { load1, percentile, sortedNumbers } from './lib/machine';
import type { Arrival, ScreensJob } from './lib/screens-worker';
import type { ServerInstance } from '../test/support/server-process';

export interface DisplayFigures {
  instances: number;
  clients: number;
  calls: number;
  delivered: number;
  expected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Per call, the first screen's and the last screen's latency; the median over the calls of each. */
  firstArrivalMs: number;
  lastArrivalMs: number;
  /** Resident size of the first instance: before the clients connected, after, and the most seen during the calls. */
  rssBeforeMiB: number;
  rssConnectedMiB: number;
  rssPeakMiB: number;
  load: number;
}

const CLIENTS = 1000;
const CALLS = 60;
/** Calls made first and not counted: the server's code is still being compiled by V8 then, as it is not in a hall that has been open for a while. */
export const WARMUP_CALLS = 5;
/** A busy hall calls a few tickets a second; faster, the 1,000 clients in this one process would measure their own backlog. */
const CALL_SPACING_MS = 250;

/**
 * Threads the screens run in: real screens are devices of their own, and one thread parsing every
 * screen's messages in turn adds its own backlog to the figure. Two, so that the server keeps a
 * core on this 2-core machine.
 */
const SCREEN_THREADS = 2;

interface ScreenThread {
  worker: Worker;
  collect(): Promise<Arrival[]>;
}

export function startScreens(job: ScreensJob): Promise<ScreenThread> {
  const worker = new Worker(join(__dirname, 'lib', 'screens-worker.js'), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { ready?: true; error?: string }) => {
      if (m.error) return reject(new Error(`screens: ${m.error}`));
      resolve({
        worker,
        collect: () =>
          new Promise((done) => {
            worker.once('message', (r: { arrivals: Arrival[] }) => done(r.arrivals));
            worker.postMessage('collect');
          }),
      });
    });
  });
}

/**
 * Hall screens on socket.io: `clients` display clients (1,000 unless said) spread evenly over the instances, then calls
 * made 250 ms apart by the hall's windows in turn (on the instances in turn), each ticket then
 * started and finished so that the window may call again. Latency is from the call's timestamp
 * to its arrival at each screen.
 */
export async function displayBench(instances: ServerInstance[], hall: BenchHall, clients = CLIENTS): Promise<DisplayFigures> {
  await issueTickets(instances[0].url, hall, WARMUP_CALLS + CALLS + hall.windows.length);
  const rssBeforeMiB = instances[0].rssMiB();
  const screenUrls = Array.from({ length: clients }, (_, i) => instances[i % instances.length].url);
  const threads = await Promise.all(
    Array.from({ length: SCREEN_THREADS }, (_, k) =>
      startScreens({ urls: screenUrls.filter((_, i) => i % SCREEN_THREADS === k), token: hall.displayToken }),
    ),
  );
  await new Promise((r) => setTimeout(r, 1000));
  const rssConnectedMiB = instances[0].rssMiB();
  let rssPeakMiB = rssConnectedMiB;
  const sampler = setInterval(() => {
    rssPeakMiB = Math.max(rssPeakMiB, instances[0].rssMiB());
  }, 100);

  const pending: Promise<void>[] = [];
  const failures: string[] = [];
  let arrivals: Arrival[] = [];
  try {
    for (let n = 0; n < WARMUP_CALLS + CALLS; n++) {
      if (n === WARMUP_CALLS) {
        await new Promise((r) => setTimeout(r, 1000));
        for (const t of threads) t.worker.postMessage('measure');
      }
      const window = hall.windows[n % hall.windows.length];
      const url = instances[n % instances.length].url;
      const res = await call<{ ticket: { id: string } | null }>(url, 'POST', `/api/windows/${window.id}/call-next`, {
        token: window.clerkToken,
      }).catch((err: Error) => {
        throw new Error(`${err.message}\nserver output:\n${instances.map((i) => i.output().slice(-2000)).join('\n---\n')}`);
      });
      if (res.status !== 200 || !res.body.ticket) throw new Error(`call-next ${res.status} ${JSON.stringify(res.body)}`);
      const ticketId = res.body.ticket.id;
      pending.push(
        (async () => {
          for (const move of ['start', 'finish']) {
            await call(url, 'POST', `/api/windows/${window.id}/tickets/${ticketId}/${move}`, { token: window.clerkToken });
          }
        })().catch((err: Error) => {
          failures.push(err.message);
        }),
      );
      await new Promise((r) => setTimeout(r, CALL_SPACING_MS));
    }
    await Promise.all(pending);
    if (failures.length)
      throw new Error(
        `${failures.join('\n')}\nserver output:\n${instances
          .map((i) => i.output())
          .join('\n---\n')
          .slice(-4000)}`,
      );
    await new Promise((r) => setTimeout(r, 2000));
    arrivals = (await Promise.all(threads.map((t) => t.collect()))).flat();
  } finally {
    clearInterval(sampler);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
  const load = load1();
  const latencies: number[] = [];
  const perCall = new Map<number, number[]>();
  for (const [eventId, ms] of arrivals) {
    latencies.push(ms);
    perCall.set(eventId, [...(perCall.get(eventId) ?? []), ms]);
  }
  const median = (xs: number[]) => percentile(sortedNumbers(xs), 50);
  const sorted = sortedNumbers(latencies);
  return {
    instances: instances.length,
    clients,
    calls: CALLS,
    delivered: latencies.length,
    expected: clients * CALLS,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1],
    firstArrivalMs: median([...perCall.values()].map((xs) => Math.min(...xs))),
    lastArrivalMs: median([...perCall.values()].map((xs) => Math.max(...xs))),
    rssBeforeMiB,
    rssConnectedMiB,
    rssPeakMiB,
    load,
  };
}
