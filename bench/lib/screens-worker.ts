import { parentPort, workerData } from 'node:worker_threads';
import { io, Socket } from 'socket.io-client';
import type { CallAnnouncement } from '../../src/realtime/realtime-events';
import { inBatches } from './api';

/** What the display bench hands a worker: the screens it runs, each with the instance it connects to. */
export interface ScreensJob {
  urls: string[];
  /** One display token for every screen, or one per screen (`tokens[i]` for `urls[i]`). */
  token: string;
  tokens?: string[];
}

/** [eventId, ms] for every `ticket.called` that arrived while measuring. */
export type Arrival = [number, number];

const { urls, token, tokens } = workerData as ScreensJob;
let measuring = false;
const arrivals: Arrival[] = [];

function connect(url: string, i: number): Promise<Socket> {
  // forceNew: each screen its own connection, as real screens would be (not multiplexed on one).
  const socket = io(url, { auth: { token: tokens?.[i] ?? token }, transports: ['websocket'], forceNew: true, reconnection: false });
  socket.on('ticket.called', (c: CallAnnouncement) => {
    // `at` is taken by the server just before the call's transaction; client and server share this machine's clock.
    if (measuring) arrivals.push([c.eventId, Date.now() - Date.parse(c.at)]);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

void (async () => {
  const sockets = await inBatches(urls, 25, connect);
  parentPort!.on('message', (message: 'measure' | 'collect') => {
    if (message === 'measure') measuring = true;
    else {
      for (const s of sockets) s.close();
      parentPort!.postMessage({ arrivals });
    }
  });
  parentPort!.postMessage({ ready: true });
})().catch((err: Error) => parentPort!.postMessage({ error: err.message }));
