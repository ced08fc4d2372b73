import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CasesService } from '../cases/cases.service';
import { maskPhone } from '../common/identity/masking';
import type {
  CaseAcceptedEvent,
  CaseClosedEvent,
  CaseConcludedEvent,
  CaseCorrectionRequestedEvent,
  CaseMailedEvent,
  CaseResultReadyEvent,
  TicketMovedEvent,
} from '../events/domain-events';
import { preparedQuery } from '../database/prepared-query';
import { DomainEvents } from '../events/domain-events';
import { HallsService } from '../halls/halls.service';
import { localDateTime } from '../common/time/local-day';
import { TicketsService } from '../queue/tickets.service';
import { rooms } from '../realtime/realtime-events';
import { SmsChannel } from './channels/sms-channel';
import { mobileNumber } from './domain/mobile-number';
import { NOTICE_KINDS, NoticeChannel, NoticeKind, NoticeParams } from './domain/notice-kinds';
import { NoticeQueue } from './notice-queue';

/** "Three ahead": a ticket is told once, when a move brings it this close to being called. */
export const APPROACH_PLACES = 3;

const DECISIONS: Record<string, string> = { approved: '准予许可', denied: '不予许可', reported: '已上报上级机关决定' };

export interface NewNotice {
  kind: NoticeKind;
  hallId: string;
  caseId?: string;
  ticketId?: string;
  /** Which time this subject gets this kind (e.g. the case's version for a second 补正); 1 for a once-only notice. */
  occurrence: number;
  params: NoticeParams;
  /** The time of the change it tells of. */
  at: Date;
}

/**
 * Writes notices to the outbox from domain events, inside the transaction of the change (and
 * with it the delivery job): a change that rolls back leaves no notice, and the unique key
 * (subject, kind, channel, occurrence) makes a repeated event or a retried transaction write none
 * twice. Decided at the window in the applicant's presence (即办件, 告知承诺), nothing is sent.
 */
@Injectable()
export class NoticeWriter implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly queue: NoticeQueue,
    private readonly cases: CasesService,
    private readonly tickets: TicketsService,
    private readonly halls: HallsService,
    private readonly sms: SmsChannel,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('case.correction_requested', (em, e) => this.correctionRequested(em, e));
    this.events.subscribe('case.accepted', (em, e) => this.accepted(em, e));
    this.events.subscribe('case.concluded', (em, e) => this.concluded(em, e));
    this.events.subscribe('case.result_ready', (em, e) => this.resultReady(em, e));
    this.events.subscribe('case.mailed', (em, e) => this.mailed(em, e));
    this.events.subscribe('case.closed', (em, e) => this.preExamRefused(em, e));
    this.events.subscribeAll('ticket.moved', (em, moves) => this.queueAdvanced(em, moves));
  }

  private async correctionRequested(em: EntityManager, e: CaseCorrectionRequestedEvent): Promise<void> {
    await this.write(em, [
      {
        kind: 'correction_requested',
        hallId: e.hallId,
        caseId: e.caseId,
        occurrence: e.caseVersion,
        at: e.requestedAt,
        params: { caseNumber: e.caseNumber, itemName: e.itemName, materials: e.missingMaterials.join('、') },
      },
    ]);
  }

  private async accepted(em: EntityManager, e: CaseAcceptedEvent): Promise<void> {
    if (e.caseType === 'instant' || e.commitment) return;
    const { timezone } = await this.halls.getHall(e.hallId, em);
    await this.write(em, [
      {
        kind: 'accepted',
        hallId: e.hallId,
        caseId: e.caseId,
        occurrence: 1,
        at: e.acceptedAt,
        params: { caseNumber: e.caseNumber, itemName: e.itemName, dueDate: localDateTime(e.promisedDueAt, timezone).date },
      },
    ]);
  }

  private async concluded(em: EntityManager, e: CaseConcludedEvent): Promise<void> {
    if (e.outcome === 'instant' || e.outcome === 'commitment') return;
    await this.write(em, [
      {
        kind: 'concluded',
        hallId: e.hallId,
        caseId: e.caseId,
        occurrence: 1,
        at: e.concludedAt,
        // `outcome` beside the Chinese words, for a page that shows the notice in another language.
        params: { caseNumber: e.caseNumber, itemName: e.itemName, decision: DECISIONS[e.outcome], outcome: e.outcome },
      },
    ]);
  }

  private async resultReady(em: EntityManager, e: CaseResultReadyEvent): Promise<void> {
    // Mailed or issued electronically, it never waits at a window: those tell of themselves.
    if (e.deliveryMethod !== 'window') return;
    await this.write(em, [
      {
        kind: 'result_ready',
        hallId: e.hallId,
        caseId: e.caseId,
        occurrence: 1,
        at: e.readyAt,
        params: { caseNumber: e.caseNumber, itemName: e.itemName, pickupCode: e.pickupCode },
      },
    ]);
  }

  private async mailed(em: EntityManager, e: CaseMailedEvent): Promise<void> {
    await this.write(em, [
      {
        kind: 'mailed',
        hallId: e.hallId,
        caseId: e.caseId,
        occurrence: 1,
        at: e.mailedAt,
        params: { caseNumber: e.caseNumber, itemName: e.itemName, carrier: e.carrier, trackingNumber: e.trackingNumber },
      },
    ]);
  }

  /** 网上预审 refused: the applicant was not at a window to hear it. */
  private async preExamRefused(em: EntityManager, e: CaseClosedEvent): Promise<void> {
    if (e.status !== 'not_accepted' || e.channel !== 'online') return;
    await this.write(em, [
      {
        kind: 'pre_exam_refused',
        hallId: e.hallId,
        caseId: e.caseId,
        occurrence: 1,
        at: e.closedAt,
        params: { caseNumber: e.caseNumber, itemName: e.itemName, reason: e.refusalReason ?? '' },
      },
    ]);
  }

  /**
   * A ticket left a category queue (called, cancelled, transferred away): the tickets now at most
   * APPROACH_PLACES from its front are told, each once (tickets transferred to one window are not).
   */
  private async queueAdvanced(em: EntityManager, moves: readonly TicketMovedEvent[]): Promise<void> {
    const advanced = new Map<string, { hallId: string; categoryId: string; at: Date }>();
    for (const { before, after, at } of moves) {
      if (before.status !== 'waiting' || (after.status === 'waiting' && after.categoryId === before.categoryId)) continue;
      advanced.set(`${before.hallId}/${before.categoryId}`, { hallId: before.hallId, categoryId: before.categoryId, at });
    }
    const queues = [...advanced.values()];
    const fronts = await this.tickets.queueFronts(
      em,
      queues.map(({ hallId, categoryId, at }) => ({ hallId, categoryId, now: at })),
      APPROACH_PLACES + 1,
    );
    const notices: NewNotice[] = [];
    for (const [i, { hallId, at }] of queues.entries()) {
      for (const t of fronts[i]) {
        if (t.ahead > APPROACH_PLACES) continue;
        notices.push({
          kind: 'ticket_approaching',
          hallId,
          ticketId: t.ticketId,
          occurrence: 1,
          at,
          params: { number: t.number, ahead: String(t.ahead) },
        });
      }
    }
    await this.write(em, notices);
  }

  /** One row per channel that can reach the applicant; returns the ids written (none for those already there). */
  async write(em: EntityManager, notices: NewNotice[]): Promise<string[]> {
    const rows: unknown[][] = [];
    for (const n of notices) {
      if ((NOTICE_KINDS[n.kind].subject === 'case') !== (n.caseId !== undefined))
        throw new Error(`notice ${n.kind} about the wrong subject`);
      const page = n.caseId ? rooms.case(n.caseId) : rooms.ticket(n.ticketId!);
      const recipients: [NoticeChannel, string][] = [['page', page]];
      const mobile = this.sms.enabled && n.caseId ? mobileNumber(await this.cases.applicantPhone(n.caseId, em)) : null;
      if (mobile) recipients.push(['sms', maskPhone(mobile)]);
      for (const [channel, recipient] of recipients) {
        rows.push([
          randomUUID(),
          n.hallId,
          n.kind,
          n.caseId ?? null,
          n.ticketId ?? null,
          channel,
          recipient,
          n.kind,
          JSON.stringify(n.params),
          n.occurrence,
          n.at,
        ]);
      }
    }
    if (rows.length === 0) return [];
    // Column by column, so that the statement's text is the same for any number of rows and stays prepared.
    const column = (i: number) => rows.map((r) => r[i]);
    const written = await preparedQuery<{ id: string }>(
      em,
      `insert into notification_outbox
         (id, hall_id, kind, case_id, ticket_id, channel, recipient, template_key, params, occurrence, created_at, next_attempt_at)
       select r.*, now() from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[],
                                     $9::jsonb[], $10::int[], $11::timestamptz[]) as r
       on conflict (coalesce(case_id, ticket_id), kind, channel, occurrence) do nothing
       returning id`,
      rows[0].map((_v, i) => column(i)),
    );
    await this.queue.enqueue(
      em,
      written.map((w) => ({ outboxId: w.id })),
    );
    return written.map((w) => w.id);
  }
}
