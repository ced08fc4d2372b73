import { io, Socket } from 'socket.io-client';
import type { CallAnnouncement } from '../src/realtime/realtime-events';
import { call, inBatches } from './lib/api';
import { BenchHall, issueTickets } from './lib/bench-hall';
import { load1, percentile, sortedNumbers } from './lib/machine';
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

interface Screen {
  socket: Socket;
  arrivals: Map<number, number>;
}

const measuring = { on: false };

function connectScreen(url: string, token: string): Promise<Screen> {
  const arrivals = new Map<number, number>();
  // forceNew: each screen its own connection, as 1,000 real screens would be (not multiplexed on one).
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  socket.on('ticket.called', (c: CallAnnouncement) => {
    // `at` is taken by the server just before the call's transaction; client and server share this machine's clock.
    if (measuring.on) arrivals.set(c.eventId, Date.now() - Date.parse(c.at));
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, arrivals }));
    socket.once('connect_error', reject);
  });
}

/**
 * Hall screens on socket.io: 1,000 display clients spread evenly over the instances, then calls
 * made 250 ms apart by the hall's windows in turn (on the instances in turn), each ticket then
 * started and finished so that the window may call again. Latency is from the call's timestamp
 * to its arrival at each screen.
 */
export async function displayBench(instances: ServerInstance[], hall: BenchHall): Promise<DisplayFigures> {
  await issueTickets(instances[0].url, hall, WARMUP_CALLS + CALLS + hall.windows.length);
  measuring.on = false;
  const rssBeforeMiB = instances[0].rssMiB();
  const screens = await inBatches(Array.from({ length: CLIENTS }, (_, i) => i), 50, (i) =>
    connectScreen(instances[i % instances.length].url, hall.displayToken));
  await new Promise((r) => setTimeout(r, 1000));
  const rssConnectedMiB = instances[0].rssMiB();
  let rssPeakMiB = rssConnectedMiB;
  const sampler = setInterval(() => { rssPeakMiB = Math.max(rssPeakMiB, instances[0].rssMiB()); }, 100);

  const pending: Promise<void>[] = [];
  const failures: string[] = [];
  try {
    for (let n = 0; n < WARMUP_CALLS + CALLS; n++) {
      if (n === WARMUP_CALLS) {
        await new Promise((r) => setTimeout(r, 1000));
        measuring.on = true;
      }
      const window = hall.windows[n % hall.windows.length];
      const url = instances[n % instances.length].url;
      const res = await call<{ ticket: { id: string } | null }>(url, 'POST', `/api/windows/${window.id}/call-next`, { token: window.clerkToken });
      if (res.status !== 200 || !res.body.ticket) throw new Error(`call-next ${res.status} ${JSON.stringify(res.body)}`);
      const ticketId = res.body.ticket.id;
      pending.push((async () => {
        for (const move of ['start', 'finish']) {
          await call(url, 'POST', `/api/windows/${window.id}/tickets/${ticketId}/${move}`, { token: window.clerkToken });
        }
      })().catch((err: Error) => { failures.push(err.message); }));
      await new Promise((r) => setTimeout(r, CALL_SPACING_MS));
    }
    await Promise.all(pending);
    if (failures.length) throw new Error(`${failures.join('\n')}\nserver output:\n${instances.map((i) => i.output()).join('\n---\n').slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    clearInterval(sampler);
  }
  const load = load1();
  const latencies: number[] = [];
  const perCall = new Map<number, number[]>();
  for (const s of screens) {
    for (const [eventId, ms] of s.arrivals) {
      latencies.push(ms);
      perCall.set(eventId, [...(perCall.get(eventId) ?? []), ms]);
    }
  }
  const median = (xs: number[]) => percentile(sortedNumbers(xs), 50);
  for (const s of screens) s.socket.close();
  const sorted = sortedNumbers(latencies);
  return {
    instances: instances.length,
    clients: CLIENTS,
    calls: CALLS,
    delivered: latencies.length,
    expected: CLIENTS * CALLS,
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
