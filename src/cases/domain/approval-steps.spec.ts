import fc from 'fast-check';
import {
  mayHandleStep,
  DEFAULT_APPROVAL_STEPS,
  advanceStep,
  currentStep,
  isFinalStep,
  returnToPreviousStep,
  startSteps,
} from './approval-steps';

describe('approval steps', () => {
  it('starts at 承办 and walks to 批准', () => {
    const start = startSteps();
    expect(currentStep(start)).toBe('承办');

    const second = advanceStep(start);
    expect(second).toEqual({ ok: true, progress: { steps: DEFAULT_APPROVAL_STEPS, current: 1 }, from: '承办', to: '审核' });
    if (!second.ok) return;

    const third = advanceStep(second.progress);
    expect(third).toMatchObject({ ok: true, from: '审核', to: '批准' });
    if (!third.ok) return;
    expect(isFinalStep(third.progress)).toBe(true);
    expect(advanceStep(third.progress)).toEqual({ ok: false, code: 'AT_FINAL_STEP' });
  });

  it('returns to the previous step, never before the first', () => {
    expect(returnToPreviousStep({ steps: DEFAULT_APPROVAL_STEPS, current: 2 })).toMatchObject({
      ok: true,
      progress: { current: 1 },
      from: '批准',
      to: '审核',
    });
    expect(returnToPreviousStep(startSteps())).toEqual({ ok: false, code: 'AT_FIRST_STEP' });
  });

  it('treats a single-step item as decided at its only step', () => {
    const only = startSteps(['办理']);
    expect(isFinalStep(only)).toBe(true);
    expect(advanceStep(only)).toEqual({ ok: false, code: 'AT_FINAL_STEP' });
    expect(returnToPreviousStep(only)).toEqual({ ok: false, code: 'AT_FIRST_STEP' });
  });

  it('does not share the caller’s step list', () => {
    const steps = ['承办', '批准'];
    const progress = startSteps(steps);
    steps.push('复核');
    expect(progress.steps).toEqual(['承办', '批准']);
  });

  it('rejects a progress outside its steps as corrupt data', () => {
    expect(() => startSteps([])).toThrow(RangeError);
    expect(() => advanceStep({ steps: DEFAULT_APPROVAL_STEPS, current: 3 })).toThrow(RangeError);
    expect(() => returnToPreviousStep({ steps: DEFAULT_APPROVAL_STEPS, current: -1 })).toThrow(RangeError);
    expect(() => currentStep({ steps: DEFAULT_APPROVAL_STEPS, current: 0.5 })).toThrow(RangeError);
  });

  it('undoes an advance with a return', () => {
    const progress = fc
      .array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 8 })
      .chain((steps) => fc.record({ steps: fc.constant(steps), current: fc.nat(steps.length - 1) }));
    fc.assert(
      fc.property(progress, (p) => {
        const advanced = advanceStep(p);
        if (!advanced.ok) {
          expect(p.current).toBe(p.steps.length - 1);
          return;
        }
        const back = returnToPreviousStep(advanced.progress);
        expect(back).toMatchObject({ ok: true, progress: p });
      }),
    );
  });
});

describe('mayHandleStep (审批分离)', () => {
  const people = fc.constantFrom('甲', '乙', '丙', '丁');
  it('lets nobody take a step after one they passed when distinct, and anybody when not', () => {
    fc.assert(
      fc.property(fc.array(fc.option(people), { minLength: 1, maxLength: 5 }), fc.nat(), people, (handledBy, at, who) => {
        const current = at % handledBy.length;
        expect(mayHandleStep(handledBy, current, who, false)).toBe(true);
        expect(mayHandleStep(handledBy, current, who, true)).toBe(!handledBy.slice(0, current).includes(who));
      }),
      { seed: 19, numRuns: 300 },
    );
  });

  it('refuses one approver passing 承办 → 审核 → 批准 alone, and allows three', () => {
    expect(mayHandleStep(['甲', null, null], 1, '甲', true)).toBe(false);
    expect(mayHandleStep(['甲', '乙', null], 2, '乙', true)).toBe(false);
    expect(mayHandleStep(['甲', '乙', null], 2, '丙', true)).toBe(true);
    // 退回 to the first step: its handler takes it again.
    expect(mayHandleStep(['甲', '乙', null], 0, '甲', true)).toBe(true);
  });
});
