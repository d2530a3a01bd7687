const BASE = 'http://this-server.invalid';
// Whitespace and control characters (raw or percent-encoded) turn a path into something a
// browser may read as another host: `/\t/evil.example` resolves to http://evil.example/.
const UNSAFE = /[\s\p{C}\\]/u;

/** `next` after login: a path on this server, normalised; anything else means /me. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2048) return '/me';
  let decoded = next;
  for (let i = 0; i < 3; i++) {
    let d: string;
    try {
      d = decodeURIComponent(decoded);
    } catch {
      return '/me';
    }
    if (d === decoded) break;
    decoded = d;
  }
  for (const v of [next, decoded]) if (UNSAFE.test(v) || !v.startsWith('/') || v.startsWith('//')) return '/me';
  const url = new URL(next, BASE);
  return url.origin === BASE ? url.pathname + url.search + url.hash : '/me';
}
