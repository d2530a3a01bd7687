import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The emulator's own implementation of DingTalk's event encryption, written apart from the
 * client's so a mistake in one is caught by the other.
 */
export function sealEvent(aesKey: string, ownerKey: string, text: string): string {
  const key = Buffer.from(aesKey + '=', 'base64');
  const payload = Buffer.from(text);
  const head = Buffer.alloc(20);
  randomBytes(16).copy(head);
  head.writeUInt32BE(payload.length, 16);
  const plain = Buffer.concat([head, payload, Buffer.from(ownerKey)]);
  const n = 32 - (plain.length % 32);
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(n, n)])), c.final()]).toString('base64');
}

export function openEvent(aesKey: string, encrypt: string): { text: string; ownerKey: string } {
  const key = Buffer.from(aesKey + '=', 'base64');
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]);
  const plain = padded.subarray(0, padded.length - padded[padded.length - 1]!);
  const n = plain.readUInt32BE(16);
  return { text: plain.subarray(20, 20 + n).toString(), ownerKey: plain.subarray(20 + n).toString() };
}

export const signEvent = (token: string, timestamp: string, nonce: string, encrypt: string) =>
  createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
