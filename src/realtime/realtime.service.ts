import { Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { Principal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import {
  ClientToServerEvents,
  InterServerEvents,
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

/** Decides whether a caller may follow a room; throws an AppException when not. */
export type SubscriptionResolver = (principal: Principal | null, request: SubscribeRequest) => Promise<Subscription>;

type SignalHandler = (payload: never) => void;

/** RealtimeEvent ties each name to its payload; socket.io's typing cannot follow the union. */
function untyped(target: object): { emit(name: RealtimeEventName, payload: unknown): boolean } {
  return target as { emit(name: RealtimeEventName, payload: unknown): boolean };
}

/**
 * The one way modules push to screens. publish() reaches a room on every instance through the
 * socket.io Postgres adapter; signal() tells every instance that something changed, so that each
 * rebuilds, with publishLocal(), only what its own connected screens show. Callers publish only
 * after their transaction has committed, so a screen never shows a change that was rolled back.
 */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger('Realtime');
  private server?: RealtimeServer;
  private readonly resolvers = new Map<string, SubscriptionResolver>();
  private readonly signalHandlers = new Map<string, SignalHandler[]>();

  attach(server: RealtimeServer): void {
    this.server = server;
    server.on('realtime:signal', (signal) => this.dispatch(signal));
  }

  /** Lets a module answer `subscribe` requests of one kind (e.g. 'display', 'ticket'). */
  registerSubscription(kind: string, resolver: SubscriptionResolver): void {
    this.resolvers.set(kind, resolver);
  }

  async resolve(principal: Principal | null, request: SubscribeRequest): Promise<Subscription> {
    const resolver = this.resolvers.get(request?.kind);
    if (!resolver) throw new AppException('UNKNOWN_SUBSCRIPTION', { kind: request?.kind });
    return resolver(principal, request);
  }

  /** To the rooms on every instance. */
  publish(event: RealtimeEvent): void {
    if (!this.server || event.rooms.length === 0) return;
    untyped(this.server.to(event.rooms)).emit(event.name, event.payload);
  }

  /** To the rooms on this instance only. */
  publishLocal(event: RealtimeEvent): void {
    if (!this.server || event.rooms.length === 0) return;
    untyped(this.server.local.to(event.rooms)).emit(event.name, event.payload);
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
    this.server?.serverSideEmit('realtime:signal', signal);
    this.dispatch(signal);
  }

  onSignal<K extends keyof RealtimeSignals>(name: K, handler: (payload: RealtimeSignals[K]) => void): void {
    this.signalHandlers.set(name, [...(this.signalHandlers.get(name) ?? []), handler as SignalHandler]);
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
