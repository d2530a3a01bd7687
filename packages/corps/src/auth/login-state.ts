import { randomBytes } from 'node:crypto';
import { JitError } from '@jitkit/core';
import { openToken, signToken } from './signed-token.js';

/** How long a login may take from the redirect to the upstream login page until it comes back. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

export interface LoginState {
  /** The random `state` sent upstream and expected back. */
  state: string;
  corp: string;
  /** Where to go after login: a same-site path. */
  next: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

/** A new login state and its signed form (for a cookie that binds it to the browser). */
export function newLoginState(corp: string, next: string, key: Buffer, now: number): { state: string; token: string } {
  const state = randomBytes(24).toString('hex');
  return { state, token: signToken({ state, corp, next, exp: now + LOGIN_STATE_TTL_MS } satisfies LoginState, key) };
}

/** Checks a returned `state` against the browser's signed token: same corp, same state, not expired. */
export function checkLoginState(token: unknown, state: unknown, corp: string, key: Buffer, now: number): LoginState {
  const saved = openToken<Partial<LoginState>>(token, key);
  const refuse = (why: string) => new JitError('AUTH_FAILED', why, { reason: 'state-invalid' });
  if (!saved || typeof saved.state !== 'string' || typeof saved.next !== 'string' || typeof saved.exp !== 'number')
    throw refuse('this login did not start in this browser');
  if (saved.corp !== corp || typeof state !== 'string' || state !== saved.state) throw refuse('this login did not start in this browser');
  if (!(saved.exp > now)) throw new JitError('AUTH_FAILED', 'this login took too long (more than 10 minutes)', { reason: 'state-expired' });
  return saved as LoginState;
}
