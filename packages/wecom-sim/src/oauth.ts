import type { SimClock } from '@jitkit/sim-kit';
import { fault } from './errors.js';
import type { Org } from './org/org.js';
import type { SimUser } from './org/model.js';
import { randomToken } from '@jitkit/sim-kit';

/** Who the next login is, as a test or the demo chooses it. */
export type LoginChoice = { userid: string } | { openid: string } | { refuse: true };

interface Code {
  userid?: string;
  openid?: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}

const CODE_LIFETIME_MS = 5 * 60_000;
const TICKET_LIFETIME_MS = 1800_000;

/** OAuth codes (single use, 5 minutes) and user_tickets (30 minutes) on the emulator clock. */
export class OAuthState {
  loginAs?: LoginChoice;
  private readonly codes = new Map<string, Code>();
  private readonly tickets = new Map<string, { userid: string; expiresAt: number }>();

  constructor(
    private readonly clock: SimClock,
    private readonly org: Org,
  ) {}

  issueCode(choice: { userid: string } | { openid: string }, scope: string): string {
    const code = randomToken(32);
    this.codes.set(code, { ...choice, scope, expiresAt: this.clock.now() + CODE_LIFETIME_MS, used: false });
    return code;
  }

  /** True if `code` would be accepted (getuserinfo with a valid code is exempt from rate limits). */
  isValid(code: string | null): boolean {
    const c = code ? this.codes.get(code) : undefined;
    return !!c && !c.used && c.expiresAt > this.clock.now();
  }

  exchange(code: string | null): { userid: string; user_ticket?: string; expires_in?: number } | { openid: string } {
    if (!this.isValid(code)) throw fault(40029);
    const c = this.codes.get(code!)!;
    c.used = true;
    if (c.openid) return { openid: c.openid };
    if (c.scope === 'snsapi_privateinfo') {
      const ticket = randomToken(64);
      this.tickets.set(ticket, { userid: c.userid!, expiresAt: this.clock.now() + TICKET_LIFETIME_MS });
      return { userid: c.userid!, user_ticket: ticket, expires_in: TICKET_LIFETIME_MS / 1000 };
    }
    return { userid: c.userid! };
  }

  detail(ticket: unknown): SimUser {
    const t = typeof ticket === 'string' ? this.tickets.get(ticket) : undefined;
    if (!t) throw fault(84015);
    if (t.expiresAt <= this.clock.now()) throw fault(84014);
    const user = this.org.user(t.userid);
    if (!user) throw fault(60111);
    return user;
  }
}
