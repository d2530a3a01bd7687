import type { SimClock } from '@jitkit/sim-kit';
import { fault } from './errors.js';
import { randomToken } from '@jitkit/sim-kit';

interface Issued<T> {
  token: string;
  owner: T;
  expiresAt: number;
  revoked: boolean;
}

/**
 * Access tokens: one live token per owner (a repeat gettoken inside the lifetime returns it),
 * expiring on the emulator clock, revocable early to test a client's refresh path.
 */
export class TokenService<T> {
  private readonly byToken = new Map<string, Issued<T>>();
  private readonly current = new Map<T, Issued<T>>();

  constructor(
    private readonly clock: SimClock,
    public lifetimeMs: number,
    private readonly length = 96,
  ) {}

  issue(owner: T): { token: string; expiresIn: number } {
    const now = this.clock.now();
    let t = this.current.get(owner);
    if (!t || t.revoked || t.expiresAt <= now) {
      t = { token: randomToken(this.length), owner, expiresAt: now + this.lifetimeMs, revoked: false };
      this.byToken.set(t.token, t);
      this.current.set(owner, t);
    }
    return { token: t.token, expiresIn: Math.max(1, Math.round((t.expiresAt - now) / 1000)) };
  }

  /** The owner of a token, or the WeCom error for a missing, unknown, revoked or expired one. */
  check(token: string | null): T {
    if (!token) throw fault(41001);
    const t = this.byToken.get(token);
    if (!t || t.revoked) throw fault(40014);
    if (t.expiresAt <= this.clock.now()) throw fault(42001);
    return t.owner;
  }

  revokeAll(): number {
    let n = 0;
    for (const t of this.current.values()) {
      if (!t.revoked) n++;
      t.revoked = true;
    }
    return n;
  }
}
