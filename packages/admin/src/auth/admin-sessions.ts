import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '@jitkit/core';
import { POOL_TABLE_NAMES as T } from '@jitkit/corps';

export const ADMIN_SESSION_TTL_MS = 8 * 3_600_000;

export interface AdminSession {
  sid: string;
  /** Who: "token" (the bootstrap token) or "<Corp>:<memberId> (<name>)". */
  actor: string;
  csrf: string;
  expiresAt: number;
}

// Only a hash of the cookie is stored: reading the table gives no live session away.
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Admin sessions, apart from members' own: an unguessable cookie, a CSRF token, an expiry, logout. */
export class AdminSessions {
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly ttlMs = ADMIN_SESSION_TTL_MS,
  ) {}

  async create(actor: string): Promise<{ cookie: string; session: AdminSession }> {
    const cookie = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session = { sid: hashOf(cookie), actor, csrf: randomBytes(24).toString('base64url'), expiresAt: now + this.ttlMs };
    await this.db(T.adminSessions).insert({
      sid: session.sid,
      actor,
      csrf: session.csrf,
      created_at: now,
      expires_at: session.expiresAt,
      ended_at: null,
    });
    return { cookie, session };
  }

  /** The live session of a cookie, or undefined (unknown, expired, or logged out). */
  async find(cookie: string | undefined): Promise<AdminSession | undefined> {
    if (!cookie || cookie.length > 100) return undefined;
    const row = await this.db(T.adminSessions)
      .where({ sid: hashOf(cookie) })
      .first();
    if (!row || row.ended_at !== null || Number(row.expires_at) <= this.clock.now()) return undefined;
    return { sid: row.sid, actor: row.actor, csrf: row.csrf, expiresAt: Number(row.expires_at) };
  }

  async end(sid: string): Promise<void> {
    await this.db(T.adminSessions).where({ sid }).update({ ended_at: this.clock.now() });
  }
}
