import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { DomainEvent, DomainEvents } from '../events/domain-events';
import { Clock } from '../common/time/clock';
import { CaseClock, LevelChange } from './case-clock';
import { CaseNotifier } from './case-notifier.service';
import {
  allowedCaseMoves,
  applyCaseMove,
  CaseGuard,
  CaseMove,
  CaseMoveInput,
  CaseStatus,
  CaseStepMove,
  checkCaseMove,
  isOpenStatus,
} from './domain/case-state-machine';
import type { ActorRole } from './entities/case-event.entity';
import { Case } from './entities/case.entity';
import { CaseObligation } from './entities/case-obligation.entity';
import { CaseSuspension } from './entities/case-suspension.entity';

export interface CaseActor {
  id: string | null;
  role: ActorRole;
}

export const SYSTEM: CaseActor = { id: null, role: 'system' };

export function actorOf(principal: StaffPrincipal): CaseActor {
  if (principal.role !== 'clerk' && principal.role !== 'approver' && principal.role !== 'manager') {
    throw new AppException('FORBIDDEN', { role: principal.role });
  }
  return { id: principal.id, role: principal.role };
}

/** Guards whose failure has a more telling answer than ILLEGAL_CASE_MOVE. */
const GUARD_CODES: Partial<Record<CaseGuard, 'EXTENSION_AFTER_DEADLINE' | 'EXTENSION_BEYOND_ALLOWANCE'>> = {
  before_deadline: 'EXTENSION_AFTER_DEADLINE',
  not_extended: 'EXTENSION_BEYOND_ALLOWANCE',
};

const GUARD_MESSAGES: Record<CaseGuard, string> = {
  instant_case: '只有即办件才能当场办结',
  commitment_case: '只有告知承诺办件才能当场办结',
  reported_case: '只有上报件才能上报',
  decided_here: '上报件由上级机关作出决定，本级不能准予或不予许可',
  no_open_obligations: '容缺材料尚未补齐，不能作出准予决定或办结',
  not_extended: '该办件已延期一次，不能再次延期',
  before_deadline: '已超过办结期限，不能延期',
};

export interface MoveOptions {
  input?: CaseMoveInput;
  deadlinePassed?: boolean;
  reason?: string | null;
  data?: Record<string, unknown>;
}

/** Where a case stood when this transaction first touched it; null for a case it created. */
type Before = { status: CaseStatus; departmentId: string } | null;

/** What the screens must hear once the transaction has committed. */
export interface CommittedChanges {
  cases: { current: Case; before: Before }[];
  warnings: { c: Case; change: LevelChange }[];
  at: Date;
}

/**
 * One transaction over cases: every move goes through here, so each one is checked by the
 * state machine, bumps the case's version and appends exactly one event row, and the
 * domain events run inside the same transaction. Pushes wait for the commit (CaseLedger.run).
 */
export class CaseTx {
  private readonly touched = new Map<string, { current: Case; before: Before }>();
  private readonly warnings: { c: Case; change: LevelChange }[] = [];

  constructor(
    readonly em: EntityManager,
    readonly now: Date,
    private readonly domainEvents: DomainEvents,
    private readonly caseClock: CaseClock,
  ) {}

  async lock(caseId: string): Promise<Case> {
    const c = await this.em
      .getRepository(Case)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :caseId', { caseId })
      .getOne();
    if (!c) throw new AppException('CASE_NOT_FOUND', { caseId });
    this.adopt(c);
    return c;
  }

  /** For the sweep: the case, or null when another transaction holds it (it is looked at again next time). */
  async lockIfFree(caseId: string): Promise<Case | null> {
    const c = await this.em
      .getRepository(Case)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('c.id = :caseId', { caseId })
      .getOne();
    if (c) this.adopt(c);
    return c;
  }

  /** A case this transaction locked by its own query. */
  adopt(c: Case): void {
    this.remember(c, { status: c.status, departmentId: c.departmentId });
  }

  /** A case created in this transaction; its first event is `receive`. */
  async created(c: Case, actor: CaseActor, data: Record<string, unknown>): Promise<void> {
    await this.em.insert(Case, c);
    this.remember(c, null);
    await this.appendEvent(c, 'receive', null, actor, null, data, false);
  }

  /** A move of the state machine, refused with the answer the client can act on. */
  async move(c: Case, move: CaseMove, actor: CaseActor, opts: MoveOptions = {}): Promise<void> {
    const openObligations = await this.openObligationCount(c.id);
    const context = {
      role: actor.role,
      caseType: c.caseType,
      commitment: c.commitment,
      openObligations,
      deadlinePassed: opts.deadlinePassed ?? false,
      input: opts.input,
    };
    const result = applyCaseMove({ status: c.status, extended: c.extended }, move, context);
    if (!result.ok) {
      switch (result.code) {
        case 'ILLEGAL_CASE_MOVE': {
          const details = { move, status: c.status, allowed: result.allowed, guard: result.guard };
          const code = result.guard ? GUARD_CODES[result.guard] : undefined;
          if (code) throw new AppException(code, details);
          throw new AppException('ILLEGAL_CASE_MOVE', details, result.guard ? GUARD_MESSAGES[result.guard] : undefined);
        }
        case 'ROLE_NOT_ALLOWED':
          throw new AppException('CASE_MOVE_NOT_PERMITTED', { move, roles: result.roles });
        case 'MISSING_FIELD':
        case 'INVALID_FIELD':
          throw new AppException('CASE_INPUT_MISSING', { move, field: result.field, problem: result.code });
      }
    }
    const from = c.status;
    c.status = result.to;
    c.extended = result.state.extended;
    await this.appendEvent(c, move, from, actor, opts.reason ?? opts.input?.reason ?? null, opts.data ?? {});
  }

  /** A move inside a status (claim, a step, an extension request, a failed identity check…): one event all the same. */
  async note(
    c: Case,
    move: string,
    actor: CaseActor,
    opts: { reason?: string | null; data?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.appendEvent(c, move, c.status, actor, opts.reason ?? null, opts.data ?? {});
  }

  /**
   * Refuses, by the state machine's table, a move the case cannot take now, before the service
   * prepares it; a transition is then made with move(), which checks it again with its input.
   */
  check(c: Case, move: CaseMove | CaseStepMove, actor: CaseActor): void {
    const result = checkCaseMove({ status: c.status, extended: c.extended }, move, {
      role: actor.role,
      caseType: c.caseType,
      commitment: c.commitment,
      openObligations: 0,
      deadlinePassed: false,
    });
    if (result.ok) return;
    if (result.code === 'ROLE_NOT_ALLOWED') throw new AppException('CASE_MOVE_NOT_PERMITTED', { move, roles: result.roles });
    throw new AppException('ILLEGAL_CASE_MOVE', { move, status: c.status, allowed: result.allowed, guard: result.guard });
  }

  /** The ILLEGAL_CASE_MOVE answer for a move outside the state machine that the current status does not allow. */
  refuse(c: Case, move: string, actor: CaseActor, message?: string): never {
    const allowed = allowedCaseMoves(
      { status: c.status, extended: c.extended },
      { role: actor.role, caseType: c.caseType, commitment: c.commitment, openObligations: 0, deadlinePassed: false },
    );
    throw new AppException('ILLEGAL_CASE_MOVE', { move, status: c.status, allowed }, message);
  }

  async suspensionsOf(caseId: string): Promise<CaseSuspension[]> {
    return this.em.getRepository(CaseSuspension).find({ where: { caseId }, order: { fromAt: 'ASC' } });
  }

  /** Recomputes the dues and the warning level, and remembers a level change for the screens. */
  async refreshClock(c: Case): Promise<void> {
    const change = await this.caseClock.refresh(c, await this.suspensionsOf(c.id), this.now, this.em);
    if (change && (change.from !== null || change.to !== 'green')) this.warnings.push({ c, change });
  }

  /** Domain events see the cases as written so far in this transaction. */
  async publish(event: DomainEvent): Promise<void> {
    await this.flush();
    await this.domainEvents.publish(this.em, event);
  }

  async flush(): Promise<void> {
    for (const { current } of this.touched.values()) {
      current.updatedAt = this.now;
      const { id, ...fields } = current;
      await this.em.update(Case, { id }, fields);
    }
  }

  changes(): CommittedChanges {
    return { cases: [...this.touched.values()], warnings: this.warnings, at: this.now };
  }

  /** 容缺 materials still owed, including any past due that the sweep has not returned yet. */
  async openObligationCount(caseId: string): Promise<number> {
    return this.em.getRepository(CaseObligation).count({ where: { caseId, status: 'open' } });
  }

  /** Leaving the open statuses ends what only an open case has: owed materials and a running suspension. */
  async settleOpenParts(c: Case, from: CaseStatus): Promise<void> {
    if (!isOpenStatus(from) || isOpenStatus(c.status)) return;
    await this.em.update(CaseObligation, { caseId: c.id, status: 'open' }, { status: 'void' });
    await this.em
      .createQueryBuilder()
      .update(CaseSuspension)
      .set({ toAt: this.now })
      .where('case_id = :id and to_at is null', { id: c.id })
      .execute();
    c.nextWarningAt = null;
  }

  private remember(c: Case, before: Before): void {
    if (!this.touched.has(c.id)) this.touched.set(c.id, { current: c, before });
  }

  private async appendEvent(
    c: Case,
    move: string,
    from: CaseStatus | null,
    actor: CaseActor,
    reason: string | null,
    data: Record<string, unknown>,
    bump = true,
  ): Promise<void> {
    if (bump) c.version += 1;
    await this.em.query(
      `insert into case_events (case_id, hall_id, case_version, move, from_status, to_status, actor_id, actor_role, reason, data, at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [c.id, c.hallId, c.version, move, from, c.status, actor.id, actor.role, reason, JSON.stringify(data), this.now],
    );
  }
}

/** Runs case work in a transaction and tells the screens after it committed. */
@Injectable()
export class CaseLedger {
  constructor(
    private readonly dataSource: DataSource,
    private readonly domainEvents: DomainEvents,
    private readonly caseClock: CaseClock,
    private readonly notifier: CaseNotifier,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async run<T>(work: (tx: CaseTx) => Promise<T>): Promise<T> {
    let tx: CaseTx | undefined;
    const result = await this.dataSource.transaction(async (em) => {
      tx = new CaseTx(em, this.clock.now(), this.domainEvents, this.caseClock);
      const value = await work(tx);
      await tx.flush();
      return value;
    });
    this.notifier.committed(tx!.changes());
    return result;
  }
}
