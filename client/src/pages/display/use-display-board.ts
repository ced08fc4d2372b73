import { useRef, useState } from 'react';
import type { Device } from '../../device/device-gate';
import { CallAnnouncement, DisplayState, useRealtime } from '../../realtime/realtime';
import { isNewer, isNotOlder, newCallsIn, withCall } from './display-board';
import { hallsApi } from '../../api/admin';

/**
 * The hall screen's state, live: socket events newer than what is shown are applied, and every
 * (re)connect or `sync.required` reloads the versioned snapshot, so a screen that was away never
 * shows a stale call. Each call is announced once, also when it is learnt from a snapshot.
 */
export function useDisplayBoard(
  device: Device,
  announce: (call: CallAnnouncement) => void,
): { connected: boolean; refusal: string | null; state: DisplayState | null } {
  const [state, setState] = useState<DisplayState | null>(null);
  const shown = useRef<DisplayState | null>(null);
  const spoken = useRef(new Set<number>());

  const show = (next: DisplayState) => {
    shown.current = next;
    setState(next);
  };
  const say = (call: CallAnnouncement) => {
    if (spoken.current.has(call.eventId)) return;
    spoken.current.add(call.eventId);
    announce(call);
  };

  const takeState = (next: DisplayState) => {
    const before = shown.current;
    if (!isNotOlder(next, before)) return;
    // The first state is history: nothing in it is announced.
    if (before) newCallsIn(next, before).forEach(say);
    else next.lastCalls.forEach((c) => spoken.current.add(c.eventId));
    show(next);
  };
  const takeCall = (call: CallAnnouncement) => {
    const before = shown.current;
    if (!isNewer(call, before)) return;
    say(call);
    show(withCall(before, call));
  };
  const resync = async () => {
    try {
      takeState(await hallsApi.displaySnapshot(device.hall.id, device.token));
    } catch {
      // Nothing to show for it: the banner says the screen is offline, and the next reconnect tries again.
    }
  };

  // The display's room is joined on connection (the device token says which hall).
  const realtime = useRealtime(
    [],
    { 'display.state': takeState, 'ticket.called': takeCall, 'ticket.recalled': takeCall },
    { as: { token: device.token }, resync: () => void resync() },
  );
  return { connected: realtime.live, refusal: realtime.code, state };
}
