import { io, Socket } from 'socket.io-client';
import type { CallAnnouncement, DisplayState, SubscribeAck, SubscribeRequest } from '../../src/realtime/realtime-events';

/**
 * A hall screen as the web client should behave: it keeps the version of what it shows, takes a
 * display.state that is not older and a call that is newer, and on every (re)connect or
 * sync.required loads the snapshot over HTTP, so it never shows a stale call.
 */
export class DisplayClient {
  readonly socket: Socket;
  version = 0;
  state?: DisplayState;
  /** Calls and recalls spoken, in order. */
  readonly spoken: CallAnnouncement[] = [];
  readonly received: { name: string; version?: number }[] = [];
  resyncs = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly hallId: string,
    options: { reconnectionDelay?: number } = {},
  ) {
    this.socket = io(baseUrl, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: options.reconnectionDelay ?? 200,
      reconnectionDelayMax: options.reconnectionDelay ?? 200,
      randomizationFactor: 0,
    });
    this.socket.on('connect', () => this.resyncSoon());
    this.socket.on('sync.required', () => {
      this.received.push({ name: 'sync.required' });
      this.resyncSoon();
    });
    this.socket.on('display.state', (s: DisplayState) => {
      this.received.push({ name: 'display.state', version: s.version });
      this.applyState(s);
    });
    for (const name of ['ticket.called', 'ticket.recalled'] as const) {
      this.socket.on(name, (call: CallAnnouncement) => {
        this.received.push({ name, version: call.version });
        this.applyCall(call);
      });
    }
  }

  applyState(s: DisplayState): void {
    if (s.version < this.version) return;
    this.version = s.version;
    this.state = s;
  }

  applyCall(call: CallAnnouncement): void {
    if (call.version <= this.version || !this.state) return;
    this.version = call.version;
    if (!this.spoken.some((c) => c.eventId === call.eventId)) this.spoken.push(call);
    const window = this.state.windows.find((w) => w.id === call.windowId);
    if (window) window.current = { ticketId: call.ticketId, number: call.number, status: 'called', calledAt: call.at };
    this.state.lastCalls = [call, ...this.state.lastCalls.filter((c) => c.eventId !== call.eventId)].slice(0, 10);
  }

  /** What window `number` shows now. */
  showing(windowNumber: number): string | null {
    return this.state?.windows.find((w) => w.number === windowNumber)?.current?.number ?? null;
  }

  subscribe(request: SubscribeRequest): Promise<SubscribeAck> {
    return this.socket.timeout(5000).emitWithAck('subscribe', request);
  }

  async resync(): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/halls/${this.hallId}/display-snapshot`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    if (!res.ok) throw new Error(`snapshot ${res.status}`);
    this.resyncs++;
    this.applyState((await res.json()) as DisplayState);
  }

  /**
   * From a socket event: a snapshot that fails (the instance dying under it, or the test closing)
   * is tried again while the socket stays connected; after a reconnect 'connect' asks anew.
   */
  private resyncSoon(): void {
    this.resync().catch(() => {
      if (this.socket.connected) setTimeout(() => this.resyncSoon(), 200);
    });
  }

  close(): void {
    this.socket.close();
  }
}
