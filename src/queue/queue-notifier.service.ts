import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServiceWindow } from '../halls/entities/service-window.entity';
import { DisplayState, rooms, TicketLiveView } from '../realtime/realtime-events';
import { RealtimeService } from '../realtime/realtime.service';
import type { TicketStatus } from './domain/ticket-state-machine';
import type { TicketEvent } from './entities/ticket-event.entity';
import type { Ticket } from './entities/ticket.entity';
import { callAnnouncement, currentOf, QueueBoardService } from './queue-board.service';

export interface CommittedMove {
  ticket: Ticket;
  event: TicketEvent;
  version: number;
  /** The window the move was made at, if any. */
  window: ServiceWindow | null;
}

const FINAL: TicketStatus[] = ['done', 'no_show', 'cancelled'];
/**
 * Hall-wide states are rebuilt at most this often per hall and instance: in a rush every move
 * would otherwise rebuild and broadcast the whole queue. Calls are announced at once regardless.
 */
const MIN_REFRESH_INTERVAL_MS = 100;
/**
 * The hall screens' full state (waiting counts, windows, last calls) at most this often: every
 * screen of the hall parses each one, so at 100 ms a rush of calls, starts and finishes kept a
 * thousand screens busy with states and late with the calls themselves, which go out at once as
 * `ticket.called`. A state with nothing new for the screens is not sent at all.
 */
const DISPLAY_STATE_INTERVAL_MS = 1000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Tells the screens about queue changes, strictly after the transaction has committed. Small
 * events (a call to announce, a window's current ticket, a citizen's status) go to every instance
 * at once. The hall-wide states (display, staff queues, every waiting citizen's position) are not
 * shipped between instances: a 'queue.changed' signal makes each instance rebuild them for its own
 * connected screens only, once per burst of changes (while one rebuild runs, further changes only
 * mark it to run again).
 */
@Injectable()
export class QueueNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Queue');
  private readonly refreshing = new Map<string, { again: boolean; done: Promise<void> }>();
  private readonly displays = new Map<string, { builtAt: number; content: string; trailing: NodeJS.Timeout | null }>();

  constructor(
    private readonly realtime: RealtimeService,
    private readonly board: QueueBoardService,
  ) {}

  onModuleInit(): void {
    this.realtime.onSignal('queue.changed', ({ hallId, issued }) => {
      if (!issued) this.board.forget(hallId);
      void this.refresh(hallId);
    });
  }

  onModuleDestroy(): void {
    for (const d of this.displays.values()) if (d.trailing) clearTimeout(d.trailing);
  }

  moved({ ticket, event, version, window }: CommittedMove): void {
    const stamp = { hallId: ticket.hallId, version, at: event.at.toISOString() };
    this.realtime.publish({
      name: 'ticket.moved',
      rooms: [rooms.hallStaff(ticket.hallId)],
      payload: {
        ...stamp,
        ticketId: ticket.id,
        number: ticket.number,
        move: event.move,
        from: event.fromStatus,
        to: event.toStatus,
        windowId: event.windowId,
      },
    });
    if (window && (event.move === 'call' || event.move === 'recall')) {
      this.realtime.publish({
        name: event.move === 'call' ? 'ticket.called' : 'ticket.recalled',
        rooms: [rooms.hallDisplay(ticket.hallId), rooms.window(window.id), rooms.hallStaff(ticket.hallId)],
        payload: callAnnouncement(
          { hallId: ticket.hallId, version, at: event.at, eventId: Number(event.id) },
          ticket,
          window,
          ticket.recallCount,
          event.details.outOfOrder === true,
        ),
      });
    }
    if (window) this.publishWindow(window, version, event.at, ticket.windowId === window.id ? ticket : undefined);
    if (ticket.status !== 'waiting') {
      const view: TicketLiveView = {
        ...stamp,
        number: ticket.number,
        status: ticket.status,
        categoryId: ticket.categoryId,
        ahead: null,
        estimatedWaitMs: null,
        window: window && !FINAL.includes(ticket.status) && ticket.status !== 'held' ? { number: window.number, name: window.name } : null,
        yourTurn: ticket.status === 'called',
      };
      this.realtime.publish({ name: 'ticket.updated', rooms: [rooms.ticket(ticket.id)], payload: view });
    }
    this.realtime.signal('queue.changed', event.move === 'issue' ? { hallId: ticket.hallId, issued: true } : { hallId: ticket.hallId });
  }

  /** A window opened, paused or closed. */
  windowStatusChanged(window: ServiceWindow, version: number, at: Date): void {
    this.publishWindow(window, version, at);
    this.realtime.signal('queue.changed', { hallId: window.hallId });
  }

  /** The window screen shows its status and the ticket it is calling or serving. */
  private publishWindow(window: ServiceWindow, version: number, at: Date, ticket?: Ticket): void {
    this.realtime.publish({
      name: 'window.state',
      rooms: [rooms.window(window.id)],
      payload: {
        hallId: window.hallId,
        version,
        at: at.toISOString(),
        window: { id: window.id, number: window.number, name: window.name, status: window.status },
        current: currentOf(ticket),
      },
    });
  }

  /** Resolves once this instance's screens of the hall have been sent everything committed before the call. */
  refresh(hallId: string): Promise<void> {
    const running = this.refreshing.get(hallId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          const started = performance.now();
          await this.publishHall(hallId);
          if (state.again) await pause(MIN_REFRESH_INTERVAL_MS - (performance.now() - started));
        } while (state.again);
      } catch (err) {
        this.logger.error({ msg: 'live queue update failed', hallId, error: (err as Error).message });
      } finally {
        this.refreshing.delete(hallId);
      }
    })();
    this.refreshing.set(hallId, state);
    return state.done;
  }

  private async publishHall(hallId: string): Promise<void> {
    const staff = rooms.hallStaff(hallId);
    const staffWatched = this.realtime.hasLocalRoom(staff);
    const citizensWatch = this.realtime.hasLocalRoomStartingWith(rooms.ticket(''));
    const displayDue = this.realtime.hasLocalRoom(rooms.hallDisplay(hallId)) && this.displayDue(hallId);
    // Screens alone between two display states: the board is not even read.
    if (!displayDue && !staffWatched && !citizensWatch) return;
    const board = await this.board.load(hallId);
    if (displayDue) this.publishDisplay(hallId, board.display());
    if (staffWatched) this.realtime.publishLocal({ name: 'queue.state', rooms: [staff], payload: board.queue() });
    for (const ticket of board.active) {
      const room = rooms.ticket(ticket.id);
      if (this.realtime.hasLocalRoom(room))
        this.realtime.publishLocal({ name: 'ticket.updated', rooms: [room], payload: board.ticketView(ticket) });
    }
  }

  /** Whether the hall's screens may get a state now; if not, a refresh follows when they may. */
  private displayDue(hallId: string): boolean {
    const last = this.displays.get(hallId) ?? { builtAt: -Infinity, content: '', trailing: null };
    this.displays.set(hallId, last);
    const wait = last.builtAt + DISPLAY_STATE_INTERVAL_MS - performance.now();
    if (wait <= 0) return true;
    last.trailing ??= setTimeout(() => {
      last.trailing = null;
      void this.refresh(hallId);
    }, wait);
    return false;
  }

  /** Sends the state unless it shows nothing new. */
  private publishDisplay(hallId: string, state: DisplayState): void {
    const last = this.displays.get(hallId)!;
    const { version: _version, at: _at, ...shown } = state;
    const content = JSON.stringify(shown);
    last.builtAt = performance.now();
    if (content === last.content) return;
    last.content = content;
    // In slices: a call committed while a thousand screens get this goes out between two of them.
    this.realtime.publishLocalInSlices({ name: 'display.state', rooms: [rooms.hallDisplay(hallId)], payload: state });
  }
}
