import type { NoticeChannel, NoticeKind, NoticeParams } from '../domain/notice-kinds';

/** What a channel is given to send: an outbox row with its text rendered. */
export interface OutgoingNotice {
  /** The outbox row's id: the page's "shown once" key and the SMS gateway's idempotency key. */
  id: string;
  kind: NoticeKind;
  caseId: string | null;
  ticketId: string | null;
  params: NoticeParams;
  text: string;
  createdAt: Date;
}

/** A failed send; `permanent` when trying again cannot help (no mobile number, the gateway refused the request itself). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** One way of reaching the applicant. `send` resolves once the channel has taken the notice, or throws a DeliveryError. */
export interface NoticeSender {
  readonly channel: NoticeChannel;
  send(notice: OutgoingNotice): Promise<void>;
}
