import { CaseBundle } from './entities/case-bundle.entity';
import { Case } from './entities/case.entity';
import type { CaseOutcome } from '../events/domain-events';
import { randomCode } from './case-codes';
import type { CaseActor, CaseTx } from './case-ledger';
import { CaseStatus, OPEN_CASE_STATUSES } from './domain/case-state-machine';

/** Statuses in which a part of a bundle still keeps the bundle from concluding. */
const UNFINISHED: readonly CaseStatus[] = [...OPEN_CASE_STATUSES, 'approved', 'denied'];

/** What every case event says about its case. */
export function caseFacts(c: Case) {
  return {
    caseId: c.id,
    caseNumber: c.caseNumber,
    hallId: c.hallId,
    itemName: c.itemName,
    departmentId: c.itemDepartmentId,
    itemId: c.itemId,
    caseType: c.caseType,
    bundleId: c.bundleId,
    windowId: c.windowId,
    clerkId: c.clerkId,
    channel: c.channel,
  };
}

export async function publishAccepted(tx: CaseTx, c: Case, obligations: number): Promise<void> {
  await tx.publish({
    name: 'case.accepted',
    payload: {
      ...caseFacts(c),
      acceptedAt: c.acceptedAt!,
      promisedDueAt: c.promisedDueAt!,
      legalDueAt: c.legalDueAt,
      commitment: c.commitment,
      obligations,
      ticketId: c.ticketId,
    },
  });
}

/** 办结 at this level: the clock stops for good and statistics count it. `from` is where the case stood before the concluding moves. */
export async function concluded(tx: CaseTx, c: Case, outcome: CaseOutcome, from: CaseStatus): Promise<void> {
  c.concludedAt = tx.now;
  await tx.settleOpenParts(c, from);
  c.nextWarningAt = null;
  await tx.publish({
    name: 'case.concluded',
    payload: {
      ...caseFacts(c),
      outcome,
      acceptedAt: c.acceptedAt!,
      concludedAt: tx.now,
      promisedDueAt: c.promisedDueAt!,
      legalDueAt: c.legalDueAt,
      onTime: tx.now.getTime() <= c.promisedDueAt!.getTime(),
      extended: c.extended,
      visits: c.visits,
    },
  });
  await settleBundle(tx, c);
}

/** Ended without a decision here. */
export async function closed(tx: CaseTx, c: Case, from: CaseStatus): Promise<void> {
  c.closedAt = tx.now;
  await tx.settleOpenParts(c, from);
  await tx.publish({
    name: 'case.closed',
    payload: {
      ...caseFacts(c),
      status: c.status as 'withdrawn' | 'aborted' | 'not_accepted' | 'returned',
      receivedAt: c.receivedAt,
      acceptedAt: c.acceptedAt,
      closedAt: tx.now,
      refusalReason: c.status === 'not_accepted' ? c.refusalReason : null,
    },
  });
  await settleBundle(tx, c);
}

/**
 * The result goes to the unified pickup windows with a code the citizen brings. `inVisit`: it is
 * handed over at once at the same window, so nobody is told it is waiting.
 */
export async function prepareResult(tx: CaseTx, c: Case, actor: CaseActor, inVisit = false): Promise<void> {
  c.pickupCode = randomCode();
  c.resultReadyAt = tx.now;
  await tx.move(c, 'prepare_result', actor, { data: { deliveryMethod: c.deliveryMethod } });
  if (inVisit) return;
  await tx.publish({
    name: 'case.result_ready',
    payload: { ...caseFacts(c), readyAt: tx.now, pickupCode: c.pickupCode, deliveryMethod: c.deliveryMethod },
  });
}

export async function publishCorrectionRequested(tx: CaseTx, c: Case): Promise<void> {
  await tx.publish({
    name: 'case.correction_requested',
    payload: { ...caseFacts(c), requestedAt: tx.now, missingMaterials: c.missingMaterials, caseVersion: c.version },
  });
}

export async function publishMailed(tx: CaseTx, c: Case): Promise<void> {
  await tx.publish({
    name: 'case.mailed',
    payload: { ...caseFacts(c), mailedAt: c.mailedAt!, carrier: c.carrier!, trackingNumber: c.trackingNumber! },
  });
}

/**
 * A bundle concludes when its last part does. Its row is locked first, so two parts finishing
 * at once in two transactions cannot both see the other as unfinished.
 */
async function settleBundle(tx: CaseTx, c: Case): Promise<void> {
  if (!c.bundleId) return;
  const bundle = await tx.em
    .getRepository(CaseBundle)
    .createQueryBuilder('b')
    .setLock('pessimistic_write')
    .where('b.id = :id', { id: c.bundleId })
    .getOne();
  if (!bundle || bundle.concludedAt) return;
  await tx.flush();
  const parts = await tx.em.getRepository(Case).find({ where: { bundleId: bundle.id }, select: { id: true, status: true } });
  if (parts.some((p) => UNFINISHED.includes(p.status))) return;
  await tx.em.update(CaseBundle, { id: bundle.id }, { concludedAt: tx.now });
  await tx.publish({
    name: 'bundle.concluded',
    payload: { bundleId: bundle.id, hallId: bundle.hallId, caseIds: parts.map((p) => p.id), concludedAt: tx.now },
  });
}
