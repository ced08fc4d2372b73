import { useEffect, useRef, useState } from 'react';
import { io, Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck, SubscribeRequest } from '../../../src/realtime/realtime-events';
import { staffToken } from '../auth/auth';

// The server's own event and payload types (type-only: nothing of the server reaches the bundle),
// so a change on either side fails the typecheck instead of a screen at run time.
export type {
  CallAnnouncement,
  CategoryWaiting,
  DisplayState,
  DisplayWindow,
  QueuedTicket,
  QueueState,
  SubscribeRequest,
  TicketLiveView,
  WindowCurrentTicket,
  WindowState,
} from '../../../src/realtime/realtime-events';

type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Who connects: the signed-in staff member (the session's token), a device's token, a citizen's
 * ticket access code (`/t/<code>`), or nobody (a citizen's case page proves itself per room).
 */
export type RealtimeAuth = 'staff' | 'anonymous' | { token: string } | { accessCode: string };

export type RealtimeHandlers = Partial<ServerToClientEvents>;

export interface LiveState {
  /** Connected, and every room asked for is followed. */
  live: boolean;
  /** The server refused the connection or a room: its (Chinese) message. */
  error: string | null;
  /** The refusal's code, e.g. UNAUTHENTICATED for a revoked device token. */
  code: string | null;
}

/** How long a room's answer may take before the connection counts as failing. */
const ACK_TIMEOUT_MS = 10_000;
/** A failing connection is tried again after 1 s, then up to every 5 s. */
const RETRY_MS = 1000;
const RETRY_MAX_MS = 5000;

function retryAfterMs(ack: SubscribeAck): number | null {
  if (ack.code === 'TIMEOUT') return RETRY_MAX_MS;
  // Too many lookups from this address (a citizen's page counts with its HTTP lookups): once the minute is over.
  if (ack.code === 'TOO_MANY_REQUESTS') {
    const seconds = (ack.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    return (seconds ?? 60) * 1000;
  }
  return null;
}

/**
 * One socket.io connection for the life of the component, following `rooms` (null: not yet).
 * Rooms do not survive a reconnect, so they are asked for again on every connect; once they are
 * in place, and whenever the server says `sync.required`, `resync` runs, because pushes sent
 * while the page was not following are lost: the page fetches what it shows afresh then.
 *
 * One retry behaviour for every page: a lost connection is retried by socket.io (1 s, then up to
 * every 5 s); a room that does not answer in time, or is refused for too many requests, is asked
 * for again on a fresh connection after the wait; any other refusal is final and shown.
 *
 * Handlers are read at event time, so they always see the component's latest state, and are wired
 * before the socket connects, so what the server sends on connection (a display's first state) is
 * never missed. Only a change of who connects or of the rooms reconnects.
 */
export function useRealtime(
  rooms: SubscribeRequest[] | null,
  handlers: RealtimeHandlers,
  opts: { as: RealtimeAuth; resync?: () => void },
): LiveState {
  const [state, setState] = useState<LiveState>({ live: false, error: null, code: null });
  const latest = useRef({ handlers, resync: opts.resync });
  latest.current = { handlers, resync: opts.resync };
  const key = rooms ? JSON.stringify({ rooms, as: opts.as }) : null;

  useEffect(() => {
    if (key === null) return undefined;
    const { rooms: wanted, as } = JSON.parse(key) as { rooms: SubscribeRequest[]; as: RealtimeAuth };
    const auth = as === 'staff' ? { token: staffToken() } : as === 'anonymous' ? {} : as;
    const socket: RealtimeSocket = io({
      auth,
      // Several server instances behind a load balancer share rooms through PostgreSQL, but
      // long-polling would need sticky sessions; websockets do not.
      transports: ['websocket'],
      reconnectionDelay: RETRY_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
    });
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    socket.onAny((name: string, payload: unknown) => {
      if (name === 'sync.required') latest.current.resync?.();
      (latest.current.handlers[name as keyof ServerToClientEvents] as ((payload: unknown) => void) | undefined)?.(payload);
    });
    socket.on('connect', () => {
      void Promise.all(
        wanted.map((request) =>
          socket
            .timeout(ACK_TIMEOUT_MS)
            .emitWithAck('subscribe', request)
            .catch((): SubscribeAck => ({ ok: false, code: 'TIMEOUT' })),
        ),
      ).then((acks) => {
        if (closed) return;
        const refused = acks.find((a) => !a.ok);
        if (!refused) {
          setState({ live: true, error: null, code: null });
          latest.current.resync?.();
          return;
        }
        const wait = retryAfterMs(refused);
        // A timeout is the connection failing, not a refusal: nothing to show but "connecting".
        setState({
          live: false,
          error: refused.code === 'TIMEOUT' ? null : (refused.message ?? refused.code ?? null),
          code: refused.code ?? null,
        });
        if (wait !== null) retry = setTimeout(() => socket.disconnect().connect(), wait);
      });
    });
    socket.on('disconnect', () => !closed && setState((s) => ({ ...s, live: false })));
    // The server refusing the handshake (a bad token) says why; a network failure is just retried.
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (!closed) setState({ live: false, error: err.data?.code ? err.message : null, code: err.data?.code ?? null });
    });

    return () => {
      closed = true;
      clearTimeout(retry);
      socket.close();
    };
  }, [key]);

  return state;
}
