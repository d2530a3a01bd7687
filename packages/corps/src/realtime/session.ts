import { createHmac, timingSafeEqual } from 'node:crypto';
import { JitError } from '@jitkit/core';

export interface Session {
  corpFullName: string;
  memberId: string;
  userId: string;
  name: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

function mac(body: string, key: Buffer): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

/** A session token: base64url(JSON) "." HMAC-SHA256. Verifiable by any process with the key. */
export function signSession(session: Session, key: Buffer): string {
  const body = b64(JSON.stringify(session));
  return `${body}.${mac(body, key)}`;
}

export function verifySession(token: string, key: Buffer, now: number): Session {
  const [body, sig] = typeof token === 'string' ? token.split('.') : [];
  if (!body || !sig) throw new JitError('AUTH_FAILED', 'not a session token', { reason: 'session-invalid' });
  const want = Buffer.from(mac(body, key));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw new JitError('AUTH_FAILED', 'session signature does not match', { reason: 'session-invalid' });
  const session = JSON.parse(Buffer.from(body, 'base64url').toString()) as Session;
  if (!(session.exp > now)) throw new JitError('AUTH_FAILED', 'session expired: log in again', { reason: 'session-expired' });
  return session;
}

/** Derives the session key from a secret the corp already has, so no extra setting is needed. */
export function deriveSessionKey(secret: string, corpFullName: string): Buffer {
  return createHmac('sha256', secret).update(`jitkit session key v1 ${corpFullName}`).digest();
}
