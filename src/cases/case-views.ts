import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.service';
import type { StaffPrincipal } from '../auth/principal';
import { formatInstant } from '../common/time/iso-time';
import { CatalogService } from '../catalog/catalog.service';
import { HallsService } from '../halls/halls.service';
import { PiiVault } from '../pii/pii-vault.service';
import { Clock } from '../common/time/clock';
import type { CaseLiveView } from '../realtime/realtime-events';
import { openApplicant } from './applicant-identity';
import { legalLimitOf, promisedLimitOf } from './case-clock';
import { allowedCaseMoves, CaseRole, CaseStatus, isOpenStatus } from './domain/case-state-machine';
import type { CaseDto, CaseListEntryDto, PickupEntryDto } from './dto/case.dto';
import { Case } from './entities/case.entity';
import { CaseExtensionRequest } from './entities/case-extension-request.entity';
import { CaseObligation } from './entities/case-obligation.entity';
import { CaseSuspension } from './entities/case-suspension.entity';

const STATUS_LABELS: Record<CaseStatus, string> = {
  received: '已收件',
  not_accepted: '不予受理',
  correction_requested: '待补正材料',
  accepted: '已受理',
  in_review: '审查中',
  suspended: '暂停计时',
  reported: '已上报上级机关（转报办结）',
  approved: '准予许可',
  denied: '不予许可',
  concluded: '已办结',
  ready_for_pickup: '已办结，待领取',
  picked_up: '已领取',
  mailed: '已寄出',
  delivered: '已送达',
  withdrawn: '已撤回申请',
  aborted: '异常终止',
  returned: '已退件',
};

export function statusLabel(status: CaseStatus): string {
  return STATUS_LABELS[status];
}

/** Only the clerk who accepted the case sees the applicant's name, identity number, contact and query code in full. */
function isAcceptingClerk(principal: StaffPrincipal, c: Case): boolean {
  return principal.role === 'clerk' && principal.id === c.clerkId;
}

/** The deadline an extension would extend: the legal one, or the promised one for an item without a legal limit. */
export function deadlinePassed(c: Case, at: Date): boolean {
  const deadline = c.legalDueAt ?? c.promisedDueAt;
  return deadline !== null && at.getTime() > deadline.getTime();
}

/** What a case's list entry and its detail both say of it. */
function caseHead(c: Case) {
  const { id, caseNumber, bundleId, itemId, itemName, caseType, status, version, departmentId, assigneeId } = c;
  return { id, caseNumber, bundleId, itemId, itemName, caseType, status, version, departmentId, assigneeId };
}

export function listEntry(c: Case): CaseListEntryDto {
  const step = c.steps[c.currentStep];
  return {
    ...caseHead(c),
    applicantName: c.applicantNameMasked,
    applicantIdNumber: c.applicantIdMasked,
    warningLevel: c.warningLevel,
    acceptedAt: c.acceptedAt,
    promisedDueAt: c.promisedDueAt,
    legalDueAt: c.legalDueAt,
    currentStepName: step?.name ?? '',
    currentStepDueAt: step?.dueAt ?? null,
    extended: c.extended,
  };
}

export function pickupEntry(c: Case): PickupEntryDto {
  return {
    caseId: c.id,
    caseNumber: c.caseNumber,
    bundleId: c.bundleId,
    itemName: c.itemName,
    applicantName: c.applicantNameMasked,
    applicantIdNumber: c.applicantIdMasked,
    deliveryMethod: c.deliveryMethod,
    decision: c.decision,
    resultReadyAt: c.resultReadyAt,
  };
}

/** Read models of a case: the staff's full view, the work-list row and the citizen's page. */
@Injectable()
export class CaseViews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly vault: PiiVault,
    private readonly catalog: CatalogService,
  ) {}

  async detail(principal: StaffPrincipal, c: Case): Promise<CaseDto> {
    const [obligations, suspensions, extensionRequests] = await Promise.all([
      this.dataSource.getRepository(CaseObligation).find({ where: { caseId: c.id }, order: { dueAt: 'ASC', material: 'ASC' } }),
      this.dataSource.getRepository(CaseSuspension).find({ where: { caseId: c.id }, order: { fromAt: 'ASC' } }),
      this.dataSource.getRepository(CaseExtensionRequest).find({ where: { caseId: c.id }, order: { requestedAt: 'ASC' } }),
    ]);
    const openObligations = obligations.filter((o) => o.status === 'open').length;
    const own = isAcceptingClerk(principal, c);
    const full = own ? openApplicant(this.vault, c) : null;
    // An admin reads as a manager; no other role reaches a case.
    const role: CaseRole = principal.role === 'clerk' || principal.role === 'approver' ? principal.role : 'manager';
    const dto: CaseDto = {
      ...caseHead(c),
      hallId: c.hallId,
      itemDepartmentId: c.itemDepartmentId,
      applicant: {
        kind: c.applicantKind,
        name: full?.name ?? c.applicantNameMasked,
        idNumber: full?.idNumber ?? c.applicantIdMasked,
        contactName: full ? full.contactName : c.contactNameMasked,
        contactPhone: full?.contactPhone ?? c.contactPhoneMasked,
      },
      ticketId: c.ticketId,
      windowId: c.windowId,
      clerkId: c.clerkId,
      materials: c.materials,
      missingMaterials: c.missingMaterials,
      refusalReason: c.refusalReason,
      deliveryMethod: c.deliveryMethod,
      promisedLimit: promisedLimitOf(c),
      legalLimit: legalLimitOf(c),
      receivedAt: c.receivedAt,
      acceptedAt: c.acceptedAt,
      clockStartAt: c.clockStartAt,
      promisedDueAt: c.promisedDueAt,
      legalDueAt: c.legalDueAt,
      decidedAt: c.decidedAt,
      concludedAt: c.concludedAt,
      closedAt: c.closedAt,
      steps: c.steps,
      currentStep: c.currentStep,
      warningLevel: c.warningLevel,
      extended: c.extended,
      extensionWorkingDays: c.extensionWorkingDays,
      commitment: c.commitment,
      revokedAt: c.revokedAt,
      revocationReason: c.revocationReason,
      decision: c.decision,
      decisionReason: c.decisionReason,
      remedies: c.remedies,
      reportedTo: c.reportedTo,
      visits: c.visits,
      pickupCode: c.pickupCode,
      resultReadyAt: c.resultReadyAt,
      pickedUpAt: c.pickedUpAt,
      carrier: c.carrier,
      trackingNumber: c.trackingNumber,
      mailedAt: c.mailedAt,
      deliveredAt: c.deliveredAt,
      certificateNumber: c.certificateNumber,
      obligations: obligations.map(({ id, material, dueAt, status, fulfilledAt }) => ({ id, material, dueAt, status, fulfilledAt })),
      suspensions: suspensions.map(({ id, kind, procedure, reason, expectedWorkingDays, fromAt, toAt }) => ({
        id,
        kind,
        procedure,
        reason,
        expectedWorkingDays,
        fromAt,
        toAt,
      })),
      extensionRequests: extensionRequests.map(({ caseId: _caseId, ...r }) => r),
      allowedMoves: allowedCaseMoves(
        { status: c.status, extended: c.extended },
        { role, caseType: c.caseType, commitment: c.commitment, openObligations, deadlinePassed: deadlinePassed(c, this.clock.now()) },
      ),
    };
    if (own) dto.queryCode = c.queryCode;
    if (full) {
      // Each showing of a full ID number is on the trail: who saw whose (masked, and the keyed
      // fingerprint that finds the person's other records) and why.
      await this.audit.record({
        action: 'pii.id_number.view',
        targetType: 'case',
        targetId: c.id,
        result: 'success',
        detail: {
          caseNumber: c.caseNumber,
          kind: c.applicantKind,
          idNumber: c.applicantIdMasked,
          fingerprint: c.applicantIdFingerprint,
          purpose: 'accepting_clerk',
        },
      });
    }
    return dto;
  }

  /**
   * An online case waiting for its 补正: the checklist the applicant uploads to by position. Its checklist is the
   * item's until the pre-examination passes (as in CaseFilesService), so the item's materials when it has none yet.
   */
  private async onlineCorrection(c: Case): Promise<string[] | null> {
    if (c.status !== 'correction_requested' || c.channel !== 'online') return null;
    if (c.materials.length > 0) return c.materials.map((m) => m.name);
    return (await this.catalog.getItem(c.itemId)).materials.map((m) => m.name);
  }

  async live(c: Case, at: Date): Promise<CaseLiveView> {
    const [hall, obligations] = await Promise.all([
      this.halls.getHall(c.hallId),
      this.dataSource.getRepository(CaseObligation).find({ where: { caseId: c.id }, order: { dueAt: 'ASC', material: 'ASC' } }),
    ]);
    const local = (d: Date | null) => (d ? formatInstant(d.getTime(), hall.timezone) : null);
    const decided = !isOpenStatus(c.status);
    return {
      caseNumber: c.caseNumber,
      version: c.version,
      hallName: hall.name,
      itemName: c.itemName,
      status: c.status,
      statusLabel: c.revokedAt ? '许可已撤销' : statusLabel(c.status),
      applicant: { name: c.applicantNameMasked, idNumber: c.applicantIdMasked },
      receivedAt: local(c.receivedAt)!,
      acceptedAt: local(c.acceptedAt),
      promisedDueAt: local(c.promisedDueAt),
      legalDueAt: local(c.legalDueAt),
      suspended: c.status === 'suspended',
      extended: c.extended,
      revoked: c.revokedAt !== null,
      steps: c.steps.map((s, i) => ({
        name: s.name,
        dueAt: s.dueAt ? formatInstant(Date.parse(s.dueAt), hall.timezone) : null,
        state: decided || i < c.currentStep ? 'done' : i === c.currentStep && c.acceptedAt ? 'current' : 'pending',
      })),
      missingMaterials: c.status === 'correction_requested' ? c.missingMaterials : [],
      onlineCorrection: await this.onlineCorrection(c),
      obligations: obligations
        .filter((o) => o.status !== 'void')
        .map((o) => ({ material: o.material, dueAt: local(o.dueAt)!, status: o.status })),
      deliveryMethod: c.deliveryMethod,
      readyForPickup: c.status === 'ready_for_pickup',
      pickupCode: c.status === 'ready_for_pickup' ? c.pickupCode : null,
      shipment: c.carrier && c.trackingNumber ? { carrier: c.carrier, trackingNumber: c.trackingNumber } : null,
      concludedAt: local(c.concludedAt),
      at: at.toISOString(),
    };
  }
}
