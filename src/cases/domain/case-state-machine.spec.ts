import fc from 'fast-check';
import type { CaseType } from '../../catalog/domain/catalog-types';
import {
  CASE_MOVES,
  CASE_STATUSES,
  CASE_STEP_MOVES,
  CASE_TRANSITIONS,
  CaseMove,
  CaseMoveContext,
  CaseMoveInput,
  CaseRole,
  CaseState,
  CaseStatus,
  allowedCaseMoves,
  applyCaseMove,
  checkCaseMove,
  clockRunning,
  extensionWorkingDays,
  isCaseMove,
  isOpenStatus,
  isTerminal,
} from './case-state-machine';

const ROLES: CaseRole[] = ['clerk', 'approver', 'manager', 'system', 'applicant'];
const CASE_TYPES: CaseType[] = ['instant', 'promised', 'reported', 'joint'];

const FULL_INPUT: CaseMoveInput = {
  reason: '申请人自愿撤回',
  remedy: ['行政复议', '行政诉讼'],
  suspension: { kind: 'special_procedure', procedure: '听证', reason: '涉及重大利益，组织听证', expectedWorkingDays: 10 },
  missingMaterials: ['营业执照复印件'],
  shipment: { carrier: 'EMS', trackingNumber: '1234567890123' },
  certificateNumber: 'DZZZ-2026-000123',
};

/** Written out independently of the table in the code: the diagram of DOMAIN.md. */
const EXPECTED: Record<CaseStatus, Partial<Record<CaseMove, CaseStatus>>> = {
  received: {
    accept: 'accepted',
    refuse: 'not_accepted',
    request_correction: 'correction_requested',
    withdraw: 'withdrawn',
    abort: 'aborted',
  },
  correction_requested: { complete_correction: 'received', withdraw: 'withdrawn', abort: 'aborted' },
  accepted: {
    start_review: 'in_review',
    conclude_instant: 'concluded',
    conclude_on_commitment: 'concluded',
    lapse: 'returned',
    withdraw: 'withdrawn',
    abort: 'aborted',
  },
  in_review: {
    suspend: 'suspended',
    extend: 'in_review',
    report: 'reported',
    approve: 'approved',
    deny: 'denied',
    lapse: 'returned',
    withdraw: 'withdrawn',
    abort: 'aborted',
  },
  suspended: { resume: 'in_review', lapse: 'returned', withdraw: 'withdrawn', abort: 'aborted' },
  approved: { conclude: 'concluded' },
  denied: { conclude: 'concluded' },
  concluded: { prepare_result: 'ready_for_pickup' },
  ready_for_pickup: { hand_over: 'picked_up', mail: 'mailed', deliver_electronically: 'delivered' },
  mailed: { confirm_delivery: 'delivered' },
  not_accepted: {},
  reported: {},
  picked_up: {},
  delivered: {},
  withdrawn: {},
  aborted: {},
  returned: {},
};

function ctx(overrides: Partial<CaseMoveContext> = {}): CaseMoveContext {
  return {
    role: 'clerk',
    caseType: 'promised',
    commitment: false,
    openObligations: 0,
    deadlinePassed: false,
    input: FULL_INPUT,
    ...overrides,
  };
}

function state(status: CaseStatus, extended = false): CaseState {
  return { status, extended };
}

/** Every combination of the facts the guards read. */
const SITUATIONS: { extended: boolean; ctx: Omit<CaseMoveContext, 'role'> }[] = CASE_TYPES.flatMap((caseType) =>
  [false, true].flatMap((commitment) =>
    [0, 1].flatMap((openObligations) =>
      [false, true].flatMap((deadlinePassed) =>
        [false, true].map((extended) => ({
          extended,
          ctx: { caseType, commitment, openObligations, deadlinePassed, input: FULL_INPUT },
        })),
      ),
    ),
  ),
);

describe('case transition table', () => {
  it('has at most one row per status and move', () => {
    const keys = CASE_TRANSITIONS.map((t) => `${t.from}/${t.move}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names at least one role on every row', () => {
    for (const t of CASE_TRANSITIONS) expect(t.roles.length).toBeGreaterThan(0);
  });

  it('reaches every status from received', () => {
    const reached = new Set<CaseStatus>(['received']);
    for (let grew = true; grew;) {
      grew = false;
      for (const t of CASE_TRANSITIONS) {
        if (reached.has(t.from) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...CASE_STATUSES].sort());
  });
});

describe('applyCaseMove: every status × every move', () => {
  const cells = CASE_STATUSES.flatMap((status) => CASE_MOVES.map((move) => [status, move] as const));

  it.each(cells)('%s × %s', (status, move) => {
    const expectedTo = EXPECTED[status][move];
    const outcomes = SITUATIONS.flatMap((situation) =>
      ROLES.map((role) => applyCaseMove(state(status, situation.extended), move, { ...situation.ctx, role })),
    );
    const successes = outcomes.filter((o) => o.ok);

    if (expectedTo === undefined) {
      expect(successes).toEqual([]);
      for (const o of outcomes) expect(o).toMatchObject({ ok: false, code: 'ILLEGAL_CASE_MOVE' });
    } else {
      expect(successes.length).toBeGreaterThan(0);
      for (const o of successes) expect(o).toMatchObject({ ok: true, from: status, to: expectedTo });
    }
  });
});

describe('status classes', () => {
  it('knows the terminal statuses', () => {
    expect(CASE_STATUSES.filter(isTerminal).sort()).toEqual(
      ['aborted', 'delivered', 'not_accepted', 'picked_up', 'reported', 'returned', 'withdrawn'].sort(),
    );
  });

  it('counts as open only the undecided statuses', () => {
    expect(CASE_STATUSES.filter(isOpenStatus)).toEqual(['received', 'correction_requested', 'accepted', 'in_review', 'suspended']);
  });

  it('runs the clock from acceptance until a decision, except while suspended', () => {
    expect(CASE_STATUSES.filter(clockRunning)).toEqual(['accepted', 'in_review']);
  });

  it('lets every open status, and only those, be withdrawn and aborted', () => {
    for (const status of CASE_STATUSES) {
      const withdraw = applyCaseMove(state(status), 'withdraw', ctx({ role: 'applicant' }));
      const withdrawnWithoutReason = applyCaseMove(
        state(status),
        'withdraw',
        ctx({ role: 'clerk', input: { ...FULL_INPUT, reason: ' ' } }),
      );
      expect(withdrawnWithoutReason.ok).toBe(false);
      const abort = applyCaseMove(state(status), 'abort', ctx({ role: 'manager' }));
      expect(withdraw.ok).toBe(isOpenStatus(status));
      expect(abort.ok).toBe(isOpenStatus(status));
    }
  });
});

describe('guards', () => {
  it('concludes at acceptance only an instant case', () => {
    expect(applyCaseMove(state('accepted'), 'conclude_instant', ctx({ caseType: 'instant' }))).toMatchObject({
      ok: true,
      to: 'concluded',
    });
    expect(applyCaseMove(state('accepted'), 'conclude_instant', ctx({ caseType: 'promised' }))).toEqual({
      ok: false,
      code: 'ILLEGAL_CASE_MOVE',
      allowed: ['withdraw'],
      guard: 'instant_case',
    });
  });

  it('concludes at acceptance a 告知承诺 case', () => {
    expect(applyCaseMove(state('accepted'), 'conclude_on_commitment', ctx({ commitment: true })).ok).toBe(true);
    expect(applyCaseMove(state('accepted'), 'conclude_on_commitment', ctx({ commitment: false }))).toMatchObject({
      code: 'ILLEGAL_CASE_MOVE',
      guard: 'commitment_case',
    });
  });

  it('grants nothing while 容缺 materials are owed, but may still deny', () => {
    const owing = { role: 'approver' as const, openObligations: 1 };
    expect(applyCaseMove(state('in_review'), 'approve', ctx(owing))).toMatchObject({ guard: 'no_open_obligations' });
    expect(applyCaseMove(state('in_review'), 'deny', ctx(owing)).ok).toBe(true);
    expect(applyCaseMove(state('accepted'), 'conclude_instant', ctx({ caseType: 'instant', openObligations: 2 }))).toMatchObject({
      guard: 'no_open_obligations',
    });
  });

  it('reports only a 上报件, which this level does not decide', () => {
    const approver = { role: 'approver' as const };
    expect(applyCaseMove(state('in_review'), 'report', ctx({ ...approver, caseType: 'reported' })).ok).toBe(true);
    expect(applyCaseMove(state('in_review'), 'report', ctx(approver))).toMatchObject({ guard: 'reported_case' });
    expect(applyCaseMove(state('in_review'), 'approve', ctx({ ...approver, caseType: 'reported' }))).toMatchObject({
      guard: 'decided_here',
    });
    expect(applyCaseMove(state('in_review'), 'deny', ctx({ ...approver, caseType: 'reported' }))).toMatchObject({
      guard: 'decided_here',
    });
  });

  it('extends once, before the deadline, and keeps the case in review', () => {
    const manager = ctx({ role: 'manager' });
    const extended = applyCaseMove(state('in_review'), 'extend', manager);
    expect(extended).toEqual({
      ok: true,
      move: 'extend',
      from: 'in_review',
      to: 'in_review',
      state: { status: 'in_review', extended: true },
    });
    expect(applyCaseMove(state('in_review', true), 'extend', manager)).toMatchObject({ guard: 'not_extended' });
    expect(applyCaseMove(state('in_review'), 'extend', ctx({ role: 'manager', deadlinePassed: true }))).toMatchObject({
      guard: 'before_deadline',
    });
  });

  it('keeps the extension through a suspension', () => {
    const approver = ctx({ role: 'approver' });
    const suspended = applyCaseMove(state('in_review', true), 'suspend', approver);
    if (!suspended.ok) throw new Error('suspend failed');
    const resumed = applyCaseMove(suspended.state, 'resume', approver);
    expect(resumed).toMatchObject({ ok: true, state: { status: 'in_review', extended: true } });
  });

  it('extends the legal limit by 10 working days, 15 for 联办件', () => {
    expect(extensionWorkingDays('promised')).toBe(10);
    expect(extensionWorkingDays('joint')).toBe(15);
  });
});

describe('roles', () => {
  it.each([
    ['in_review', 'approve', 'clerk', ['approver']],
    ['in_review', 'extend', 'approver', ['manager']],
    ['received', 'accept', 'approver', ['clerk']],
    ['received', 'abort', 'clerk', ['manager']],
    ['accepted', 'lapse', 'manager', ['system']],
    ['ready_for_pickup', 'hand_over', 'applicant', ['clerk']],
  ] as const)('%s × %s refuses the %s', (status, move, role, roles) => {
    expect(applyCaseMove(state(status), move, ctx({ role }))).toEqual({ ok: false, code: 'ROLE_NOT_ALLOWED', roles });
  });

  it('lists in an illegal-move answer what this role may do instead', () => {
    expect(applyCaseMove(state('received'), 'approve', ctx({ role: 'clerk' }))).toEqual({
      ok: false,
      code: 'ILLEGAL_CASE_MOVE',
      allowed: ['accept', 'refuse', 'request_correction', 'withdraw'],
    });
    expect(applyCaseMove(state('picked_up'), 'withdraw', ctx({ role: 'applicant' }))).toEqual({
      ok: false,
      code: 'ILLEGAL_CASE_MOVE',
      allowed: [],
    });
  });
});

describe('required input', () => {
  const cases: [CaseStatus, CaseMove, CaseRole, CaseMoveInput, string, string][] = [
    ['received', 'refuse', 'clerk', {}, 'MISSING_FIELD', 'reason'],
    ['received', 'refuse', 'clerk', { reason: '   ' }, 'MISSING_FIELD', 'reason'],
    ['received', 'request_correction', 'clerk', { missingMaterials: [] }, 'MISSING_FIELD', 'missingMaterials'],
    ['received', 'request_correction', 'clerk', { missingMaterials: ['身份证', ''] }, 'INVALID_FIELD', 'missingMaterials'],
    ['in_review', 'deny', 'approver', { reason: '不符合条件' }, 'MISSING_FIELD', 'remedy'],
    ['in_review', 'deny', 'approver', { reason: '不符合条件', remedy: [] }, 'MISSING_FIELD', 'remedy'],
    ['in_review', 'deny', 'approver', { remedy: ['行政复议'] }, 'MISSING_FIELD', 'reason'],
    ['in_review', 'suspend', 'approver', {}, 'MISSING_FIELD', 'suspension'],
    ['in_review', 'suspend', 'approver', { suspension: null } as unknown as CaseMoveInput, 'MISSING_FIELD', 'suspension'],
    ['in_review', 'extend', 'manager', {}, 'MISSING_FIELD', 'reason'],
    ['in_review', 'abort', 'manager', {}, 'MISSING_FIELD', 'reason'],
    ['suspended', 'lapse', 'system', {}, 'MISSING_FIELD', 'reason'],
    ['ready_for_pickup', 'mail', 'clerk', {}, 'MISSING_FIELD', 'shipment'],
    ['ready_for_pickup', 'mail', 'clerk', { shipment: null } as unknown as CaseMoveInput, 'MISSING_FIELD', 'shipment'],
    ['ready_for_pickup', 'mail', 'clerk', { shipment: { carrier: 'EMS', trackingNumber: '' } }, 'MISSING_FIELD', 'shipment.trackingNumber'],
    ['ready_for_pickup', 'mail', 'clerk', { shipment: { carrier: ' ', trackingNumber: '1' } }, 'MISSING_FIELD', 'shipment.carrier'],
    ['ready_for_pickup', 'deliver_electronically', 'clerk', {}, 'MISSING_FIELD', 'certificateNumber'],
    ['ready_for_pickup', 'deliver_electronically', 'clerk', { certificateNumber: ' ' }, 'MISSING_FIELD', 'certificateNumber'],
  ];

  it.each(cases)('%s × %s by %s with %j → %s %s', (status, move, role, input, code, field) => {
    expect(applyCaseMove(state(status), move, ctx({ role, input }))).toEqual({ ok: false, code, field });
  });

  it('refuses a remedy other than 行政复议 and 行政诉讼', () => {
    const input = { reason: '不符合条件', remedy: ['信访'] } as unknown as CaseMoveInput;
    expect(applyCaseMove(state('in_review'), 'deny', ctx({ role: 'approver', input }))).toEqual({
      ok: false,
      code: 'INVALID_FIELD',
      field: 'remedy',
    });
  });

  describe('suspension', () => {
    const suspend = (suspension: unknown) =>
      applyCaseMove(state('in_review'), 'suspend', ctx({ role: 'approver', input: { suspension } as CaseMoveInput }));

    it('accepts a correction wait and every special procedure', () => {
      expect(suspend({ kind: 'correction', reason: '补齐补正', expectedWorkingDays: 5 }).ok).toBe(true);
      for (const procedure of ['听证', '招标', '拍卖', '检验', '检测', '检疫', '鉴定', '专家评审', '公示', '现场踏勘']) {
        expect(suspend({ kind: 'special_procedure', procedure, reason: '依法进行', expectedWorkingDays: 20 }).ok).toBe(true);
      }
    });

    it.each([
      [{ kind: 'special_procedure', reason: 'r', expectedWorkingDays: 5 }, 'MISSING_FIELD', 'suspension.procedure'],
      [{ kind: 'special_procedure', procedure: '开会', reason: 'r', expectedWorkingDays: 5 }, 'INVALID_FIELD', 'suspension.procedure'],
      [{ kind: 'holiday', reason: 'r', expectedWorkingDays: 5 }, 'INVALID_FIELD', 'suspension.kind'],
      [{ kind: 'correction', expectedWorkingDays: 5 }, 'MISSING_FIELD', 'suspension.reason'],
      [{ kind: 'correction', reason: 'r' }, 'MISSING_FIELD', 'suspension.expectedWorkingDays'],
      [{ kind: 'correction', reason: 'r', expectedWorkingDays: 0 }, 'INVALID_FIELD', 'suspension.expectedWorkingDays'],
      [{ kind: 'correction', reason: 'r', expectedWorkingDays: 1.5 }, 'INVALID_FIELD', 'suspension.expectedWorkingDays'],
    ])('%j → %s %s', (suspension, code, field) => {
      expect(suspend(suspension)).toEqual({ ok: false, code, field });
    });
  });
});

/** Any case in any status, any caller and context, for the properties below. */
const anySituation = fc.record({
  status: fc.constantFrom(...CASE_STATUSES),
  extended: fc.boolean(),
  role: fc.constantFrom(...ROLES),
  caseType: fc.constantFrom(...CASE_TYPES),
  commitment: fc.boolean(),
  openObligations: fc.nat(3),
  deadlinePassed: fc.boolean(),
});

describe('allowedCaseMoves', () => {
  it('offers exactly the moves that then succeed', () => {
    fc.assert(
      fc.property(anySituation, fc.constantFrom(...CASE_MOVES), ({ status, extended, ...rest }, move) => {
        const context = ctx(rest);
        const offered = allowedCaseMoves(state(status, extended), context).includes(move);
        expect(applyCaseMove(state(status, extended), move, context).ok).toBe(offered);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a clerk through an instant case in one visit', () => {
    const clerk = ctx({ caseType: 'instant' });
    let current = state('received');
    for (const move of ['accept', 'conclude_instant', 'prepare_result', 'hand_over'] as const) {
      const result = applyCaseMove(current, move, clerk);
      if (!result.ok) throw new Error(`${move}: ${result.code}`);
      current = result.state;
    }
    expect(current.status).toBe('picked_up');
  });
});

describe('checkCaseMove', () => {
  /** Written out independently of the table: where each move that keeps the status is made, and by whom. */
  const STEP_MOVES: Record<(typeof CASE_STEP_MOVES)[number], { in: CaseStatus[]; role: CaseRole }> = {
    claim: { in: ['accepted', 'in_review', 'suspended'], role: 'approver' },
    assign: { in: ['accepted', 'in_review', 'suspended'], role: 'manager' },
    advance_step: { in: ['in_review'], role: 'approver' },
    return_step: { in: ['in_review'], role: 'approver' },
    request_extension: { in: ['in_review'], role: 'approver' },
  };

  it.each(CASE_STATUSES.flatMap((status) => CASE_STEP_MOVES.map((move) => [status, move] as const)))(
    'keeps %s on %s only where the back office works on it',
    (status, move) => {
      const rule = STEP_MOVES[move];
      const context = ctx({ role: rule.role });
      const result = checkCaseMove(state(status), move, context);
      if (rule.in.includes(status)) expect(result).toEqual({ ok: true });
      else expect(result).toEqual({ ok: false, code: 'ILLEGAL_CASE_MOVE', allowed: allowedCaseMoves(state(status), context) });
    },
  );

  it('refuses the wrong role in the right status', () => {
    expect(checkCaseMove(state('in_review'), 'claim', ctx({ role: 'manager' }))).toEqual({
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
      roles: ['approver'],
    });
  });

  it('agrees with applyCaseMove on every transition, whatever the input', () => {
    fc.assert(
      fc.property(anySituation, fc.constantFrom(...CASE_MOVES), ({ status, extended, ...rest }, move) => {
        const context = ctx(rest);
        const checked = checkCaseMove(state(status, extended), move, context);
        const applied = applyCaseMove(state(status, extended), move, context);
        // Only the input is left to applyCaseMove: with the full input both answer alike.
        expect(checked.ok).toBe(applied.ok);
        if (!checked.ok) expect(applied).toEqual(checked);
      }),
      { numRuns: 2000 },
    );
  });

  it('lets a clerk hand over a result only while it waits at the pickup windows', () => {
    expect(checkCaseMove(state('ready_for_pickup'), 'hand_over', ctx({ role: 'clerk' }))).toEqual({ ok: true });
    expect(checkCaseMove(state('picked_up'), 'hand_over', ctx({ role: 'clerk' }))).toEqual({
      ok: false,
      code: 'ILLEGAL_CASE_MOVE',
      allowed: [],
    });
  });
});

describe('isCaseMove', () => {
  it('recognises the moves and nothing else', () => {
    expect(isCaseMove('approve')).toBe(true);
    expect(isCaseMove('delete')).toBe(false);
  });
});
