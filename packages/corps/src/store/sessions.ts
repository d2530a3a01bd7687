import type { Knex } from 'knex';
import { T } from './tables.js';

export interface SessionRow {
  sid: string;
  corpId: number;
  memberId: string;
  expiresAt: number;
  revokedAt: number | null;
}

export async function insertSession(
  db: Knex,
  row: { sid: string; corpId: number; memberId: string; createdAt: number; expiresAt: number },
): Promise<void> {
  await db(T.sessions).insert({
    sid: row.sid,
    corp_id: row.corpId,
    member_id: row.memberId,
    created_at: row.createdAt,
    expires_at: row.expiresAt,
    revoked_at: null,
  });
}

export async function findSession(db: Knex, sid: string): Promise<SessionRow | undefined> {
  const r = await db(T.sessions).where({ sid }).first('sid', 'corp_id', 'member_id', 'expires_at', 'revoked_at');
  return (
    r && {
      sid: r.sid,
      corpId: Number(r.corp_id),
      memberId: r.member_id,
      expiresAt: Number(r.expires_at),
      revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    }
  );
}

/** Ends a session for every process: its token no longer verifies. */
export async function revokeSession(db: Knex, sid: string, now: number): Promise<boolean> {
  return (await db(T.sessions).where({ sid }).whereNull('revoked_at').update({ revoked_at: now })) > 0;
}

/** Expired sessions are only rows: a token past its expiry fails on its own signed `exp`. */
export async function pruneSessions(db: Knex, now: number): Promise<number> {
  return db(T.sessions).where('expires_at', '<', now).delete();
}
