import { useRef, useState } from 'react';
import { CallResult, queueApi, Ticket, TicketMove, WindowQueue } from '../../api/queue-types';
import { Loaded, useLoad } from '../../lib/use-load';
import { useRealtime } from '../../realtime/realtime';

export interface WindowDesk {
  queue: Loaded<WindowQueue | null>;
  connected: boolean;
  busy: boolean;
  setStatus(status: 'open' | 'pause' | 'close'): Promise<void>;
  callNext(): Promise<CallResult | undefined>;
  move(ticket: Ticket | { id: string }, move: TicketMove, body?: object): Promise<Ticket | undefined>;
}

/**
 * One window as its clerk works it: the window's queue, reloaded whenever the hall's queue changes
 * (the staff room says so), and the moves, one at a time. A refused move is shown by the API
 * client with the server's reason and leaves the queue as the server has it.
 */
export function useWindowDesk(hallId: string, windowId: string | null): WindowDesk {
  const queue = useLoad((signal) => (windowId ? queueApi.window(windowId, signal) : Promise.resolve(null)), [windowId]);
  const { live: connected } = useRealtime(
    windowId ? [{ kind: 'staff', hallId }] : null,
    { 'queue.state': () => void queue.reload() },
    { as: 'staff', resync: () => void queue.reload() },
  );

  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  async function run<T>(request: (windowId: string) => Promise<T>): Promise<T | undefined> {
    // A second key press while the first move is on its way must not make a second move.
    if (!windowId || running.current) return undefined;
    running.current = true;
    setBusy(true);
    try {
      return await request(windowId);
    } catch {
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
      await queue.reload();
    }
  }

  return {
    queue,
    connected,
    busy,
    setStatus: async (status) => {
      await run((id) => queueApi.setStatus(id, status));
    },
    callNext: () => run((id) => queueApi.callNext(id)),
    move: (ticket, move, body) => run((id) => queueApi.move(id, ticket.id, move, body)),
  };
}
