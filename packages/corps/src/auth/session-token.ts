import { JitError } from '@jitkit/core';
import { deriveKey, openToken, signToken } from './signed-token.js';

export interface Session {
  /** The session's id: its row in the pool, which logout revokes. */
  sid: string;
  corpFullName: string;
  memberId: string;
  userId: string;
  name: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

/** A session token: base64url(JSON) "." HMAC-SHA256. Verifiable by any process with the key. */
export function signSession(session: Session, key: Buffer): string {
  return signToken(session, key);
}

/** The signed part of a session: signature, shape and expiry. The pool check is the Corp's. */
export function verifySession(token: string, key: Buffer, now: number): Session {
  const session = openToken<Partial<Session>>(token, key);
  if (!session)
    throw new JitError('AUTH_FAILED', 'not a session token of this corp (forged, altered or for another key)', {
      reason: 'session-invalid',
    });
  if (typeof session.sid !== 'string' || typeof session.memberId !== 'string' || typeof session.exp !== 'number')
    throw new JitError('AUTH_FAILED', 'the session token is of an older format: log in again', { reason: 'session-invalid' });
  if (!(session.exp > now)) throw new JitError('AUTH_FAILED', 'session expired: log in again', { reason: 'session-expired' });
  return session as Session;
}

/** Derives the session key from a secret the corp already has, so no extra setting is needed. */
export function deriveSessionKey(secret: string, corpFullName: string): Buffer {
  return deriveKey(secret, 'session', corpFullName);
}
