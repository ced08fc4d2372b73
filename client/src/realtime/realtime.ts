import { useEffect, useRef, useState } from 'react';
import { io, Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck, SubscribeRequest } from '../../../src/realtime/realtime-events';

// The server's own event and payload types (type-only: nothing of the server reaches the bundle),
// so a change on either side fails the typecheck instead of a screen at run time.
export type {
  CallAnnouncement,
  CategoryWaiting,
  DisplayState,
  DisplayWindow,
  QueuedTicket,
  QueueState,
  TicketLiveView,
  WindowCurrentTicket,
  WindowState,
} from '../../../src/realtime/realtime-events';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A staff or device token, or a citizen's ticket access code (`/t/<code>`). */
export type RealtimeAuth = { token: string } | { accessCode: string };

export type RealtimeHandlers = Partial<ServerToClientEvents> & {
  /** Runs on every (re)connect: rooms asked for with `subscribe` do not survive a reconnect. */
  connect?(socket: RealtimeSocket): void;
};

export interface Realtime {
  connected: boolean;
  /** Why the server refused the connection (e.g. UNAUTHENTICATED for a revoked token). */
  refusal: string | null;
}

/** Asks to follow a room; resolves with the server's answer, or a refusal when it does not answer in time. */
export async function subscribe(socket: RealtimeSocket, request: SubscribeRequest): Promise<SubscribeAck> {
  try {
    return await socket.timeout(10_000).emitWithAck('subscribe', request);
  } catch {
    return { ok: false, code: 'TIMEOUT' };
  }
}

/**
 * One socket.io connection for the life of the component. Handlers are read at event time, so
 * they always see the component's latest state; they are wired before the socket connects, so
 * what the server sends on connection (a display's first state) is never missed.
 */
export function useRealtime(auth: RealtimeAuth | null, handlers: RealtimeHandlers): Realtime {
  const latest = useRef(handlers);
  latest.current = handlers;
  const [connected, setConnected] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const key = auth ? JSON.stringify(auth) : null;

  useEffect(() => {
    if (!key) return;
    const socket: RealtimeSocket = io({
      auth: JSON.parse(key) as RealtimeAuth,
      // Several server instances behind a load balancer share rooms through PostgreSQL, but
      // long-polling would need sticky sessions; websockets do not.
      transports: ['websocket'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    socket.on('connect', () => {
      setConnected(true);
      setRefusal(null);
      latest.current.connect?.(socket);
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      setConnected(false);
      if (err.data?.code) setRefusal(err.data.code);
    });
    socket.onAny((name: string, payload: unknown) => {
      (latest.current[name as keyof ServerToClientEvents] as ((payload: unknown) => void) | undefined)?.(payload);
    });
    return () => {
      socket.disconnect();
    };
  }, [key]);

  return { connected, refusal };
}
