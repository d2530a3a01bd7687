import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (body: string, key: Buffer) => createHmac('sha256', key).update(body).digest('base64url');
// base64url(JSON) "." base64url(HMAC-SHA256): exactly this, nothing before, between or after.
const TOKEN = /^([A-Za-z0-9_-]{2,4096})\.([A-Za-z0-9_-]{43})$/;

/** A JSON payload and its HMAC, verifiable by any process that derives the same key. */
export function signToken(payload: object, key: Buffer): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, key)}`;
}

/** The payload of a token signed with `key`; undefined for anything else (forged, altered, extended). */
export function openToken<T extends object>(token: unknown, key: Buffer): T | undefined {
  const m = typeof token === 'string' ? TOKEN.exec(token) : null;
  if (!m) return undefined;
  const want = Buffer.from(mac(m[1]!, key));
  const got = Buffer.from(m[2]!);
  if (!timingSafeEqual(want, got)) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(m[1]!, 'base64url').toString());
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as T) : undefined;
  } catch {
    return undefined;
  }
}

/** A key for one purpose of one corp, derived from a secret the corp already has. */
export function deriveKey(secret: string, purpose: string, corpFullName: string): Buffer {
  return createHmac('sha256', secret).update(`jitkit ${purpose} key v1 ${corpFullName}`).digest();
}
