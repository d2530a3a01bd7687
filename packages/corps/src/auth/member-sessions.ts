import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { JitError, type Clock } from '@jitkit/core';
import { claimOnce } from '../store/once.js';
import { findSession, insertSession, revokeSession } from '../store/sessions.js';
import { ACTIVE, T } from '../store/tables.js';
import { checkLoginState, newLoginState, type LoginState } from './login-state.js';
import { signSession, verifySession, type Session } from './session-token.js';
import { deriveKey } from './signed-token.js';

export const SESSION_TTL_MS = 8 * 3600_000;

export interface SessionOwner {
  db: Knex;
  clock: Clock;
  fullName: string;
  /** The pool id of the corp (the corp must be initialised). */
  corpId(): Promise<number>;
  /** The secret keys are derived from (JITKIT_SESSION_SECRET, else the corp's upstream secret). */
  secret(): string;
}

const refuse = (reason: string, message: string) => new JitError('AUTH_FAILED', message, { reason });

/**
 * Member sessions and login states of one corp. A session is a signed token *and* a row in the
 * pool: logout revokes the row, and every check reads the member's current status, so a member
 * resigned, disabled or removed upstream loses every open session at the next request.
 */
export class MemberSessions {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly owner: SessionOwner) {}

  private key(purpose: 'session' | 'login-state'): Buffer {
    let key = this.keys.get(purpose);
    if (!key) this.keys.set(purpose, (key = deriveKey(this.owner.secret(), purpose, this.owner.fullName)));
    return key;
  }

  async create(login: { memberId: string; userId: string; name: string }, ttlMs = SESSION_TTL_MS): Promise<string> {
    const now = this.owner.clock.now();
    const session: Session = {
      sid: randomBytes(18).toString('base64url'),
      corpFullName: this.owner.fullName,
      memberId: login.memberId,
      userId: login.userId,
      name: login.name,
      exp: now + ttlMs,
    };
    await insertSession(this.owner.db, {
      sid: session.sid,
      corpId: await this.owner.corpId(),
      memberId: session.memberId,
      createdAt: now,
      expiresAt: session.exp,
    });
    return signSession(session, this.key('session'));
  }

  /** The signed part only: signature, format, expiry and corp. */
  private open(token: string): Session {
    const session = verifySession(token, this.key('session'), this.owner.clock.now());
    if (session.corpFullName !== this.owner.fullName) throw refuse('session-invalid', 'the session belongs to another corp');
    return session;
  }

  /** AUTH_FAILED unless signed, unexpired, not revoked, and the member is active and enabled now. */
  async verify(token: string): Promise<Session> {
    const session = this.open(token);
    const row = await findSession(this.owner.db, session.sid);
    if (!row || row.revokedAt !== null) throw refuse('session-revoked', 'this session was ended (logged out): log in again');
    const m = await this.owner.db(T.members).where({ corp_id: row.corpId, member_id: session.memberId }).first('status', 'enabled');
    if (!m) throw refuse('unknown-member', `member ${session.memberId} is no longer in this corp`);
    if (Number(m.status) !== ACTIVE) throw refuse('resigned', `member ${session.memberId} has left the organisation`);
    if (!m.enabled) throw refuse('disabled', `member ${session.memberId} is disabled upstream`);
    return session;
  }

  /** Ends the session of a token (logout); false if it was not a valid, open session. */
  async revoke(token: string): Promise<boolean> {
    let session: Session;
    try {
      session = this.open(token);
    } catch {
      return false;
    }
    return revokeSession(this.owner.db, session.sid, this.owner.clock.now());
  }

  beginLogin(next: string): { state: string; token: string } {
    return newLoginState(this.owner.fullName, next, this.key('login-state'), this.owner.clock.now());
  }

  /** The login state a browser brought back: signed, this corp's, unexpired, and used only once. */
  async finishLogin(token: unknown, state: unknown): Promise<LoginState> {
    const saved = checkLoginState(token, state, this.owner.fullName, this.key('login-state'), this.owner.clock.now());
    if (!(await claimOnce(this.owner.db, 'login-state', saved.state, saved.exp)))
      throw refuse('state-used', 'this login was already completed once: log in again');
    return saved;
  }
}
