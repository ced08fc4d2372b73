/**
 * When a failed delivery is tried again (README "Notices to the applicant"): attempt n (1-based)
 * that failed waits base × 2^(n−1), capped at max; after maxAttempts attempts, or at once for a
 * failure that cannot heal (the gateway refused the request itself), the notice is dead.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

export type AfterFailure = { status: 'dead' } | { status: 'failed'; delayMs: number };

export function retryDelayMs(failedAttempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>): number {
  const exponent = Math.min(Math.max(failedAttempt, 1) - 1, 40);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

export function afterFailure(attempts: number, permanent: boolean, policy: RetryPolicy): AfterFailure {
  if (permanent || attempts >= policy.maxAttempts) return { status: 'dead' };
  return { status: 'failed', delayMs: retryDelayMs(attempts, policy) };
}
