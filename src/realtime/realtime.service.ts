import { Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { Principal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import {
  ClientToServerEvents,
  InterServerEvents,
  RealtimeBatch,
  RealtimeEvent,
  RealtimeEventName,
  RealtimeEventPayloads,
  RealtimeSignal,
  RealtimeSignals,
  Room,
  ServerToClientEvents,
  SubscribeRequest,
} from './realtime-events';

export interface SocketData {
  principal: Principal | null;
  /** The client's address as the HTTP routes see it (clientAddress), for per-address limits. */
  address: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** An event sent only to the socket that just subscribed, so it starts from the current state. */
export type InitialEvent = {
  [N in RealtimeEventName]: { name: N; payload: RealtimeEventPayloads[N] };
}[RealtimeEventName];

export interface Subscription {
  room: Room;
  initial?: InitialEvent;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a subscription names in `field` (or, when it names nothing there, `fallback`): BAD_REQUEST when neither is given. */
export function subscribed(request: SubscribeRequest, field: Exclude<keyof SubscribeRequest, 'kind'>, fallback?: string | null): string {
  const value = request[field] ?? fallback;
  if (typeof value !== 'string' || !value) throw new AppException('BAD_REQUEST', { missing: field });
  return value;
}

/** …an id: INVALID_ID when it is not a UUID. */
export function subscribedId(request: SubscribeRequest, field: 'hallId' | 'windowId' | 'departmentId', fallback?: string | null): string {
  const id = subscribed(request, field, fallback);
  if (!UUID_PATTERN.test(id)) throw new AppException('INVALID_ID');
  return id;
}

/** Decides whether a caller, from `address`, may follow a room; throws an AppException when not. */
export type SubscriptionResolver = (principal: Principal | null, request: SubscribeRequest, address: string) => Promise<Subscription>;

type SignalHandler = (payload: never) => void;

/** Sockets written per turn of the event loop by publishLocalInSlices: a few milliseconds' worth. */
const LOCAL_SLICE = 100;

/** RealtimeEvent ties each name to its payload; socket.io's typing cannot follow the union. */
function untyped(target: object): { emit(name: RealtimeEventName, payload: unknown): boolean } {
  return target as { emit(name: RealtimeEventName, payload: unknown): boolean };
}

/**
 * The one way modules push to screens. publish() reaches a room on every instance; signal() tells
 * every instance that something changed, so that each rebuilds, with publishLocal(), only what its
 * own connected screens show. Callers publish only after their transaction has committed, so a
 * screen never shows a change that was rolled back.
 *
 * This instance's screens get an event at once. For the other instances, everything published or
 * signalled in one turn of the event loop leaves as one message through the socket.io Postgres
 * adapter (one NOTIFY), in order, with repeated signals sent once: in a rush, a NOTIFY per event
 * would queue on PostgreSQL's single notification lock and delay every screen.
 */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger('Realtime');
  private server?: RealtimeServer;
  private readonly resolvers = new Map<string, SubscriptionResolver>();
  private readonly signalHandlers = new Map<string, SignalHandler[]>();
  /** The batch leaving at the end of this turn of the event loop, with the keys of its signals. */
  private outgoing: { batch: RealtimeBatch; signalKeys: Set<string> } | null = null;

  attach(server: RealtimeServer): void {
    this.server = server;
    server.on('realtime:batch', (batch) => this.receive(batch));
  }

  /** Lets a module answer `subscribe` requests of one kind (e.g. 'display', 'ticket'). */
  registerSubscription(kind: string, resolver: SubscriptionResolver): void {
    this.resolvers.set(kind, resolver);
  }

  async resolve(principal: Principal | null, request: SubscribeRequest, address: string): Promise<Subscription> {
    const resolver = this.resolvers.get(request?.kind);
    if (!resolver) throw new AppException('UNKNOWN_SUBSCRIPTION', { kind: request?.kind });
    return resolver(principal, request, address);
  }

  /** To the rooms on every instance. */
  publish(event: RealtimeEvent): void {
    if (!this.server || event.rooms.length === 0) return;
    this.publishLocal(event);
    this.send().batch.events.push(event);
  }

  /** To the rooms on this instance only. */
  publishLocal(event: RealtimeEvent): void {
    // socket.io encodes the packet before it looks for sockets: not at all when no room has one here.
    if (!this.server || !event.rooms.some((room) => this.hasLocalRoom(room))) return;
    untyped(this.server.local.to(event.rooms)).emit(event.name, event.payload);
  }

  /**
   * To the rooms on this instance, `slice` sockets per turn of the event loop. For a large state
   * sent to a hall's thousand screens: written in one go it holds the event loop for tens of
   * milliseconds, and a call committed meanwhile would wait for all of it; in slices the call goes
   * out between two. A socket that leaves meanwhile is skipped; one that joins has its snapshot.
   */
  publishLocalInSlices(event: RealtimeEvent, slice = LOCAL_SLICE): void {
    const server = this.server;
    if (!server) return;
    const rooms = server.of('/').adapter.rooms;
    const sockets = [...new Set(event.rooms.flatMap((room) => [...(rooms.get(room) ?? [])]))];
    const sendFrom = (start: number) => {
      untyped(server.local.to(sockets.slice(start, start + slice))).emit(event.name, event.payload);
      if (start + slice < sockets.length) setImmediate(() => sendFrom(start + slice));
    };
    if (sockets.length > 0) sendFrom(0);
  }

  hasLocalRoom(room: Room): boolean {
    return this.server?.of('/').adapter.rooms.has(room) ?? false;
  }

  hasLocalRoomStartingWith(prefix: string): boolean {
    for (const room of this.server?.of('/').adapter.rooms.keys() ?? []) if (room.startsWith(prefix)) return true;
    return false;
  }

  /** Every instance, this one included, runs the handlers registered for the signal. */
  signal<K extends keyof RealtimeSignals>(name: K, payload: RealtimeSignals[K]): void {
    const signal = { name, payload } as RealtimeSignal;
    if (this.server) {
      const outgoing = this.send();
      const key = JSON.stringify(signal);
      if (!outgoing.signalKeys.has(key)) {
        outgoing.signalKeys.add(key);
        outgoing.batch.signals.push(signal);
      }
    }
    this.dispatch(signal);
  }

  onSignal<K extends keyof RealtimeSignals>(name: K, handler: (payload: RealtimeSignals[K]) => void): void {
    this.signalHandlers.set(name, [...(this.signalHandlers.get(name) ?? []), handler as SignalHandler]);
  }

  private send(): { batch: RealtimeBatch; signalKeys: Set<string> } {
    if (!this.outgoing) {
      const outgoing = { batch: { events: [], signals: [] }, signalKeys: new Set<string>() };
      this.outgoing = outgoing;
      setImmediate(() => {
        this.outgoing = null;
        this.server?.serverSideEmit('realtime:batch', outgoing.batch);
      });
    }
    return this.outgoing;
  }

  private receive(batch: RealtimeBatch): void {
    for (const event of batch?.events ?? []) this.publishLocal(event);
    for (const signal of batch?.signals ?? []) this.dispatch(signal);
  }

  private dispatch(signal: RealtimeSignal): void {
    for (const handler of this.signalHandlers.get(signal?.name) ?? []) {
      try {
        handler(signal.payload as never);
      } catch (err) {
        this.logger.error({ msg: 'realtime signal handler failed', signal: signal.name, error: (err as Error).message });
      }
    }
  }
}
