import { Injectable } from '@nestjs/common';
import { rooms } from '../../realtime/realtime-events';
import { RealtimeService } from '../../realtime/realtime.service';
import type { NoticeSender, OutgoingNotice } from './notice-channel';

/** The citizen's own live page: the case's or the ticket's room, on every instance. */
@Injectable()
export class PageChannel implements NoticeSender {
  readonly channel = 'page' as const;

  constructor(private readonly realtime: RealtimeService) {}

  async send(n: OutgoingNotice): Promise<void> {
    const room = n.caseId ? rooms.case(n.caseId) : rooms.ticket(n.ticketId!);
    this.realtime.publish({
      name: 'notice',
      rooms: [room],
      payload: { id: n.id, kind: n.kind, text: n.text, params: n.params, at: n.createdAt.toISOString() },
    });
  }
}
