export interface RetryPolicy {
  /** Tries in all for a transient fault (WeCom and DingTalk say -1 "retry up to 3": 4 tries). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/** The exponential backoff's ceiling for a try: base * 2^(try-1), capped at maxDelayMs. */
export function backoffCeiling(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, tryNumber: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tryNumber - 1));
}

/** Exponential backoff with full jitter: a random delay up to the ceiling. */
export function backoffDelay(policy: RetryPolicy, tryNumber: number, random: () => number): number {
  return Math.round(random() * backoffCeiling(policy, tryNumber));
}
