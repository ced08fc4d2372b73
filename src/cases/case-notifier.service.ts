import { Injectable, Logger } from '@nestjs/common';
import { formatInstant } from '../common/time/iso-time';
import { HallsService } from '../halls/halls.service';
import { rooms } from '../realtime/realtime-events';
import { RealtimeService } from '../realtime/realtime.service';
import type { CommittedChanges } from './case-ledger';
import { CaseViews } from './case-views';
import type { CaseStatus } from './domain/case-state-machine';

const LISTED: ReadonlySet<CaseStatus> = new Set(['accepted', 'in_review', 'suspended']);
const AT_PICKUP: ReadonlySet<CaseStatus> = new Set(['ready_for_pickup', 'picked_up', 'mailed', 'delivered']);

/**
 * Tells the screens about committed case changes: the citizen's page, the work lists of the
 * departments a case left or entered, the manager's monitor, the pickup windows, and warning
 * level changes. Never called before the commit (CaseLedger.run), so nothing rolled back is shown.
 */
@Injectable()
export class CaseNotifier {
  private readonly logger = new Logger('Cases');

  constructor(
    private readonly realtime: RealtimeService,
    private readonly views: CaseViews,
    private readonly halls: HallsService,
  ) {}

  committed(changes: CommittedChanges): void {
    for (const hallId of new Set(changes.cases.map(({ current }) => current.hallId))) this.realtime.signal('cases.changed', { hallId });
    this.send(changes).catch((err: Error) => this.logger.error({ msg: 'case push failed', error: err.message }));
  }

  private async send({ cases, warnings, at }: CommittedChanges): Promise<void> {
    const iso = at.toISOString();
    for (const { current: c, before } of cases) {
      this.realtime.publish({ name: 'case.updated', rooms: [rooms.case(c.id)], payload: await this.views.live(c, at) });

      const departments = new Set<string>();
      if (LISTED.has(c.status)) departments.add(c.departmentId);
      if (before && LISTED.has(before.status)) departments.add(before.departmentId);
      for (const departmentId of departments) {
        this.realtime.publish({
          name: 'worklist.changed',
          rooms: [rooms.departmentCases(c.hallId, departmentId), rooms.hallCases(c.hallId)],
          payload: {
            hallId: c.hallId,
            departmentId,
            caseId: c.id,
            caseNumber: c.caseNumber,
            version: c.version,
            status: c.status,
            assigneeId: c.assigneeId,
            listed: LISTED.has(c.status) && c.departmentId === departmentId,
            at: iso,
          },
        });
      }

      const waiting = (status: CaseStatus | undefined) => status === 'received';
      if (c.channel === 'online' && (waiting(c.status) || waiting(before?.status)) && before?.status !== c.status) {
        this.realtime.publish({
          name: 'pre_exam.changed',
          rooms: [rooms.preExam(c.hallId)],
          payload: {
            hallId: c.hallId,
            caseId: c.id,
            caseNumber: c.caseNumber,
            itemName: c.itemName,
            applicantName: c.applicantNameMasked ?? '',
            status: c.status,
            listed: waiting(c.status),
            at: iso,
          },
        });
      }

      if (AT_PICKUP.has(c.status) && before?.status !== c.status) {
        this.realtime.publish({
          name: 'pickup.changed',
          rooms: [rooms.pickup(c.hallId), rooms.hallCases(c.hallId)],
          payload: {
            hallId: c.hallId,
            caseId: c.id,
            caseNumber: c.caseNumber,
            itemName: c.itemName,
            applicantName: c.applicantNameMasked,
            status: c.status,
            at: iso,
          },
        });
      }
    }

    for (const { c, change } of warnings) {
      const { timezone } = await this.halls.getHall(c.hallId);
      const local = (d: Date | null) => (d ? formatInstant(d.getTime(), timezone) : null);
      this.realtime.publish({
        name: 'case.warning',
        rooms: [rooms.departmentCases(c.hallId, c.departmentId), rooms.hallCases(c.hallId)],
        payload: {
          hallId: c.hallId,
          caseId: c.id,
          caseNumber: c.caseNumber,
          departmentId: c.departmentId,
          itemName: c.itemName,
          level: change.to,
          previousLevel: change.from,
          promisedDueAt: local(c.promisedDueAt),
          legalDueAt: local(c.legalDueAt),
          at: iso,
        },
      });
    }
  }
}
