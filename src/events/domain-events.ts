import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '../cases/domain/case-state-machine';
import type { RatingChannel } from '../evaluation/domain/rating-rules';
import type { RectificationStatus } from '../evaluation/domain/rectification-state-machine';
import type { WindowStatus } from '../halls/domain/window-vocabulary';
import type { TicketMove, TicketStatus } from '../queue/domain/ticket-state-machine';
import type { CaseType, DeliveryOption } from '../catalog/domain/catalog-types';
import type { CaseChannel } from '../cases/domain/case-vocabulary';

/** How a case reached 办结 at this level. */
export type CaseOutcome = 'approved' | 'denied' | 'instant' | 'commitment' | 'reported';

interface CaseFacts {
  caseId: string;
  caseNumber: string;
  hallId: string;
  /** As the applicant knows it (copied at acceptance), for the notices that name it. */
  itemName: string;
  /** The item's own department (实施主体), which statistics group by. */
  departmentId: string;
  itemId: string;
  caseType: CaseType;
  bundleId: string | null;
  /** The window and clerk that received the case, which statistics filter by. */
  windowId: string | null;
  /** Null for an online case no clerk has decided yet. */
  clerkId: string | null;
  /** Applied at a window or online (网上申办): notices go only where the applicant was not there to be told. */
  channel: CaseChannel;
}

export interface CaseAcceptedEvent extends CaseFacts {
  acceptedAt: Date;
  promisedDueAt: Date;
  legalDueAt: Date | null;
  commitment: boolean;
  /** 容缺 materials the applicant still owes. */
  obligations: number;
  ticketId: string | null;
}

export interface CaseConcludedEvent extends CaseFacts {
  outcome: CaseOutcome;
  acceptedAt: Date;
  concludedAt: Date;
  /** Both as they stood at conclusion, i.e. moved by suspensions and a granted extension. */
  promisedDueAt: Date;
  legalDueAt: Date | null;
  onTime: boolean;
  extended: boolean;
  /** Visits to the hall up to conclusion: acceptance and every resubmission after a correction notice. */
  visits: number;
}

export interface CaseClosedEvent extends CaseFacts {
  status: Extract<CaseStatus, 'withdrawn' | 'aborted' | 'not_accepted' | 'returned'>;
  receivedAt: Date;
  acceptedAt: Date | null;
  closedAt: Date;
  /** The 不予受理 reason, for a not_accepted case. */
  refusalReason: string | null;
}

export interface CaseRevokedEvent extends CaseFacts {
  revokedAt: Date;
  reason: string;
}

/** 一次性告知: the application goes back to the applicant with the full list of what is missing. */
export interface CaseCorrectionRequestedEvent extends CaseFacts {
  requestedAt: Date;
  missingMaterials: string[];
  /** The case's version after the move: a case may be sent back more than once, each a notice of its own. */
  caseVersion: number;
}

/** The result waits at the unified pickup windows under its code (not for one handed over in the same visit). */
export interface CaseResultReadyEvent extends CaseFacts {
  readyAt: Date;
  pickupCode: string;
  deliveryMethod: DeliveryOption;
}

/** 快递送达: the result left by post. */
export interface CaseMailedEvent extends CaseFacts {
  mailedAt: Date;
  carrier: string;
  trackingNumber: string;
}

export interface BundleConcludedEvent {
  bundleId: string;
  hallId: string;
  caseIds: string[];
  concludedAt: Date;
}

/** A ticket as statistics see it, before or after a move. */
export interface TicketFacts {
  ticketId: string;
  hallId: string;
  /** The hall's local day of issue, to which the ticket's number belongs. */
  localDate: string;
  issuedAt: Date;
  issueCategoryId: string;
  /** The queue it waits in now (a transfer moves it). */
  categoryId: string;
  status: TicketStatus;
  windowId: string | null;
  servedBy: string | null;
  firstCalledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Both states, so that a subscriber can undo what it counted for the old one (e.g. a no-show requeued). */
export interface TicketMovedEvent {
  move: TicketMove;
  at: Date;
  before: TicketFacts;
  after: TicketFacts;
}

export interface WindowStatusChangedEvent {
  windowId: string;
  hallId: string;
  status: WindowStatus;
  /** Who sits at the window from now on (null once closed). */
  clerkId: string | null;
  at: Date;
}

/** What a rating is about, as copied into it at rating time. */
interface RatingFacts {
  ratingId: string;
  hallId: string;
  channel: RatingChannel;
  windowId: string | null;
  clerkId: string | null;
  categoryId: string;
  departmentId: string | null;
  itemId: string | null;
  score: number;
  ratedAt: Date;
}

export interface RatingRecordedEvent extends RatingFacts {
  /** A 差评 opened a rectification task in the same transaction. */
  rectification: boolean;
}

export interface RectificationMovedEvent extends RatingFacts {
  taskId: string;
  from: RectificationStatus;
  to: RectificationStatus;
}

export interface DomainEventPayloads {
  'case.accepted': CaseAcceptedEvent;
  'case.concluded': CaseConcludedEvent;
  /** Ended without a decision here: withdrawn, aborted, not accepted, or returned (退件) after a lapsed 容缺 obligation. */
  'case.closed': CaseClosedEvent;
  /** A 告知承诺 approval revoked after a check found the commitment false. */
  'case.revoked': CaseRevokedEvent;
  'case.correction_requested': CaseCorrectionRequestedEvent;
  'case.result_ready': CaseResultReadyEvent;
  'case.mailed': CaseMailedEvent;
  'bundle.concluded': BundleConcludedEvent;
  /** Every ticket move made at a window (issuing is not one: it changes nothing statistics count). */
  'ticket.moved': TicketMovedEvent;
  'window.status_changed': WindowStatusChangedEvent;
  'rating.recorded': RatingRecordedEvent;
  /** A rectification task of a 差评 moved (contacted, replied, closed). */
  'rectification.moved': RectificationMovedEvent;
}

export type DomainEventName = keyof DomainEventPayloads;

export type DomainEvent = {
  [N in DomainEventName]: { name: N; payload: DomainEventPayloads[N] };
}[DomainEventName];

export type DomainEventHandler<N extends DomainEventName> = (em: EntityManager, payload: DomainEventPayloads[N]) => Promise<void> | void;

/** Gets every event of one name that a publishAll carries, in order: e.g. one roll-up statement for a batch of moves. */
export type DomainEventsHandler<N extends DomainEventName> = (
  em: EntityManager,
  payloads: readonly DomainEventPayloads[N][],
) => Promise<void> | void;

/**
 * In-process events that run inside the publisher's transaction, with its EntityManager: a
 * subscriber's writes (e.g. statistics roll-ups) commit or roll back together with the change
 * that caused them, so a roll-up can never disagree with the cases it counts. A handler that
 * throws fails the publisher's request. Pushes to screens are not this: they go out after commit.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventName, DomainEventsHandler<DomainEventName>[]>();

  /** Returns the unsubscribe function. */
  subscribe<N extends DomainEventName>(name: N, handler: DomainEventHandler<N>): () => void {
    return this.subscribeAll(name, async (em, payloads) => {
      for (const payload of payloads) await handler(em, payload);
    });
  }

  /** Like subscribe, with the events of one publishAll in one call. Returns the unsubscribe function. */
  subscribeAll<N extends DomainEventName>(name: N, handler: DomainEventsHandler<N>): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as DomainEventsHandler<DomainEventName>);
    this.handlers.set(name, list);
    return () => {
      const current = this.handlers.get(name) ?? [];
      this.handlers.set(
        name,
        current.filter((h) => h !== handler),
      );
    };
  }

  /** Runs the handlers one after another, in subscription order, before returning. */
  publish(em: EntityManager, event: DomainEvent): Promise<void> {
    return this.publishAll(em, [event]);
  }

  /** Several events of one transaction: the names in order of first appearance, each name's events to its handlers at once. */
  async publishAll(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
    const byName = new Map<DomainEventName, DomainEventPayloads[DomainEventName][]>();
    for (const e of events) {
      const payloads = byName.get(e.name) ?? [];
      payloads.push(e.payload);
      byName.set(e.name, payloads);
    }
    for (const [name, payloads] of byName) {
      for (const handler of [...(this.handlers.get(name) ?? [])]) await handler(em, payloads);
    }
  }
}
