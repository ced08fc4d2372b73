import { useEffect, useRef, useState } from 'react';
import { io, Socket } from 'socket.io-client';
import { staffToken } from '../auth/auth';

/** What the server's `subscribe` accepts (src/realtime/realtime-events.ts SubscribeRequest). */
export interface SubscribeRequest {
  kind: string;
  hallId?: string;
  departmentId?: string;
  caseNumber?: string;
  queryCode?: string;
}

interface SubscribeAck {
  ok: boolean;
  code?: string;
  message?: string;
  details?: { retryAfterSeconds?: number };
}

type Handlers = Record<string, (payload: never) => void>;

export interface LiveState {
  /** Every subscription is in place. */
  live: boolean;
  /** The server refused a subscription or the connection: its (Chinese) message. */
  error: string | null;
}

/**
 * Follows rooms over socket.io: one connection, one `subscribe` per request, renewed after every
 * reconnect. `resync` runs once the subscriptions are (again) in place and on `sync.required`,
 * because pushes sent while the page was not subscribed are lost: the page fetches what it shows
 * afresh then. Staff pages connect with the session's token, citizens' pages with none.
 * Handlers may change on every render; only a change of the requests reconnects.
 */
export function useSubscriptions(
  requests: SubscribeRequest[] | null,
  handlers: Handlers,
  opts: { as: 'staff' | 'anonymous'; resync?: () => void },
): LiveState {
  const [state, setState] = useState<LiveState>({ live: false, error: null });
  const latest = useRef({ handlers, resync: opts.resync });
  latest.current = { handlers, resync: opts.resync };
  const key = requests ? JSON.stringify(requests) : null;
  const as = opts.as;

  useEffect(() => {
    if (key === null) return undefined;
    const wanted = JSON.parse(key) as SubscribeRequest[];
    const socket: Socket = io({ auth: as === 'staff' ? { token: staffToken() } : {}, transports: ['websocket'] });
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    socket.onAny((event: string, payload: unknown) => {
      if (event === 'sync.required') latest.current.resync?.();
      else latest.current.handlers[event]?.(payload as never);
    });
    socket.on('connect', () => {
      void Promise.all(wanted.map((request) => socket.timeout(10_000).emitWithAck('subscribe', request) as Promise<SubscribeAck>))
        .then((acks) => {
          if (closed) return;
          const refused = acks.find((a) => !a.ok);
          setState({ live: !refused, error: refused ? (refused.message ?? refused.code ?? null) : null });
          if (!refused) latest.current.resync?.();
          // Too many lookups from this address (a citizen's page counts with its HTTP lookups): try again once the minute is over.
          if (refused?.code === 'TOO_MANY_REQUESTS') {
            retry = setTimeout(() => socket.disconnect().connect(), (refused.details?.retryAfterSeconds ?? 60) * 1000);
          }
        })
        // A timed-out acknowledgement: the connection is failing and will be retried by socket.io.
        .catch(() => !closed && setState({ live: false, error: null }));
    });
    socket.on('disconnect', () => !closed && setState((s) => ({ ...s, live: false })));
    // The server refusing the handshake (a bad token) says why in Chinese; a network failure is just retried.
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (!closed) setState({ live: false, error: err.data?.code ? err.message : null });
    });

    return () => {
      closed = true;
      clearTimeout(retry);
      socket.close();
    };
  }, [key, as]);

  return state;
}
