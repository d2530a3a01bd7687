import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { callbackError } from '../errors.js';

export interface DingTalkCryptoOptions {
  /** The console's Token: 3-32 letters and digits. */
  token: string;
  /** The console's aes_key: 43 letters and digits. */
  aesKey: string;
  /** Who the message is for: the appKey (console subscriptions) or the corpId (call_back/register_call_back ones). */
  ownerKey: string;
}

/** What DingTalk POSTs to an HTTP push URL: the query's signature parts and the body's `encrypt`. */
export interface PushedMessage {
  signature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
}

/** The answer DingTalk expects: the encrypted word `success`, signed. */
export interface EncryptedReply {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

const BLOCK = 32;

/**
 * DingTalk's event encryption (AES-256-CBC, IV = the key's first 16 bytes, PKCS#7 to 32-byte
 * blocks; plaintext = random(16) | length (4 bytes, big-endian) | message | ownerKey) and its
 * SHA-1 signature over the sorted token, timestamp, nonce and ciphertext.
 */
export class DingTalkCrypto {
  private readonly key: Buffer;
  private readonly token: string;
  readonly ownerKey: string;

  constructor(options: DingTalkCryptoOptions) {
    if (!/^[A-Za-z0-9]{3,32}$/.test(options.token)) throw callbackError('config', 'the callback token must be 3-32 letters and digits');
    if (!/^[A-Za-z0-9]{43}$/.test(options.aesKey)) throw callbackError('config', 'the callback aes_key must be 43 letters and digits');
    this.key = Buffer.from(`${options.aesKey}=`, 'base64');
    if (this.key.length !== 32) throw callbackError('config', 'the callback aes_key does not decode to 32 bytes');
    this.token = options.token;
    this.ownerKey = options.ownerKey;
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return createHash('sha1').update([this.token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
  }

  /** Checks the signature, decrypts, and checks the message is for this owner; returns the message text. */
  decrypt(m: PushedMessage): string {
    const expected = Buffer.from(this.signature(m.timestamp, m.nonce, m.encrypt));
    const given = Buffer.from(String(m.signature).toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw callbackError('signature', 'signature mismatch');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(m.encrypt)) throw callbackError('base64', 'encrypt is not base64');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(Buffer.from(m.encrypt, 'base64')), decipher.final()]);
    } catch {
      throw callbackError('decrypt', 'the message does not decrypt with this aes_key');
    }
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) throw callbackError('decrypt', 'bad padding');
    plain = plain.subarray(0, plain.length - pad);
    const len = plain.readUInt32BE(16);
    if (20 + len > plain.length) throw callbackError('decrypt', 'bad message length');
    const owner = plain.subarray(20 + len).toString('utf8');
    if (owner !== this.ownerKey) throw callbackError('owner', 'the message is for another app or organisation');
    return plain.subarray(20, 20 + len).toString('utf8');
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const body = Buffer.concat([random, len, msg, Buffer.from(this.ownerKey, 'utf8')]);
    const pad = BLOCK - (body.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** The signed, encrypted reply DingTalk expects for an accepted push (`success`). */
  reply(timestamp: string, nonce: string, message = 'success'): EncryptedReply {
    const encrypt = this.encrypt(message);
    return { msg_signature: this.signature(timestamp, nonce, encrypt), timeStamp: timestamp, nonce, encrypt };
  }
}
