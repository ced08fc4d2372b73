/**
 * Where a case stands in its item's approval steps (承办 → 审核 → 批准 by default, configurable
 * per item). Moving past the last step is not a step move: the last step ends in a decision
 * (approve or deny) made through the case state machine.
 */

export const DEFAULT_APPROVAL_STEPS: readonly string[] = ['承办', '审核', '批准'];

export interface StepProgress {
  readonly steps: readonly string[];
  /** Index into `steps` of the step the case is at. */
  readonly current: number;
}

export type StepMoveResult =
  { ok: true; progress: StepProgress; from: string; to: string } | { ok: false; code: 'AT_FINAL_STEP' | 'AT_FIRST_STEP' };

export function startSteps(steps: readonly string[] = DEFAULT_APPROVAL_STEPS): StepProgress {
  const progress = { steps: [...steps], current: 0 };
  assertValid(progress);
  return progress;
}

export function currentStep(progress: StepProgress): string {
  assertValid(progress);
  return progress.steps[progress.current];
}

/** Only at the final step may the case be decided. */
export function isFinalStep(progress: StepProgress): boolean {
  assertValid(progress);
  return progress.current === progress.steps.length - 1;
}

export function advanceStep(progress: StepProgress): StepMoveResult {
  if (isFinalStep(progress)) return { ok: false, code: 'AT_FINAL_STEP' };
  return moveTo(progress, progress.current + 1);
}

/** 退回: back to the previous step's handler, never before the first step. */
export function returnToPreviousStep(progress: StepProgress): StepMoveResult {
  assertValid(progress);
  if (progress.current === 0) return { ok: false, code: 'AT_FIRST_STEP' };
  return moveTo(progress, progress.current - 1);
}

function moveTo(progress: StepProgress, index: number): StepMoveResult {
  return {
    ok: true,
    progress: { steps: progress.steps, current: index },
    from: progress.steps[progress.current],
    to: progress.steps[index],
  };
}

/**
 * 审批分离: with an item's distinct approvers on, whoever passed an earlier step of the case
 * (`handledBy`, the step's last handler) may not take, pass or decide a later one, so that
 * 承办, 审核 and 批准 are three people. Going back (退回) to a step one handled is allowed.
 */
export function mayHandleStep(
  handledBy: readonly (string | null | undefined)[],
  current: number,
  approverId: string,
  distinct: boolean,
): boolean {
  return !distinct || !handledBy.slice(0, current).includes(approverId);
}

/** A progress outside its steps can only come from corrupt data, so it is not a user error. */
function assertValid(progress: StepProgress): void {
  if (progress.steps.length === 0) throw new RangeError('an item has at least one approval step');
  if (!Number.isInteger(progress.current) || progress.current < 0 || progress.current >= progress.steps.length) {
    throw new RangeError(`step index ${progress.current} is outside ${progress.steps.length} steps`);
  }
}
