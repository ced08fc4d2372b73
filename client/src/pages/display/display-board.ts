import type { CallAnnouncement, DisplayState } from '../../realtime/realtime';

/** Calls a screen missed while away are still spoken after a resync if they are this recent. */
export const RECENT_CALL_MS = 30_000;

/** As many as the server's snapshot holds. */
const LAST_CALLS = 10;

/** A hall state replaces the one shown unless it is older (a state of the same version is the same news, complete). */
export function isNotOlder(next: DisplayState, shown: DisplayState | null): boolean {
  return !shown || next.version >= shown.version;
}

/** A call is applied only when newer than what the screen shows: a late one would bring back a stale call. */
export function isNewer(call: CallAnnouncement, shown: DisplayState | null): shown is DisplayState {
  return !!shown && call.version > shown.version;
}

/** The screen as it is once `call` is made: the window shows the ticket, and the call heads the last calls. */
export function withCall(shown: DisplayState, call: CallAnnouncement): DisplayState {
  return {
    ...shown,
    version: call.version,
    at: call.at,
    windows: shown.windows.map((w) => {
      if (w.id === call.windowId)
        return { ...w, current: { ticketId: call.ticketId, number: call.number, status: 'called' as const, calledAt: call.at } };
      // A ticket is at one window at a time (a transfer moves it).
      return w.current?.ticketId === call.ticketId ? { ...w, current: null } : w;
    }),
    lastCalls: [call, ...shown.lastCalls.filter((c) => c.eventId !== call.eventId)].slice(0, LAST_CALLS),
  };
}

/** Calls in `next` that the screen has not shown yet and that are recent enough to announce, oldest first. */
export function newCallsIn(next: DisplayState, shown: DisplayState): CallAnnouncement[] {
  const at = Date.parse(next.at);
  return next.lastCalls.filter((c) => c.version > shown.version && at - Date.parse(c.at) <= RECENT_CALL_MS).reverse();
}

/** The call the big panel shows: the newest one whose ticket is still being called at its window. */
export function callingNow(state: DisplayState): CallAnnouncement | null {
  return (
    state.lastCalls.find((c) => {
      const current = state.windows.find((w) => w.id === c.windowId)?.current;
      return current?.ticketId === c.ticketId && current.status === 'called';
    }) ?? null
  );
}

/** The last calls of different tickets, newest first: a recall is not a new line. */
export function recentTickets(state: DisplayState, count: number): CallAnnouncement[] {
  const seen = new Set<string>();
  return state.lastCalls.filter((c) => !seen.has(c.ticketId) && seen.add(c.ticketId)).slice(0, count);
}
