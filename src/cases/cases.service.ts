import { Injectable, OnModuleInit } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { Principal, Role, StaffPrincipal } from '../auth/principal';
import { WARNING_LEVELS } from '../calendar/domain/warning-level';
import { parseIsoInstant } from '../common/time/iso-time';
import { AppException } from '../common/errors/app-exception';
import { CaseLiveView, CaseRoom, MonitorCaseLevels, rooms, SubscribeRequest } from '../realtime/realtime-events';
import { RealtimeService, subscribedId, Subscription } from '../realtime/realtime.service';
import { Clock } from '../common/time/clock';
import { PublicRateLimiter } from '../common/http/public-rate-limiter';
import { applicantPhone } from './applicant-phone';
import { CaseViews, listEntry } from './case-views';
import { CaseStatus, WORKLIST_STATUSES } from './domain/case-state-machine';
import { CaseEventsQuery, WorkListQuery } from './dto/back-office.dto';
import type { BundleDto, CaseDto, CaseEventDto, CaseListEntryDto } from './dto/case.dto';
import { CaseBundle } from './entities/case-bundle.entity';
import { CaseEvent } from './entities/case-event.entity';
import { Case } from './entities/case.entity';
import { PiiVault } from '../pii/pii-vault.service';
import type { CaseType } from '../catalog/domain/catalog-types';

/** The per-address budget a citizen's case lookups share, over HTTP and over the socket alike. */
export const CASE_LOOKUP = 'case-lookup';

/** What another module (the evaluation of a case, 一事一评) may know once a citizen proved they own the case. */
export interface CitizenCaseAccess {
  caseId: string;
  hallId: string;
  /** The item's own department (实施主体). */
  departmentId: string;
  itemId: string;
  status: CaseStatus;
}

export interface CaseSummary extends CitizenCaseAccess {
  caseNumber: string;
  itemName: string;
  caseType: CaseType;
  /** The department whose work list holds the case now. */
  currentDepartmentId: string;
  ticketId: string | null;
  windowId: string | null;
  clerkId: string | null;
  receivedAt: Date;
  acceptedAt: Date | null;
  promisedDueAt: Date | null;
  legalDueAt: Date | null;
  concludedAt: Date | null;
  closedAt: Date | null;
}

/** Which open cases: one hall, optionally one department (the item's, 实施主体), item, receiving window or clerk. */
export interface OpenCaseFilter {
  hallId: string;
  departmentId?: string;
  itemId?: string;
  windowId?: string;
  clerkId?: string;
}

/** A case past its promised due and still open (超期), for the managers' list. */
export interface OverdueCase {
  caseId: string;
  caseNumber: string;
  itemId: string;
  itemName: string;
  departmentId: string;
  currentDepartmentId: string;
  status: CaseStatus;
  caseType: CaseType;
  windowId: string | null;
  clerkId: string;
  assigneeId: string | null;
  acceptedAt: Date;
  promisedDueAt: Date;
  legalDueAt: Date | null;
  warningLevel: string | null;
  /** How long past due: until now, or until the clock stopped for a running suspension. */
  overdueMs: number;
}

interface OverdueRow extends Omit<OverdueCase, 'overdueMs'> {
  overdue_ms: string;
}

const OPEN_CASE_FILTERS: readonly [keyof OpenCaseFilter, string][] = [
  ['departmentId', 'c.item_department_id'],
  ['itemId', 'c.item_id'],
  ['windowId', 'c.window_id'],
  ['clerkId', 'c.clerk_id'],
];

function openCaseWhere(filter: OpenCaseFilter, params: unknown[]): string {
  const conditions = [`c.hall_id = $${params.push(filter.hallId)}`, `c.status in ('accepted', 'in_review', 'suspended')`];
  for (const [field, column] of OPEN_CASE_FILTERS) {
    if (filter[field] !== undefined) conditions.push(`${column} = $${params.push(filter[field])}`);
  }
  return conditions.join(' and ');
}

/**
 * When an open case is past due: a running clock against `at`; a suspended one against the
 * instant its clock stopped, since the due it shows is the last one known before that (a case
 * suspended before its due is not overdue while it waits). Concluding exactly at the due is on
 * time, so only a due strictly before counts.
 */
const overdueSince = (atParam: string) =>
  `case when c.status = 'suspended' then (select s.from_at from case_suspensions s where s.case_id = c.id and s.to_at is null) else ${atParam}::timestamptz end`;

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function staff(principal: Principal | null): StaffPrincipal {
  if (!principal) throw new AppException('UNAUTHENTICATED');
  if (principal.kind !== 'user') throw new AppException('FORBIDDEN', { role: principal.role });
  return principal;
}

/**
 * Reading cases: staff views with the access rules (approvers see their department's cases
 * only), the work lists, the citizen's page, the rooms screens follow, and the small API other
 * modules use.
 */
@Injectable()
export class CasesService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: CaseViews,
    private readonly realtime: RealtimeService,
    private readonly clock: Clock,
    private readonly limiter: PublicRateLimiter,
    private readonly vault: PiiVault,
  ) {}

  onModuleInit(): void {
    this.realtime.registerSubscription('case-worklist', (p, r) => this.subscribeWorklist(p, r));
    this.realtime.registerSubscription('case-monitor', (p, r) => this.subscribeHall(p, r, ['manager'], rooms.hallCases));
    this.realtime.registerSubscription('case-pickup', (p, r) => this.subscribeHall(p, r, ['clerk', 'manager'], rooms.pickup));
    this.realtime.registerSubscription('case-pre-exam', (p, r) => this.subscribeHall(p, r, ['clerk', 'manager'], rooms.preExam));
    this.realtime.registerSubscription('case', (_p, r, address) => this.subscribeCase(r, address));
  }

  /** Same answer (404 CASE_NOT_FOUND) for a wrong number and a wrong code, so neither can be probed. */
  async verifyCitizenAccess(caseNumber: string, queryCode: string): Promise<CitizenCaseAccess> {
    const c = await this.byNumberAndCode(caseNumber, queryCode);
    return { caseId: c.id, hallId: c.hallId, departmentId: c.itemDepartmentId, itemId: c.itemId, status: c.status };
  }

  /**
   * The applicant's phone for a notice, read in the caller's transaction when it passes one;
   * null when they gave none (applicant-phone.ts is the one accessor).
   */
  async applicantPhone(caseId: string, em?: EntityManager): Promise<string | null> {
    const c = await (em ?? this.dataSource.manager)
      .getRepository(Case)
      .findOne({ where: { id: caseId }, select: { id: true, contactPhoneSealed: true } });
    return c ? applicantPhone(this.vault, c) : null;
  }

  async getCaseSummary(caseId: string): Promise<CaseSummary> {
    const c = await this.load(caseId);
    return {
      caseId: c.id,
      hallId: c.hallId,
      departmentId: c.itemDepartmentId,
      itemId: c.itemId,
      status: c.status,
      caseNumber: c.caseNumber,
      itemName: c.itemName,
      caseType: c.caseType,
      currentDepartmentId: c.departmentId,
      ticketId: c.ticketId,
      windowId: c.windowId,
      clerkId: c.clerkId,
      receivedAt: c.receivedAt,
      acceptedAt: c.acceptedAt,
      promisedDueAt: c.promisedDueAt,
      legalDueAt: c.legalDueAt,
      concludedAt: c.concludedAt,
      closedAt: c.closedAt,
    };
  }

  /** For the managers' monitor: open (accepted, in review, suspended) cases of a hall by warning level, and how many are overdue now. */
  async openCaseLevels(hallId: string, at: Date): Promise<MonitorCaseLevels> {
    const params: unknown[] = [];
    const where = openCaseWhere({ hallId }, params);
    const since = overdueSince(`$${params.push(at)}`);
    const [row] = await this.dataSource.query(
      `select ${WARNING_LEVELS.map((level) => `count(*) filter (where c.warning_level = '${level}')::int as ${level}`).join(', ')},
              count(*) filter (where c.promised_due_at < ${since})::int as overdue, count(*) filter (where c.status = 'suspended')::int as suspended
         from cases c where ${where}`,
      params,
    );
    return row;
  }

  /** 超期: open cases past their promised due at `at`, longest overdue first, with the total. */
  async overdueCases(
    filter: OpenCaseFilter,
    at: Date,
    page: { limit: number; offset: number },
  ): Promise<{ total: number; items: OverdueCase[] }> {
    const params: unknown[] = [];
    const where = openCaseWhere(filter, params);
    const since = overdueSince(`$${params.push(at)}`);
    const [{ total }] = await this.dataSource.query(
      `select count(*)::int as total from cases c where ${where} and c.promised_due_at < ${since}`,
      params,
    );
    const rows: OverdueRow[] = await this.dataSource.query(
      `select c.id as "caseId", c.case_number as "caseNumber", c.item_id as "itemId", c.item_name as "itemName",
              c.item_department_id as "departmentId", c.department_id as "currentDepartmentId", c.status, c.case_type as "caseType",
              c.window_id as "windowId", c.clerk_id as "clerkId", c.assignee_id as "assigneeId", c.accepted_at as "acceptedAt",
              c.promised_due_at as "promisedDueAt", c.legal_due_at as "legalDueAt", c.warning_level as "warningLevel",
              floor(extract(epoch from (o.since - c.promised_due_at)) * 1000)::text as overdue_ms
         from cases c cross join lateral (select ${since} as since) o
        where ${where} and c.promised_due_at < o.since
        order by c.promised_due_at, c.id
        limit $${params.push(page.limit)} offset $${params.push(page.offset)}`,
      params,
    );
    return { total, items: rows.map(({ overdue_ms, ...c }) => ({ ...c, overdueMs: Number(overdue_ms) })) };
  }

  /** A citizen's look at a case by number and code, counted against `address` with the live subscriptions. */
  async liveView(caseNumber: string, queryCode: string, address: string): Promise<CaseLiveView> {
    await this.limiter.hit(CASE_LOOKUP, address);
    return this.views.live(await this.byNumberAndCode(caseNumber, queryCode), this.clock.now());
  }

  async detail(principal: StaffPrincipal, caseId: string): Promise<CaseDto> {
    return this.views.detail(principal, await this.readable(principal, caseId));
  }

  async events(principal: StaffPrincipal, caseId: string, query: CaseEventsQuery): Promise<CaseEventDto[]> {
    await this.readable(principal, caseId);
    const qb = this.dataSource.getRepository(CaseEvent).createQueryBuilder('e').where('e.case_id = :caseId', { caseId });
    if (query.afterVersion !== undefined) qb.andWhere('e.case_version > :after', { after: query.afterVersion });
    const events = await qb.orderBy('e.case_version', 'ASC').getMany();
    return events.map(({ caseId: _caseId, hallId: _hallId, ...e }) => e);
  }

  async workList(principal: StaffPrincipal, hallId: string, query: WorkListQuery): Promise<CaseListEntryDto[]> {
    let departmentId = query.departmentId;
    if (principal.role === 'approver') {
      if (departmentId && departmentId !== principal.departmentId) {
        throw new AppException('CASE_OF_OTHER_DEPARTMENT', { departmentId });
      }
      departmentId = principal.departmentId!;
    }
    const qb = this.dataSource
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.hall_id = :hallId', { hallId })
      .andWhere('c.status in (:...statuses)', { statuses: query.status?.length ? query.status : [...WORKLIST_STATUSES] });
    if (departmentId) qb.andWhere('c.department_id = :departmentId', { departmentId });
    if (query.warningLevel?.length) qb.andWhere('c.warning_level in (:...levels)', { levels: query.warningLevel });
    if (query.dueBefore)
      qb.andWhere('c.promised_due_at <= :due', { due: new Date(parseIsoInstant(query.dueBefore) ?? Date.parse(query.dueBefore)) });
    if (query.assignee === 'me') qb.andWhere('c.assignee_id = :me', { me: principal.id });
    if (query.assignee === 'none') qb.andWhere('c.assignee_id is null');
    const cases = await qb.orderBy('c.promised_due_at', 'ASC', 'NULLS LAST').addOrderBy('c.case_number', 'ASC').limit(500).getMany();
    return cases.map(listEntry);
  }

  async bundle(principal: StaffPrincipal, bundleId: string): Promise<BundleDto> {
    const bundle = await this.dataSource.getRepository(CaseBundle).findOneBy({ id: bundleId });
    if (!bundle) throw new AppException('BUNDLE_NOT_FOUND', { bundleId });
    assertHallAccess(principal, bundle.hallId);
    const parts = await this.dataSource.getRepository(Case).find({ where: { bundleId }, order: { caseNumber: 'ASC' } });
    if (principal.role === 'approver' && !parts.some((c) => this.approverMayRead(principal, c))) {
      throw new AppException('CASE_OF_OTHER_DEPARTMENT', { bundleId });
    }
    const { createdBy: _createdBy, ...rest } = bundle;
    return { ...rest, cases: parts.map(listEntry) };
  }

  /** A case the caller may read: their hall, and for an approver a case their department has a part in. */
  async readable(principal: StaffPrincipal, caseId: string): Promise<Case> {
    const c = await this.load(caseId);
    assertHallAccess(principal, c.hallId);
    if (principal.role === 'approver' && !this.approverMayRead(principal, c)) {
      throw new AppException('CASE_OF_OTHER_DEPARTMENT', { caseId, departmentId: c.departmentId });
    }
    return c;
  }

  async load(caseId: string): Promise<Case> {
    const c = await this.dataSource.getRepository(Case).findOneBy({ id: caseId });
    if (!c) throw new AppException('CASE_NOT_FOUND', { caseId });
    return c;
  }

  private approverMayRead(principal: StaffPrincipal, c: Case): boolean {
    const own = principal.departmentId;
    return c.departmentId === own || c.itemDepartmentId === own || c.steps.some((s) => s.departmentId === own);
  }

  private async byNumberAndCode(caseNumber: string, queryCode: string): Promise<Case> {
    const c =
      typeof caseNumber === 'string' && caseNumber.length <= 40
        ? await this.dataSource.getRepository(Case).findOneBy({ caseNumber: caseNumber.trim().toUpperCase() })
        : null;
    const code = typeof queryCode === 'string' ? queryCode.trim().toUpperCase() : '';
    if (!c || !sameCode(c.queryCode, code)) throw new AppException('CASE_NOT_FOUND');
    return c;
  }

  private async subscribeWorklist(principal: Principal | null, request: SubscribeRequest): Promise<Subscription> {
    const p = staff(principal);
    const hallId = subscribedId(request, 'hallId');
    const departmentId = subscribedId(request, 'departmentId', p.role === 'approver' ? p.departmentId : undefined);
    if (p.role !== 'approver' && p.role !== 'manager') throw new AppException('FORBIDDEN', { role: p.role });
    assertHallAccess(p, hallId);
    if (p.role === 'approver' && departmentId !== p.departmentId) throw new AppException('CASE_OF_OTHER_DEPARTMENT', { departmentId });
    return { room: rooms.departmentCases(hallId, departmentId) };
  }

  /** A room of one hall, for its staff in the roles given (the managers' monitor, the pickup list, 网上预审). */
  private async subscribeHall(
    principal: Principal | null,
    request: SubscribeRequest,
    roles: readonly Role[],
    room: (hallId: string) => CaseRoom,
  ): Promise<Subscription> {
    const p = staff(principal);
    const hallId = subscribedId(request, 'hallId');
    if (!roles.includes(p.role)) throw new AppException('FORBIDDEN', { role: p.role });
    assertHallAccess(p, hallId);
    return { room: room(hallId) };
  }

  /** A subscription tries a number and code as a lookup does, so it counts against the same per-address limit. */
  private async subscribeCase(request: SubscribeRequest, address: string): Promise<Subscription> {
    await this.limiter.hit(CASE_LOOKUP, address);
    const c = await this.byNumberAndCode(request.caseNumber ?? '', request.queryCode ?? '');
    return { room: rooms.case(c.id), initial: { name: 'case.updated', payload: await this.views.live(c, this.clock.now()) } };
  }
}
