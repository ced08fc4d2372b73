import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { StaffPrincipal } from '../auth/principal';
import { CatalogService } from '../catalog/catalog.service';
import { AppException } from '../common/errors/app-exception';
import { UsersService } from '../users/users.service';
import { actorOf, CaseLedger, CaseTx } from './case-ledger';
import { caseFacts, closed, concluded, prepareResult } from './case-outcomes';
import { CaseViews, deadlinePassed } from './case-views';
import { DishonestList } from './dishonest-list';
import { advanceStep, isFinalStep, mayHandleStep, returnToPreviousStep, StepMoveResult, StepProgress } from './domain/approval-steps';
import { CaseStepMove, extensionWorkingDays, Suspension } from './domain/case-state-machine';
import {
  AssignDto,
  CommitmentCheckDto,
  DecisionDto,
  ExtensionRequestDto,
  OptionalReasonDto,
  ReasonDto,
  ReportDto,
  SuspendDto,
} from './dto/back-office.dto';
import type { CaseDto } from './dto/case.dto';
import { Case } from './entities/case.entity';
import { CaseExtensionRequest } from './entities/case-extension-request.entity';
import { CaseSuspension } from './entities/case-suspension.entity';

function progressOf(c: Case): StepProgress {
  return { steps: c.steps.map((s) => s.name), current: c.currentStep };
}

function stepDepartment(c: Case, index: number): string {
  return c.steps[index].departmentId ?? c.itemDepartmentId;
}

/**
 * The back office: claim and assign, the item's steps, suspension, extension, report and the
 * decision. Approvers act only on their own department's cases, and only on those they claimed.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly ledger: CaseLedger,
    private readonly views: CaseViews,
    private readonly dishonest: DishonestList,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
  ) {}

  claim(p: StaffPrincipal, caseId: string): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const actor = actorOf(p);
      if (c.assigneeId === p.id) return;
      if (c.assigneeId) throw new AppException('CASE_CLAIMED_BY_OTHER', { assigneeId: c.assigneeId });
      tx.check(c, 'claim', actor);
      await this.assertMayHandle(c, p.id);
      c.assigneeId = p.id;
      if (c.status === 'accepted') await tx.move(c, 'start_review', actor, { data: { assigneeId: p.id } });
      else await tx.note(c, 'claim', actor, { data: { assigneeId: p.id } });
    });
  }

  assign(p: StaffPrincipal, caseId: string, dto: AssignDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const actor = actorOf(p);
      tx.check(c, 'assign', actor);
      if (!(await this.users.isActiveApprover(dto.assigneeId, c.hallId, c.departmentId, tx.em)))
        throw new AppException('ASSIGNEE_INVALID', { assigneeId: dto.assigneeId, departmentId: c.departmentId });
      await this.assertMayHandle(c, dto.assigneeId);
      c.assigneeId = dto.assigneeId;
      if (c.status === 'accepted') await tx.move(c, 'start_review', actor, { data: { assigneeId: dto.assigneeId } });
      else await tx.note(c, 'assign', actor, { data: { assigneeId: dto.assigneeId } });
    });
  }

  /** On to the next step; at a step of a 联办件 handled by another department, the case moves to that department's list. */
  advance(p: StaffPrincipal, caseId: string): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const actor = actorOf(p);
      const result = this.stepMove(tx, p, c, 'advance_step', advanceStep);
      const distinct = await this.assertMayHandle(c, p.id);
      const from = c.currentStep;
      c.steps = c.steps.map((s, i) => (i === from ? { ...s, handledBy: p.id } : s));
      c.currentStep = result.progress.current;
      this.moveToDepartment(c, stepDepartment(c, c.currentStep), null);
      // The next step is another approver's: back to the department's list, unclaimed.
      if (distinct && c.assigneeId === p.id) c.assigneeId = null;
      await tx.note(c, 'advance_step', actor, { data: { from: result.from, to: result.to, departmentId: c.departmentId } });
    });
  }

  /** 退回: back to the previous step and whoever passed it on. */
  returnToPrevious(p: StaffPrincipal, caseId: string, dto: ReasonDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const actor = actorOf(p);
      const result = this.stepMove(tx, p, c, 'return_step', returnToPreviousStep);
      c.currentStep = result.progress.current;
      this.moveToDepartment(c, stepDepartment(c, c.currentStep), c.steps[c.currentStep].handledBy ?? null);
      await tx.note(c, 'return_step', actor, {
        reason: dto.reason,
        data: { from: result.from, to: result.to, departmentId: c.departmentId },
      });
    });
  }

  suspend(p: StaffPrincipal, caseId: string, dto: SuspendDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      this.assertClaimed(p, c);
      const suspension = {
        kind: dto.kind,
        procedure: dto.procedure,
        reason: dto.reason,
        expectedWorkingDays: dto.expectedWorkingDays,
      } as Suspension;
      await tx.move(c, 'suspend', actorOf(p), { input: { suspension }, reason: dto.reason, data: { suspension } });
      await tx.em.insert(CaseSuspension, {
        caseId: c.id,
        kind: dto.kind,
        procedure: dto.kind === 'special_procedure' ? dto.procedure! : null,
        reason: dto.reason,
        expectedWorkingDays: dto.expectedWorkingDays,
        fromAt: tx.now,
        toAt: null,
        startedBy: p.id,
        endedBy: null,
      });
      await tx.refreshClock(c);
    });
  }

  /** The clock runs again; the dues move by the working time the suspension covered. */
  resume(p: StaffPrincipal, caseId: string): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      this.assertClaimed(p, c);
      const open = await tx.em.getRepository(CaseSuspension).findOneBy({ caseId: c.id, toAt: IsNull() });
      await tx.move(c, 'resume', actorOf(p), { data: { suspensionId: open?.id ?? null, suspendedSince: open?.fromAt ?? null } });
      if (open) await tx.em.update(CaseSuspension, { id: open.id }, { toAt: tx.now, endedBy: p.id });
      await tx.refreshClock(c);
    });
  }

  requestExtension(p: StaffPrincipal, caseId: string, dto: ExtensionRequestDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const actor = actorOf(p);
      this.assertClaimed(p, c);
      tx.check(c, 'request_extension', actor);
      this.assertWithinAllowance(c, dto.workingDays);
      if (deadlinePassed(c, tx.now)) throw new AppException('EXTENSION_AFTER_DEADLINE', { deadline: c.legalDueAt ?? c.promisedDueAt });
      const pending = await tx.em.getRepository(CaseExtensionRequest).findOneBy({ caseId: c.id, status: 'pending' });
      if (pending) throw new AppException('EXTENSION_ALREADY_REQUESTED', { requestId: pending.id });
      const inserted = await tx.em.insert(CaseExtensionRequest, {
        caseId: c.id,
        workingDays: dto.workingDays,
        reason: dto.reason,
        requestedBy: p.id,
        requestedAt: tx.now,
        status: 'pending',
      });
      await tx.note(c, 'request_extension', actor, {
        reason: dto.reason,
        data: { requestId: inserted.identifiers[0].id, workingDays: dto.workingDays },
      });
    });
  }

  /** 延期 granted by a manager, only before the deadline: both dues move by the working days granted. */
  approveExtension(p: StaffPrincipal, caseId: string, dto: OptionalReasonDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const request = await this.pendingExtension(tx, c);
      this.assertWithinAllowance(c, request.workingDays);
      await tx.move(c, 'extend', actorOf(p), {
        input: { reason: dto.reason ?? request.reason },
        deadlinePassed: deadlinePassed(c, tx.now),
        data: { requestId: request.id, workingDays: request.workingDays },
      });
      c.extensionWorkingDays = request.workingDays;
      await tx.em.update(
        CaseExtensionRequest,
        { id: request.id },
        { status: 'approved', decidedBy: p.id, decidedAt: tx.now, decisionReason: dto.reason ?? null },
      );
      await tx.refreshClock(c);
    });
  }

  rejectExtension(p: StaffPrincipal, caseId: string, dto: ReasonDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const request = await this.pendingExtension(tx, c);
      await tx.em.update(
        CaseExtensionRequest,
        { id: request.id },
        { status: 'rejected', decidedBy: p.id, decidedAt: tx.now, decisionReason: dto.reason },
      );
      await tx.note(c, 'reject_extension', actorOf(p), { reason: dto.reason, data: { requestId: request.id } });
    });
  }

  /** 上报件: a higher level decides; this level's part ends as 转报办结. */
  report(p: StaffPrincipal, caseId: string, dto: ReportDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      this.assertClaimed(p, c);
      this.assertFinalStep(c);
      await tx.move(c, 'report', actorOf(p), { reason: dto.reason ?? null, data: { reportedTo: dto.reportedTo } });
      c.reportedTo = dto.reportedTo;
      c.decidedAt = tx.now;
      await concluded(tx, c, 'reported', 'in_review');
    });
  }

  /** 准予 or 不予许可, only at the final step; the case concludes and its result goes to the pickup windows. */
  decide(p: StaffPrincipal, caseId: string, dto: DecisionDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const actor = actorOf(p);
      this.assertClaimed(p, c);
      this.assertFinalStep(c);
      await this.assertMayHandle(c, p.id);
      if (dto.decision === 'approve') {
        await tx.move(c, 'approve', actor, { reason: dto.reason ?? null });
        c.decision = 'approved';
      } else {
        await tx.move(c, 'deny', actor, { input: { reason: dto.reason, remedy: dto.remedies }, data: { remedies: dto.remedies } });
        c.decision = 'denied';
        c.remedies = dto.remedies!;
      }
      c.decisionReason = dto.reason ?? null;
      c.decidedAt = tx.now;
      c.steps = c.steps.map((s, i) => (i === c.currentStep ? { ...s, handledBy: p.id } : s));
      await tx.move(c, 'conclude', actor);
      await concluded(tx, c, c.decision, 'in_review');
      await prepareResult(tx, c, actor);
    });
  }

  /** 异常终止 by a manager, with the reason. */
  abort(p: StaffPrincipal, caseId: string, dto: ReasonDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const from = c.status;
      await tx.move(c, 'abort', actorOf(p), { input: { reason: dto.reason } });
      await closed(tx, c, from);
    });
  }

  /** The check after a 告知承诺 approval; an untrue commitment revokes it and records the applicant as 失信. */
  checkCommitment(p: StaffPrincipal, caseId: string, dto: CommitmentCheckDto): Promise<CaseDto> {
    return this.act(p, caseId, async (tx, c) => {
      const actor = actorOf(p);
      if (!c.commitment || !c.concludedAt || c.revokedAt) {
        throw new AppException('COMMITMENT_CHECK_NOT_APPLICABLE', { commitment: c.commitment, status: c.status, revokedAt: c.revokedAt });
      }
      if (dto.truthful) {
        await tx.note(c, 'verify_commitment', actor, { reason: dto.reason });
        return;
      }
      c.revokedAt = tx.now;
      c.revocationReason = dto.reason;
      // Past its retention period the case no longer knows whose it was: the revocation stands, the 失信 entry cannot be made.
      const fingerprint = c.applicantIdFingerprint;
      if (fingerprint !== null)
        await this.dishonest.record(tx.em, { fingerprint, caseId: c.id, reason: dto.reason, recordedBy: p.id, at: tx.now });
      await tx.note(c, 'revoke_commitment', actor, { reason: dto.reason, data: { dishonestRecorded: fingerprint !== null } });
      await tx.publish({
        name: 'case.revoked',
        payload: {
          ...caseFacts(c),
          revokedAt: tx.now,
          reason: dto.reason,
        },
      });
    });
  }

  private async act(p: StaffPrincipal, caseId: string, work: (tx: CaseTx, c: Case) => Promise<void>): Promise<CaseDto> {
    const c = await this.ledger.run(async (tx) => {
      const c = await tx.lock(caseId);
      assertHallAccess(p, c.hallId);
      if (p.role === 'approver' && p.departmentId !== c.departmentId) {
        throw new AppException('CASE_OF_OTHER_DEPARTMENT', { caseId, departmentId: c.departmentId });
      }
      await work(tx, c);
      return c;
    });
    return this.views.detail(p, c);
  }

  /** An approver works only on a case they claimed; a manager may step in anywhere the state machine lets them. */
  private assertClaimed(p: StaffPrincipal, c: Case): void {
    if (p.role !== 'approver') return;
    if (!c.assigneeId) throw new AppException('CASE_NOT_CLAIMED', { caseId: c.id });
    if (c.assigneeId !== p.id) throw new AppException('CASE_CLAIMED_BY_OTHER', { assigneeId: c.assigneeId });
  }

  /** Where `move` (by the approver who claimed the case, or a manager) takes the case's steps; refused when it cannot. */
  private stepMove(tx: CaseTx, p: StaffPrincipal, c: Case, move: CaseStepMove, to: (progress: StepProgress) => StepMoveResult) {
    this.assertClaimed(p, c);
    tx.check(c, move, actorOf(p));
    const result = to(progressOf(c));
    if (!result.ok) throw new AppException(result.code, { step: c.steps[c.currentStep].name });
    return result;
  }

  /**
   * 审批分离 (the item's distinctApprovers): who passed an earlier step of the case may not take,
   * pass or decide this one. Returns whether the item keeps its steps apart.
   */
  private async assertMayHandle(c: Case, approverId: string): Promise<boolean> {
    const { distinctApprovers } = await this.catalog.getItem(c.itemId);
    if (
      !mayHandleStep(
        c.steps.map((s) => s.handledBy),
        c.currentStep,
        approverId,
        distinctApprovers,
      )
    ) {
      throw new AppException('SAME_APPROVER_FOR_STEPS', { step: c.steps[c.currentStep].name, approverId });
    }
    return distinctApprovers;
  }

  private assertFinalStep(c: Case): void {
    if (c.status === 'in_review' && !isFinalStep(progressOf(c))) {
      throw new AppException('NOT_AT_FINAL_STEP', { step: c.steps[c.currentStep].name, finalStep: c.steps[c.steps.length - 1].name });
    }
  }

  private assertWithinAllowance(c: Case, workingDays: number): void {
    const allowance = extensionWorkingDays(c.caseType);
    if (c.extended || workingDays > allowance) {
      throw new AppException('EXTENSION_BEYOND_ALLOWANCE', { requested: workingDays, allowance, alreadyExtended: c.extended });
    }
  }

  private async pendingExtension(tx: CaseTx, c: Case): Promise<CaseExtensionRequest> {
    const request = await tx.em.getRepository(CaseExtensionRequest).findOneBy({ caseId: c.id, status: 'pending' });
    if (!request) throw new AppException('EXTENSION_REQUEST_NOT_FOUND', { caseId: c.id });
    return request;
  }

  /** A step handled by another department goes to its work list, unclaimed unless we know who handled it before. */
  private moveToDepartment(c: Case, departmentId: string, handler: string | null): void {
    if (departmentId !== c.departmentId) {
      c.departmentId = departmentId;
      c.assigneeId = handler;
    } else if (handler) {
      c.assigneeId = handler;
    }
  }
}
