/**
 * The life of a case (办件), as one data table: every legal move names the statuses it leaves
 * and enters, who may make it, what must come with it and which conditions guard it. Nothing
 * here reads the clock or the database; callers pass what the rules depend on in the context.
 *
 * 延期 (extension) is a flag on the case plus an `extend` move from in_review to in_review, not
 * a status of its own: an extended case is still being reviewed — claimed, suspended, stepped
 * back, reported or decided exactly like any other — so a separate `extended` status would
 * have to repeat every move out of in_review, and would be lost as soon as the case is
 * suspended and resumed. The flag also enforces that a case is extended at most once.
 */

export const CASE_STATUSES = [
  'received',
  'not_accepted',
  'correction_requested',
  'accepted',
  'in_review',
  'suspended',
  'reported',
  'approved',
  'denied',
  'concluded',
  'ready_for_pickup',
  'picked_up',
  'mailed',
  'delivered',
  'withdrawn',
  'aborted',
  'returned',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_MOVES = [
  'accept',
  'refuse',
  'request_correction',
  'complete_correction',
  'start_review',
  'suspend',
  'resume',
  'extend',
  'report',
  'approve',
  'deny',
  'conclude',
  'conclude_instant',
  'conclude_on_commitment',
  'prepare_result',
  'hand_over',
  'mail',
  'confirm_delivery',
  'deliver_electronically',
  'withdraw',
  'abort',
  'lapse',
] as const;
export type CaseMove = (typeof CASE_MOVES)[number];

export type CaseRole = 'clerk' | 'approver' | 'manager' | 'system' | 'applicant';

/** 办件类型 of the service item. */
export type CaseType = 'instant' | 'promised' | 'reported' | 'joint';

/** What must come with a move. */
export type CaseMoveRequirement = 'reason' | 'remedy' | 'suspension' | 'missing_materials' | 'shipment' | 'certificate';

/** Conditions on the case, beyond its status, that a move depends on. */
export type CaseGuard =
  'instant_case' | 'commitment_case' | 'reported_case' | 'decided_here' | 'no_open_obligations' | 'not_extended' | 'before_deadline';

export const SPECIAL_PROCEDURES = ['听证', '招标', '拍卖', '检验', '检测', '检疫', '鉴定', '专家评审', '公示', '现场踏勘'] as const;
export type SpecialProcedure = (typeof SPECIAL_PROCEDURES)[number];

/** The applicant's remedies against a denial, which the decision letter must name. */
export const REMEDIES = ['行政复议', '行政诉讼'] as const;
export type Remedy = (typeof REMEDIES)[number];

interface SuspensionBase {
  reason: string;
  expectedWorkingDays: number;
}
export type Suspension =
  (SuspensionBase & { kind: 'correction' }) | (SuspensionBase & { kind: 'special_procedure'; procedure: SpecialProcedure });

export interface Shipment {
  carrier: string;
  trackingNumber: string;
}

/** What the user supplied with the move; checked here because it may come straight from a request. */
export interface CaseMoveInput {
  reason?: string;
  remedy?: readonly Remedy[];
  suspension?: Suspension;
  /** The 一次性告知 list: every material still missing, in one notice. */
  missingMaterials?: readonly string[];
  shipment?: Shipment;
  /** Number of the electronic certificate (电子证照) issued instead of a paper result. */
  certificateNumber?: string;
}

export interface CaseMoveContext {
  role: CaseRole;
  caseType: CaseType;
  /** The case was accepted under 告知承诺 (the applicant's written commitment). */
  commitment: boolean;
  /** 容缺 materials the applicant still owes. */
  openObligations: number;
  /** The deadline an extension would extend has already passed. */
  deadlinePassed: boolean;
  input?: CaseMoveInput;
}

export interface CaseState {
  status: CaseStatus;
  /** 延期 granted; see the note at the top of this file. */
  extended: boolean;
}

export interface CaseTransition {
  from: CaseStatus;
  move: CaseMove;
  to: CaseStatus;
  roles: readonly CaseRole[];
  requires?: readonly CaseMoveRequirement[];
  guards?: readonly CaseGuard[];
}

/** Statuses before a decision: the applicant may still withdraw, a manager may still abort. */
export const OPEN_CASE_STATUSES = ['received', 'correction_requested', 'accepted', 'in_review', 'suspended'] as const;
const OPEN_STATUSES: ReadonlySet<CaseStatus> = new Set(OPEN_CASE_STATUSES);

/** With the department and undecided: the back office's work list, where a case is claimed, held and may lapse. */
export const WORKLIST_STATUSES = ['accepted', 'in_review', 'suspended'] as const;
export type WorklistStatus = (typeof WORKLIST_STATUSES)[number];

/** The time limit counts down only while the case is with the authority and undecided. */
const CLOCK_RUNNING_STATUSES: ReadonlySet<CaseStatus> = new Set(['accepted', 'in_review']);

const WORKFLOW: readonly CaseTransition[] = [
  { from: 'received', move: 'accept', to: 'accepted', roles: ['clerk'] },
  { from: 'received', move: 'refuse', to: 'not_accepted', roles: ['clerk'], requires: ['reason'] },
  {
    from: 'received',
    move: 'request_correction',
    to: 'correction_requested',
    roles: ['clerk'],
    requires: ['missing_materials'],
  },
  // The applicant may bring the materials to a window or upload them; either way a clerk
  // checks them again from received.
  { from: 'correction_requested', move: 'complete_correction', to: 'received', roles: ['clerk', 'applicant'] },

  // An approver of the department claims the case, or a manager assigns it.
  { from: 'accepted', move: 'start_review', to: 'in_review', roles: ['approver', 'manager'] },
  // 即办件: decided and handed over at the front window in the same visit.
  { from: 'accepted', move: 'conclude_instant', to: 'concluded', roles: ['clerk'], guards: ['instant_case', 'no_open_obligations'] },
  // 告知承诺: approved at once on the applicant's written commitment.
  {
    from: 'accepted',
    move: 'conclude_on_commitment',
    to: 'concluded',
    roles: ['clerk', 'approver'],
    guards: ['commitment_case', 'no_open_obligations'],
  },

  { from: 'in_review', move: 'suspend', to: 'suspended', roles: ['approver', 'manager'], requires: ['suspension'] },
  { from: 'suspended', move: 'resume', to: 'in_review', roles: ['approver', 'manager'] },
  {
    from: 'in_review',
    move: 'extend',
    to: 'in_review',
    roles: ['manager'],
    requires: ['reason'],
    guards: ['not_extended', 'before_deadline'],
  },
  { from: 'in_review', move: 'report', to: 'reported', roles: ['approver'], guards: ['reported_case'] },
  // 容缺 materials are due no later than the promised deadline, so a grant waits for them.
  { from: 'in_review', move: 'approve', to: 'approved', roles: ['approver'], guards: ['decided_here', 'no_open_obligations'] },
  { from: 'in_review', move: 'deny', to: 'denied', roles: ['approver'], requires: ['reason', 'remedy'], guards: ['decided_here'] },

  { from: 'approved', move: 'conclude', to: 'concluded', roles: ['approver', 'system'] },
  { from: 'denied', move: 'conclude', to: 'concluded', roles: ['approver', 'system'] },
  { from: 'concluded', move: 'prepare_result', to: 'ready_for_pickup', roles: ['clerk', 'approver', 'system'] },
  { from: 'ready_for_pickup', move: 'hand_over', to: 'picked_up', roles: ['clerk'] },
  { from: 'ready_for_pickup', move: 'mail', to: 'mailed', roles: ['clerk', 'system'], requires: ['shipment'] },
  { from: 'mailed', move: 'confirm_delivery', to: 'delivered', roles: ['clerk', 'system'] },
  // An electronic certificate reaches the applicant's licence wallet at once: delivered, not picked up.
  {
    from: 'ready_for_pickup',
    move: 'deliver_electronically',
    to: 'delivered',
    roles: ['clerk', 'approver', 'system'],
    requires: ['certificate'],
  },

  // A 容缺 obligation that lapses ends the case as 退件; the job that notices it says which.
  ...WORKLIST_STATUSES.map((from): CaseTransition => ({
    from,
    move: 'lapse',
    to: 'returned',
    roles: ['system'],
    requires: ['reason'],
  })),
];

/** Every legal move. A (from, move) pair appears at most once. */
export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  ...WORKFLOW,
  ...[...OPEN_STATUSES].flatMap((from): CaseTransition[] => [
    // The applicant's written withdrawal, recorded with its reason by the clerk who accepted the
    // case (the service checks which clerk) or by a manager of the hall.
    { from, move: 'withdraw', to: 'withdrawn', roles: ['applicant', 'clerk', 'manager'], requires: ['reason'] },
    { from, move: 'abort', to: 'aborted', roles: ['manager'], requires: ['reason'] },
  ]),
];

/**
 * Moves that keep the status, so they are no transition above: who holds the case, which of the
 * item's steps it is at, and an extension asked for (a manager grants it with `extend`). Claiming
 * or assigning an accepted case also starts its review, the `start_review` transition.
 */
export const CASE_STEP_MOVES = ['claim', 'assign', 'advance_step', 'return_step', 'request_extension'] as const;
export type CaseStepMove = (typeof CASE_STEP_MOVES)[number];

export interface CaseStepRule {
  move: CaseStepMove;
  /** The statuses the move is made in (and stays in). */
  in: readonly CaseStatus[];
  roles: readonly CaseRole[];
}

export const CASE_STEP_RULES: readonly CaseStepRule[] = [
  // A suspended case can change hands too: whoever holds it resumes it.
  { move: 'claim', in: WORKLIST_STATUSES, roles: ['approver'] },
  { move: 'assign', in: WORKLIST_STATUSES, roles: ['manager'] },
  { move: 'advance_step', in: ['in_review'], roles: ['approver'] },
  { move: 'return_step', in: ['in_review'], roles: ['approver'] },
  { move: 'request_extension', in: ['in_review'], roles: ['approver'] },
];

export type CaseMoveResult =
  | { ok: true; move: CaseMove; from: CaseStatus; to: CaseStatus; state: CaseState }
  | { ok: false; code: 'ILLEGAL_CASE_MOVE'; allowed: CaseMove[]; guard?: CaseGuard }
  | { ok: false; code: 'ROLE_NOT_ALLOWED'; roles: readonly CaseRole[] }
  | { ok: false; code: 'MISSING_FIELD'; field: string }
  | { ok: false; code: 'INVALID_FIELD'; field: string };

export type CaseMoveCheck =
  | { ok: true }
  | { ok: false; code: 'ILLEGAL_CASE_MOVE'; allowed: CaseMove[]; guard?: CaseGuard }
  | { ok: false; code: 'ROLE_NOT_ALLOWED'; roles: readonly CaseRole[] };

/**
 * Whether the move may be made now, by the table, before the service prepares it (looks up an
 * approver, checks an identity, writes a step): status, guards and role, not yet the input. A
 * transition is applied with applyCaseMove afterwards, which checks all of it again.
 */
export function checkCaseMove(state: CaseState, move: CaseMove | CaseStepMove, ctx: CaseMoveContext): CaseMoveCheck {
  const stepRule = CASE_STEP_RULES.find((r) => r.move === move);
  if (stepRule) {
    if (!stepRule.in.includes(state.status)) return { ok: false, code: 'ILLEGAL_CASE_MOVE', allowed: allowedCaseMoves(state, ctx) };
    return stepRule.roles.includes(ctx.role) ? { ok: true } : { ok: false, code: 'ROLE_NOT_ALLOWED', roles: stepRule.roles };
  }
  const transition = CASE_TRANSITIONS.find((t) => t.from === state.status && t.move === move);
  if (!transition) return { ok: false, code: 'ILLEGAL_CASE_MOVE', allowed: allowedCaseMoves(state, ctx) };
  const guard = failedGuard(transition, state, ctx);
  if (guard) return { ok: false, code: 'ILLEGAL_CASE_MOVE', allowed: allowedCaseMoves(state, ctx), guard };
  return transition.roles.includes(ctx.role) ? { ok: true } : { ok: false, code: 'ROLE_NOT_ALLOWED', roles: transition.roles };
}

export function isCaseMove(value: string): value is CaseMove {
  return (CASE_MOVES as readonly string[]).includes(value);
}

/** Undecided: the applicant may still withdraw and a manager may still abort. */
export function isOpenStatus(status: CaseStatus): boolean {
  return OPEN_STATUSES.has(status);
}

/** No move leads out of the status (for reported: not at this level). */
export function isTerminal(status: CaseStatus): boolean {
  return !CASE_TRANSITIONS.some((t) => t.from === status);
}

/**
 * Whether the time limit is counting: not before acceptance, not while suspended, and no
 * longer once a decision (or an end without one) is reached.
 */
export function clockRunning(status: CaseStatus): boolean {
  return CLOCK_RUNNING_STATUSES.has(status);
}

/** 延期 adds 10 working days to the legal limit, 15 for 联办件. */
export function extensionWorkingDays(caseType: CaseType): number {
  return caseType === 'joint' ? 15 : 10;
}

/** The moves this role may make now, whatever input they will need. */
export function allowedCaseMoves(state: CaseState, ctx: CaseMoveContext): CaseMove[] {
  return CASE_TRANSITIONS.filter(
    (t) => t.from === state.status && t.roles.includes(ctx.role) && failedGuard(t, state, ctx) === undefined,
  ).map((t) => t.move);
}

export function applyCaseMove(state: CaseState, move: CaseMove, ctx: CaseMoveContext): CaseMoveResult {
  const check = checkCaseMove(state, move, ctx);
  if (!check.ok) return check;
  const transition = CASE_TRANSITIONS.find((t) => t.from === state.status && t.move === move) as CaseTransition;

  for (const requirement of transition.requires ?? []) {
    const problem = checkRequirement(requirement, ctx.input ?? {});
    if (problem) return { ok: false, ...problem };
  }

  return {
    ok: true,
    move,
    from: state.status,
    to: transition.to,
    state: { status: transition.to, extended: state.extended || move === 'extend' },
  };
}

function failedGuard(t: CaseTransition, state: CaseState, ctx: CaseMoveContext): CaseGuard | undefined {
  return t.guards?.find((guard) => !guardHolds(guard, state, ctx));
}

function guardHolds(guard: CaseGuard, state: CaseState, ctx: CaseMoveContext): boolean {
  switch (guard) {
    case 'instant_case':
      return ctx.caseType === 'instant';
    case 'commitment_case':
      return ctx.commitment;
    case 'reported_case':
      return ctx.caseType === 'reported';
    case 'decided_here':
      return ctx.caseType !== 'reported';
    case 'no_open_obligations':
      return ctx.openObligations === 0;
    case 'not_extended':
      return !state.extended;
    case 'before_deadline':
      return !ctx.deadlinePassed;
  }
}

type FieldProblem = { code: 'MISSING_FIELD' | 'INVALID_FIELD'; field: string };

function checkRequirement(requirement: CaseMoveRequirement, input: CaseMoveInput): FieldProblem | undefined {
  switch (requirement) {
    case 'reason':
      return isMissingText(input.reason) ? missing('reason') : undefined;
    case 'remedy':
      if (!Array.isArray(input.remedy) || input.remedy.length === 0) return missing('remedy');
      return input.remedy.every(isRemedy) ? undefined : invalid('remedy');
    case 'missing_materials':
      if (!Array.isArray(input.missingMaterials) || input.missingMaterials.length === 0) {
        return missing('missingMaterials');
      }
      return input.missingMaterials.some(isMissingText) ? invalid('missingMaterials') : undefined;
    case 'suspension':
      return checkSuspension(input.suspension);
    case 'shipment':
      if (!isObject(input.shipment)) return missing('shipment');
      if (isMissingText(input.shipment.carrier)) return missing('shipment.carrier');
      return isMissingText(input.shipment.trackingNumber) ? missing('shipment.trackingNumber') : undefined;
    case 'certificate':
      return isMissingText(input.certificateNumber) ? missing('certificateNumber') : undefined;
  }
}

function checkSuspension(suspension: Suspension | undefined): FieldProblem | undefined {
  if (!isObject(suspension)) return missing('suspension');
  if (suspension.kind !== 'correction' && suspension.kind !== 'special_procedure') return invalid('suspension.kind');
  if (suspension.kind === 'special_procedure') {
    if (suspension.procedure === undefined) return missing('suspension.procedure');
    if (!(SPECIAL_PROCEDURES as readonly string[]).includes(suspension.procedure)) return invalid('suspension.procedure');
  }
  if (isMissingText(suspension.reason)) return missing('suspension.reason');
  if (suspension.expectedWorkingDays === undefined) return missing('suspension.expectedWorkingDays');
  const days = suspension.expectedWorkingDays;
  return Number.isInteger(days) && days > 0 ? undefined : invalid('suspension.expectedWorkingDays');
}

function isRemedy(value: string): value is Remedy {
  return (REMEDIES as readonly string[]).includes(value);
}

/** Input may be parsed JSON, where null stands for absent. */
function isObject<T extends object>(value: T | undefined): value is T {
  return typeof value === 'object' && value !== null;
}

function isMissingText(value: string | undefined): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function missing(field: string): FieldProblem {
  return { code: 'MISSING_FIELD', field };
}

function invalid(field: string): FieldProblem {
  return { code: 'INVALID_FIELD', field };
}
