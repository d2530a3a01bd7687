/** Plumbing every upstream client shares (WeCom, DingTalk, …): HTTP with timeouts, retries, limits, cached tokens. */
export { send, NetworkError, type HttpAnswer } from './http.js';
export { backoffCeiling, backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { Semaphore } from './semaphore.js';
export { AdaptiveLimit } from './adaptive-limit.js';
export { RateWindow } from './rate-window.js';
export { CachedValue, type CachedValueOptions } from './cached-value.js';
export { MemoryTokenStore, type TokenStore, type StoredToken } from './token-store.js';
