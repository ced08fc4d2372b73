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
  /** Resident size of the first instance: before the clients connected, after, and the most seen during the calls. */
  rssBeforeMiB: number;
  rssConnectedMiB: number;
  rssPeakMiB: number;
  load: number;
}

const CLIENTS = 1000;
const CALLS = 60;
/** A busy hall calls a few tickets a second; faster, the 1,000 clients in this one process would measure their own backlog. */
const CALL_SPACING_MS = 250;

interface Screen {
  socket: Socket;
  arrivals: Map<number, number>;
}

function connectScreen(url: string, token: string): Promise<Screen> {
  const arrivals = new Map<number, number>();
  // forceNew: each screen its own connection, as 1,000 real screens would be (not multiplexed on one).
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  socket.on('ticket.called', (c: CallAnnouncement) => {
    // `at` is taken by the server just before the call's transaction; client and server share this machine's clock.
    arrivals.set(c.eventId, Date.now() - Date.parse(c.at));
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
  await issueTickets(instances[0].url, hall, CALLS + hall.windows.length);
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
    for (let n = 0; n < CALLS; n++) {
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
  for (const s of screens) for (const ms of s.arrivals.values()) latencies.push(ms);
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
    rssBeforeMiB,
    rssConnectedMiB,
    rssPeakMiB,
    load,
  };
}
