export interface RetryPolicy {
  /** Tries in all for a transient fault (WeCom and DingTalk say -1 "retry up to 3": 4 tries). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Exponential backoff with full jitter: a random delay up to base * 2^(try-1), capped. */
export function backoffDelay(policy: RetryPolicy, tryNumber: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tryNumber - 1));
  return Math.round(random() * ceiling);
}
