import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { StaffPrincipal } from '../auth/principal';
import { parseIsoInstant } from '../common/time/iso-time';
import { CatalogService, ServiceItemView } from '../catalog/catalog.service';
import { AppException } from '../common/errors/app-exception';
import { ERROR_CODES } from '../common/errors/error-codes';
import { HallsService } from '../halls/halls.service';
import { PiiVault } from '../pii/pii-vault.service';
import { localDateTime } from '../common/time/local-day';
import { TicketsService } from '../queue/tickets.service';
import { ApplicantColumns, applicantColumns, normalisedApplicantId } from './applicant-identity';
import { formatCaseNumber, randomCode } from './case-codes';
import { actorOf, CaseActor, CaseLedger, CaseTx } from './case-ledger';

/** The citizen acting online: no account, so no id. */
const APPLICANT: CaseActor = { id: null, role: 'applicant' };

/** The applicant as a case records them: the ID number normalised (refused when invalid), name and phone trimmed. */
function applicantOf(a: ApplicantDto, now: Date) {
  return {
    kind: a.kind,
    name: a.name.trim(),
    idNumber: normalisedApplicantId(a.kind, a.idNumber, now),
    contactName: a.contactName ?? null,
    contactPhone: a.contactPhone?.trim() || null,
  };
}
import { closed, concluded, prepareResult, publishAccepted, publishCorrectionRequested } from './case-outcomes';
import { CaseViews } from './case-views';
import { assessMaterials, checkAcceptanceChoice, MaterialAssessment, OptionRefusal } from './domain/material-check';
import type { DeliveryOption } from '../catalog/domain/catalog-types';
import type { AcceptanceOption } from './domain/material-check';
import {
  ApplicantDto,
  CreateApplicationDto,
  MaterialAssessmentRequestDto,
  MaterialCheckDto,
  OriginalsSightedDto,
  ResubmissionDto,
  WithdrawDto,
} from './dto/application.dto';
import type { ApplicationResultDto, CaseDto, MaterialAssessmentDto } from './dto/case.dto';
import { CaseBundle } from './entities/case-bundle.entity';
import { Case, CaseStep } from './entities/case.entity';
import { CaseObligation } from './entities/case-obligation.entity';
import { DishonestList } from './dishonest-list';
import { CaseFilesService } from './case-files.service';
import { checkOnlineApplication } from './domain/online-application';
import type { OnlineApplicationDto, PreExaminationDto } from './dto/online-application.dto';

interface Decision {
  materials: MaterialCheckDto[];
  decision: AcceptanceOption;
  reason?: string;
  delivery?: DeliveryOption;
}

function refusal(item: ServiceItemView, r: OptionRefusal): AppException {
  const details = { itemId: item.id, itemName: item.name, ...r };
  switch (r.code) {
    case 'REQUIRED_MATERIAL_MISSING':
      return new AppException(r.code, details, `「${item.name}」缺少必要材料：${r.materials.join('、')}。请补齐后受理，或出具一次性告知书`);
    case 'DEFERRAL_NOT_POSSIBLE':
      return new AppException(r.code, details, `「${item.name}」当场办结，不能容缺受理，须补齐：${r.materials.join('、')}`);
    case 'DEFERRAL_BARRED_DISHONEST':
      return new AppException(r.code, details, `申请人有失信记录，不能容缺受理，须补齐：${r.materials.join('、')}`);
    default:
      return new AppException(r.code, details);
  }
}

/** The item's steps as the case will run them (the catalogue gives every item at least one). */
function stepsOf(item: ServiceItemView): CaseStep[] {
  return item.steps.map((s) => ({ name: s.name, sharePercent: s.timeSharePercent, departmentId: s.departmentId, dueAt: null }));
}

/** What differs between a case received at a window and one received online; every other field starts as below. */
type ReceivedAs = Pick<
  Case,
  | 'id'
  | 'hallId'
  | 'bundleId'
  | 'caseNumber'
  | 'localDate'
  | 'applicantKind'
  | 'ticketId'
  | 'windowId'
  | 'clerkId'
  | 'deliveryMethod'
  | 'visits'
> &
  ApplicantColumns &
  Partial<Pick<Case, 'channel'>>;

/** The row of a case as it is received: its item's limits and steps, and nothing decided, due or handed over yet. */
function receivedCase(item: ServiceItemView, at: Date, given: ReceivedAs): Case {
  return Object.assign(new Case(), {
    itemId: item.id,
    itemName: item.name,
    itemDepartmentId: item.departmentId,
    departmentId: item.steps[0]?.departmentId ?? item.departmentId,
    caseType: item.caseType,
    queryCode: randomCode(),
    status: 'received',
    version: 1,
    extended: false,
    extensionWorkingDays: 0,
    commitment: false,
    revokedAt: null,
    revocationReason: null,
    materials: [],
    missingMaterials: [],
    refusalReason: null,
    promisedLimitValue: item.promisedLimit.value,
    promisedLimitUnit: item.promisedLimit.unit,
    legalLimitValue: item.legalLimit?.value ?? null,
    legalLimitUnit: item.legalLimit?.unit ?? null,
    acceptedAt: null,
    clockStartAt: null,
    promisedDueAt: null,
    legalDueAt: null,
    decidedAt: null,
    concludedAt: null,
    closedAt: null,
    steps: stepsOf(item),
    currentStep: 0,
    assigneeId: null,
    warningLevel: null,
    nextWarningAt: null,
    decision: null,
    decisionReason: null,
    remedies: null,
    reportedTo: null,
    pickupCode: null,
    resultReadyAt: null,
    pickedUpAt: null,
    carrier: null,
    trackingNumber: null,
    mailedAt: null,
    deliveredAt: null,
    certificateNumber: null,
    receivedAt: at,
    updatedAt: at,
    ...given,
  });
}

/**
 * The front window: an application becomes one case per item (a bundle when several), and
 * each gets the clerk's decision on its materials: accept (with 容缺 obligations), accept under
 * 告知承诺, a 一次性告知 correction request, or 不予受理. 即办件 and 告知承诺 conclude at once.
 */
@Injectable()
export class AcceptanceService {
  constructor(
    private readonly ledger: CaseLedger,
    private readonly catalog: CatalogService,
    private readonly halls: HallsService,
    private readonly vault: PiiVault,
    private readonly dishonest: DishonestList,
    private readonly views: CaseViews,
    private readonly tickets: TicketsService,
    private readonly files: CaseFilesService,
  ) {}

  async apply(principal: StaffPrincipal, hallId: string, dto: CreateApplicationDto): Promise<ApplicationResultDto> {
    const actor = actorOf(principal);
    const hall = await this.halls.getHall(hallId);
    const applicant = applicantOf(dto.applicant, this.ledger.now());
    const fingerprint = this.vault.fingerprint(applicant.idNumber);
    const itemIds = dto.items.map((i) => i.itemId);
    const repeated = itemIds.filter((id, i) => itemIds.indexOf(id) !== i);
    if (repeated.length > 0) throw new AppException('APPLICATION_ITEM_DUPLICATE', { itemIds: [...new Set(repeated)] });
    const items = await Promise.all(itemIds.map((id) => this.itemOfHall(id, hallId)));

    const { bundle, cases } = await this.ledger.run(async (tx) => {
      const ticket = dto.ticketId ? await this.tickets.servedVisit(tx.em, principal, hallId, dto.ticketId) : null;
      const isDishonest = await this.dishonest.has(tx.em, fingerprint);
      let bundle: CaseBundle | null = null;
      if (items.length > 1) {
        bundle = Object.assign(new CaseBundle(), {
          id: randomUUID(),
          hallId,
          name: dto.bundleName ?? items.map((i) => i.name).join('、'),
          ticketId: ticket?.id ?? null,
          createdBy: principal.id,
          createdAt: tx.now,
          concludedAt: null,
        });
        await tx.em.insert(CaseBundle, bundle);
      }
      const localDate = localDateTime(tx.now, hall.timezone).date;
      const cases: Case[] = [];
      for (const item of items) {
        const id = randomUUID();
        const c = receivedCase(item, tx.now, {
          id,
          hallId,
          bundleId: bundle?.id ?? null,
          caseNumber: formatCaseNumber(hall.code, localDate, await nextSequence(tx.em, hallId, localDate)),
          localDate,
          applicantKind: dto.applicant.kind,
          ...applicantColumns(this.vault, id, applicant),
          ticketId: ticket?.id ?? null,
          windowId: ticket?.windowId ?? null,
          clerkId: principal.id,
          deliveryMethod: 'window',
          visits: 1,
        });
        await tx.created(c, actor, { ticketId: c.ticketId, windowId: c.windowId, bundleId: c.bundleId });
        cases.push(c);
      }
      // Every part exists before any is decided: an instant part concluding first must not find its bundle complete.
      for (const [index, c] of cases.entries()) {
        await this.decide(tx, c, items[index], dto.items[index], actor, isDishonest);
      }
      return { bundle, cases };
    });
    return {
      bundle: bundle && { id: bundle.id, name: bundle.name },
      cases: await Promise.all(cases.map((c) => this.views.detail(principal, c))),
    };
  }

  /**
   * 网上申办: the citizen's application becomes a case in received, channel online, with no clerk
   * and no visit yet; the draft's files join it in the same transaction. It waits for 网上预审.
   */
  async receiveOnline(hallId: string, dto: OnlineApplicationDto): Promise<{ caseNumber: string; queryCode: string }> {
    const hall = await this.halls.getHall(hallId);
    const item = await this.itemOfHall(dto.itemId, hallId);
    const problem = checkOnlineApplication({
      materials: item.materials,
      commitmentAllowed: item.commitmentAllowed,
      attached: dto.materials.map((m) => m.name),
      commitment: dto.commitment ?? false,
      commitmentAccepted: dto.commitmentAccepted ?? false,
    });
    if (problem) {
      const { code, ...details } = problem;
      const names = 'materials' in problem ? `：${problem.materials.join('、')}` : '';
      throw new AppException(code, { itemId: item.id, ...details }, names ? `${ERROR_CODES[code].message}${names}` : undefined);
    }
    const delivery = dto.delivery ?? 'window';
    if (!item.deliveryOptions.includes(delivery))
      throw new AppException('DELIVERY_NOT_OFFERED', { delivery, offered: item.deliveryOptions });
    const applicant = applicantOf(dto.applicant, this.ledger.now());
    return this.ledger.run(async (tx) => {
      const localDate = localDateTime(tx.now, hall.timezone).date;
      const id = randomUUID();
      const c = receivedCase(item, tx.now, {
        id,
        hallId,
        bundleId: null,
        channel: 'online',
        caseNumber: formatCaseNumber(hall.code, localDate, await nextSequence(tx.em, hallId, localDate)),
        localDate,
        applicantKind: dto.applicant.kind,
        ...applicantColumns(this.vault, id, applicant),
        ticketId: null,
        windowId: null,
        clerkId: null,
        deliveryMethod: delivery,
        visits: 0,
      });
      // The applicant acts without an account: history and files name them by role, as their re-uploads in 补正 do.
      await tx.created(c, APPLICANT, { channel: 'online', commitmentRequested: dto.commitment ?? false });
      for (const m of dto.materials) await this.files.attachDrafted(tx, c, APPLICANT, m.name, dto.draftToken, m.fileIds);
      return { caseNumber: c.caseNumber, queryCode: c.queryCode };
    });
  }

  /**
   * 网上预审 of an online case in received: pass accepts it from its files (the working-day clock
   * starts now, as at a window; 告知承诺 when the applicant chose it), 补正 sends the clerk's
   * list back to the applicant, 不予受理 ends it with the reason. The deciding clerk becomes the case's clerk.
   */
  async preExamine(principal: StaffPrincipal, caseId: string, dto: PreExaminationDto): Promise<CaseDto> {
    const actor = actorOf(principal);
    return this.act(principal, caseId, async (tx, c) => {
      if (c.channel !== 'online') throw new AppException('NOT_AN_ONLINE_CASE', { caseId });
      if (c.status !== 'received')
        tx.refuse(c, dto.decision === 'pass' ? 'accept' : dto.decision === 'correct' ? 'request_correction' : 'refuse', actor);
      const item = await this.catalog.getItem(c.itemId);
      c.clerkId = principal.id;
      if (dto.decision === 'correct') {
        const missing = dto.missingMaterials ?? [];
        c.missingMaterials = missing;
        await tx.move(c, 'request_correction', actor, {
          input: { missingMaterials: missing },
          data: { missingMaterials: missing, preExamination: true },
        });
        await publishCorrectionRequested(tx, c);
        return;
      }
      const [receipt] = await tx.em.query(
        `select (data->>'commitmentRequested')::boolean as commitment from case_events where case_id = $1 and move = 'receive'`,
        [c.id],
      );
      const decision =
        dto.decision === 'refuse' ? 'refuse' : receipt?.commitment && item.commitmentAllowed ? 'accept_on_commitment' : 'accept';
      const isDishonest = await this.isDishonest(tx, c);
      await this.decide(tx, c, item, { materials: [], decision, reason: dto.reason, delivery: c.deliveryMethod }, actor, isDishonest);
    });
  }

  /**
   * 只跑一次 at the window: the applicant of an online case that passed 预审 brings the originals; the
   * clerk serving their ticket finds the case by its number and completes the acceptance from it: the
   * originals are sighted against the files already on the case, which stay as they are, and the trip
   * counts as the case's visit (跑动次数). A 全程网办 item needs no visit, and a case is sighted once.
   */
  async sightOriginals(principal: StaffPrincipal, caseId: string, dto: OriginalsSightedDto): Promise<CaseDto> {
    const actor = actorOf(principal);
    return this.act(principal, caseId, async (tx, c) => {
      if (c.channel !== 'online') throw new AppException('NOT_AN_ONLINE_CASE', { caseId });
      if (c.acceptedAt === null) throw new AppException('ORIGINALS_NOT_DUE', { caseId, status: c.status });
      const item = await this.catalog.getItem(c.itemId);
      if (item.fullyOnline) throw new AppException('ORIGINALS_NOT_NEEDED', { caseId });
      const [sighted] = await tx.em.query(`select 1 from case_events where case_id = $1 and move = 'sight_originals' limit 1`, [c.id]);
      if (sighted) throw new AppException('ORIGINALS_ALREADY_SIGHTED', { caseId });
      const ticket = dto.ticketId ? await this.tickets.servedVisit(tx.em, principal, c.hallId, dto.ticketId) : null;
      c.visits += 1;
      c.ticketId ??= ticket?.id ?? null;
      c.windowId ??= ticket?.windowId ?? null;
      const originals = item.materials.filter((m) => m.originals > 0).map((m) => m.name);
      await tx.note(c, 'sight_originals', actor, { data: { ticketId: ticket?.id ?? null, windowId: ticket?.windowId ?? null, originals } });
    });
  }

  /** The window finds an online case by the number the applicant gives. */
  async findByNumber(principal: StaffPrincipal, hallId: string, caseNumber: string): Promise<CaseDto> {
    assertHallAccess(principal, hallId);
    const c = await this.ledger.run(async (tx) => tx.em.getRepository(Case).findOneBy({ hallId, caseNumber: caseNumber.trim() }));
    if (!c) throw new AppException('CASE_NOT_FOUND', { caseNumber });
    return this.views.detail(principal, c);
  }

  /** After 补正 online: the applicant re-uploaded on the case page and sends the case back to the 预审 list. */
  async resubmitOnline(caseId: string): Promise<void> {
    await this.ledger.run(async (tx) => {
      const c = await tx.lock(caseId);
      if (c.channel !== 'online') throw new AppException('NOT_AN_ONLINE_CASE', { caseId });
      await tx.move(c, 'complete_correction', APPLICANT, { data: { online: true } });
    });
  }

  /** After a 一次性告知: the applicant is back, on this visit's ticket; the clerk checks and decides again. */
  async resubmit(principal: StaffPrincipal, caseId: string, dto: ResubmissionDto): Promise<CaseDto> {
    const actor = actorOf(principal);
    return this.act(principal, caseId, async (tx, c) => {
      const item = await this.catalog.getItem(c.itemId);
      const ticket = dto.ticketId ? await this.tickets.servedVisit(tx.em, principal, c.hallId, dto.ticketId) : null;
      await tx.move(c, 'complete_correction', actor, { data: { ticketId: ticket?.id ?? null } });
      // Each trip to the hall counts against 一次办; a second decision on the same ticket is the same visit.
      if (!ticket || ticket.id !== c.ticketId) c.visits += 1;
      await this.decide(tx, c, item, dto, actor, await this.isDishonest(tx, c));
    });
  }

  async fulfilObligation(principal: StaffPrincipal, caseId: string, obligationId: string): Promise<CaseDto> {
    const actor = actorOf(principal);
    return this.act(principal, caseId, async (tx, c) => {
      if (principal.role === 'approver' && principal.departmentId !== c.departmentId) {
        throw new AppException('CASE_OF_OTHER_DEPARTMENT', { caseId, departmentId: c.departmentId });
      }
      const obligation = await tx.em.getRepository(CaseObligation).findOneBy({ id: obligationId, caseId });
      if (!obligation) throw new AppException('OBLIGATION_NOT_FOUND', { obligationId });
      if (obligation.status !== 'open') tx.refuse(c, 'fulfil_obligation', actor, '该容缺材料已补交或已失效');
      if (tx.now > obligation.dueAt) tx.refuse(c, 'fulfil_obligation', actor, '已超过容缺材料的补交期限');
      await tx.em.update(CaseObligation, { id: obligation.id }, { status: 'fulfilled', fulfilledAt: tx.now, fulfilledBy: principal.id });
      await tx.note(c, 'fulfil_obligation', actor, { data: { obligationId, material: obligation.material } });
    });
  }

  /**
   * 撤销申请: the applicant's written withdrawal with its reason, recorded by the clerk who accepted
   * the case or by a manager of the hall; another clerk (who never saw the applicant) may not.
   */
  async withdraw(principal: StaffPrincipal, caseId: string, dto: WithdrawDto): Promise<CaseDto> {
    const actor = actorOf(principal);
    return this.act(principal, caseId, async (tx, c) => {
      if (principal.role === 'clerk' && c.clerkId !== principal.id) throw new AppException('WITHDRAWAL_NOT_PERMITTED', { caseId });
      const from = c.status;
      await tx.move(c, 'withdraw', actor, { input: { reason: dto.reason } });
      await closed(tx, c, from);
    });
  }

  /** What the clerk may decide for a checklist, before deciding. */
  async assess(principal: StaffPrincipal, itemId: string, dto: MaterialAssessmentRequestDto): Promise<MaterialAssessmentDto> {
    const item = await this.catalog.getItemFor(principal, itemId);
    let isDishonest = false;
    if (dto.idNumber) {
      const idNumber = normalisedApplicantId(dto.applicantKind ?? 'person', dto.idNumber, this.ledger.now());
      isDishonest = await this.dishonest.has(null, this.vault.fingerprint(idNumber));
    }
    this.checkNames(item, dto.materials);
    const assessment = this.assessment(item, dto.materials, isDishonest);
    return { ...assessment, dishonest: isDishonest };
  }

  /** `work` on the locked case, in a hall of the caller's; answers the case as it is then. */
  private async act(principal: StaffPrincipal, caseId: string, work: (tx: CaseTx, c: Case) => Promise<void>): Promise<CaseDto> {
    const c = await this.ledger.run(async (tx) => {
      const c = await tx.lock(caseId);
      assertHallAccess(principal, c.hallId);
      await work(tx, c);
      return c;
    });
    return this.views.detail(principal, c);
  }

  /** Whether the case's applicant is on the 失信 list (an applicant without an ID number never is). */
  private isDishonest(tx: CaseTx, c: Case): Promise<boolean> {
    return c.applicantIdFingerprint === null ? Promise.resolve(false) : this.dishonest.has(tx.em, c.applicantIdFingerprint);
  }

  private async decide(tx: CaseTx, c: Case, item: ServiceItemView, spec: Decision, actor: CaseActor, isDishonest: boolean): Promise<void> {
    this.checkNames(item, spec.materials);
    for (const m of spec.materials) {
      if (m.fileIds?.length) await this.files.attachStaged(tx, c, actor, m.name, m.fileIds);
    }
    // A material is there because it is attached (DOMAIN.md, 材料电子化流转): any file of it on the case
    // ticks it, and a tick without one is refused, but for a 容缺 material, which may be owed.
    const certificates = await this.citedCertificates(tx, c, spec.materials);
    const attached = await this.files.materialsWithFiles(tx.em, c.id);
    for (const name of certificates.keys()) attached.add(name);
    const necessity = new Map(item.materials.map((m) => [m.name, m.necessity]));
    const bare = spec.materials
      .filter((m) => m.provided && !attached.has(m.name) && necessity.get(m.name) !== 'deferrable')
      .map((m) => m.name);
    if (bare.length > 0) {
      throw new AppException(
        'MATERIAL_NOT_ATTACHED',
        { itemId: item.id, itemName: item.name, materials: bare },
        `「${item.name}」以下材料须附上扫描件或文件才算已收：${bare.join('、')}`,
      );
    }
    const materials = [
      ...spec.materials.map((m) => (attached.has(m.name) ? { ...m, provided: true } : m)),
      ...[...attached].filter((name) => !spec.materials.some((m) => m.name === name)).map((name) => ({ name, provided: true })),
    ];
    const assessment = this.assessment(item, materials, isDishonest);
    const choice = checkAcceptanceChoice(assessment, spec.decision);
    if (!choice.ok) throw refusal(item, choice);
    const provided = new Set(materials.filter((m) => m.provided).map((m) => m.name));
    c.materials = item.materials.map((m) => {
      const certificate = certificates.get(m.name);
      return { name: m.name, necessity: m.necessity, provided: provided.has(m.name), ...(certificate ? { certificate } : {}) };
    });
    for (const [material, certificate] of certificates) {
      await tx.note(c, 'cite_certificate', actor, {
        data: { material, certificateNumber: certificate.number, issuedBy: certificate.caseNumber },
      });
    }
    const delivery = spec.delivery ?? c.deliveryMethod;
    if (!item.deliveryOptions.includes(delivery))
      throw new AppException('DELIVERY_NOT_OFFERED', { delivery, offered: item.deliveryOptions });
    c.deliveryMethod = delivery;

    switch (spec.decision) {
      case 'refuse':
        c.refusalReason = spec.reason ?? null;
        await tx.move(c, 'refuse', actor, { input: { reason: spec.reason } });
        await closed(tx, c, 'received');
        return;
      case 'request_correction':
        c.missingMaterials = assessment.correctionNotice;
        await tx.move(c, 'request_correction', actor, {
          input: { missingMaterials: assessment.correctionNotice },
          data: { missingMaterials: assessment.correctionNotice },
        });
        await publishCorrectionRequested(tx, c);
        return;
      case 'accept':
      case 'accept_on_commitment':
        await this.accept(tx, c, spec, assessment, actor);
    }
  }

  private async accept(tx: CaseTx, c: Case, spec: Decision, assessment: MaterialAssessment, actor: CaseActor): Promise<void> {
    c.commitment = spec.decision === 'accept_on_commitment';
    const concludesNow = c.caseType === 'instant' || c.commitment;
    c.acceptedAt = tx.now;
    await tx.move(c, 'accept', actor, { data: { commitment: c.commitment, obligations: assessment.obligations } });

    if (!concludesNow) {
      await tx.refreshClock(c);
      for (const material of assessment.obligations) {
        const dueAt = this.obligationDue(c, spec.materials.find((m) => m.name === material)?.dueAt, material, tx.now);
        await tx.em.insert(CaseObligation, { caseId: c.id, material, dueAt, status: 'open' });
      }
      await publishAccepted(tx, c, assessment.obligations.length);
      return;
    }

    // Concluded before the clock is read, so no warning level is ever computed for it.
    await tx.move(c, c.commitment ? 'conclude_on_commitment' : 'conclude_instant', actor);
    c.decision = 'approved';
    c.decidedAt = tx.now;
    await tx.refreshClock(c);
    await publishAccepted(tx, c, 0);
    await concluded(tx, c, c.commitment ? 'commitment' : 'instant', 'accepted');
    // 即办件: the result is handed over at the same window, in the same visit.
    const inVisit = c.caseType === 'instant' && !c.commitment && c.deliveryMethod === 'window';
    await prepareResult(tx, c, actor, inVisit);
    if (inVisit) {
      c.pickedUpAt = tx.now;
      await tx.move(c, 'hand_over', actor, { data: { inVisit: true, windowId: c.windowId } });
    }
  }

  /**
   * 免证办: each certificate number cited for a material must be one this hall issued (recorded at the
   * electronic delivery of a case's result) to the same applicant; it then satisfies the material
   * (trust level A in DOMAIN.md) without a file.
   */
  private async citedCertificates(
    tx: CaseTx,
    c: Case,
    materials: MaterialCheckDto[],
  ): Promise<Map<string, { number: string; caseNumber: string }>> {
    const cited = new Map<string, { number: string; caseNumber: string }>();
    for (const m of materials) {
      if (!m.certificateNumber) continue;
      const number = m.certificateNumber.trim();
      const [issued]: { case_number: string; same: boolean }[] = await tx.em.query(
        `select case_number, applicant_id_fingerprint is not distinct from $3 as same
           from cases where hall_id = $1 and certificate_number = $2 order by delivered_at desc limit 1`,
        [c.hallId, number, c.applicantIdFingerprint],
      );
      if (!issued) throw new AppException('CERTIFICATE_NOT_FOUND', { material: m.name, certificateNumber: number });
      if (!issued.same || c.applicantIdFingerprint === null)
        throw new AppException('CERTIFICATE_OF_OTHER_APPLICANT', { material: m.name, certificateNumber: number });
      cited.set(m.name, { number, caseNumber: issued.case_number });
    }
    return cited;
  }

  private obligationDue(c: Case, requested: string | undefined, material: string, now: Date): Date {
    if (requested === undefined) return c.promisedDueAt!;
    const dueMs = parseIsoInstant(requested);
    if (dueMs === null || dueMs <= now.getTime() || dueMs > c.promisedDueAt!.getTime()) {
      throw new AppException('OBLIGATION_DUE_INVALID', { material, dueAt: requested, promisedDueAt: c.promisedDueAt });
    }
    return new Date(dueMs);
  }

  private checkNames(item: ServiceItemView, materials: MaterialCheckDto[]): void {
    const known = new Set(item.materials.map((m) => m.name));
    const unknown = materials.map((m) => m.name).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new AppException(
        'MATERIAL_UNKNOWN',
        { itemId: item.id, materials: unknown },
        `「${item.name}」不要求以下材料：${unknown.join('、')}`,
      );
    }
  }

  private assessment(item: ServiceItemView, materials: MaterialCheckDto[], isDishonest: boolean): MaterialAssessment {
    const checklist = Object.fromEntries(materials.map((m) => [m.name, m.provided ? ('provided' as const) : ('missing' as const)]));
    return assessMaterials({
      materials: item.materials.map((m) => ({ name: m.name, necessity: m.necessity })),
      checklist,
      commitmentAllowed: item.commitmentAllowed,
      dishonest: isDishonest,
      instant: item.caseType === 'instant',
    });
  }

  private async itemOfHall(itemId: string, hallId: string): Promise<ServiceItemView> {
    const item = await this.catalog.getItem(itemId);
    if (item.hallId !== hallId) throw new AppException('ITEM_NOT_FOUND', { itemId });
    if (!item.active) throw new AppException('ITEM_INACTIVE', { itemId });
    return item;
  }
}

/** The day's next case number; the counter row stays locked until commit, so numbers never repeat. */
async function nextSequence(em: EntityManager, hallId: string, localDate: string): Promise<number> {
  const [row] = await em.query(
    `insert into case_counters as c (hall_id, local_date, last_seq) values ($1, $2, 1)
     on conflict (hall_id, local_date) do update set last_seq = c.last_seq + 1
     returning last_seq`,
    [hallId, localDate],
  );
  return row.last_seq;
}
