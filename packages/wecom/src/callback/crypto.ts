import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { registerSecret } from '@jitkit/core';
import { callbackError } from '../errors.js';
import { cdata, parseXmlRoot } from './xml.js';

export interface CallbackCryptoOptions {
  /** The callback Token (at most 32 letters and digits). */
  token: string;
  /** 43 characters of [A-Za-z0-9]. */
  encodingAESKey: string;
  /** The CorpID for a self-built app: every message must name it. */
  receiveId: string;
}

export interface SignedQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// WeCom's URL check sends a short random string; anything else (a sealed message) must not come back decrypted.
const ECHO = /^[\x21-\x3b\x3d\x3f-\x7e]{1,128}$/;

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * WeCom callback crypto (section 6): signature sha1(sort(token, timestamp, nonce, Encrypt)),
 * AES-256-CBC with the key from EncodingAESKey, plaintext random(16) | len | msg | receiveid.
 * Built on @wecom/crypto, WeCom's own package; this adds the checks it leaves out.
 */
export class CallbackCrypto {
  readonly #token: string;
  readonly #key: string;
  readonly receiveId: string;

  constructor(options: CallbackCryptoOptions) {
    if (!/^[A-Za-z0-9]{1,32}$/.test(options.token ?? ''))
      throw callbackError('config', 'callback token must be 1 to 32 letters and digits');
    if (!/^[A-Za-z0-9]{43}$/.test(options.encodingAESKey ?? ''))
      throw callbackError('config', 'EncodingAESKey must be 43 letters and digits');
    if (!options.receiveId) throw callbackError('config', 'receiveId (the CorpID) is required');
    this.#token = options.token;
    this.#key = options.encodingAESKey;
    this.receiveId = options.receiveId;
    registerSecret(options.token);
    registerSecret(options.encodingAESKey);
  }

  signature(timestamp: string, nonce: string, encrypted: string): string {
    return getSignature(this.#token, timestamp, nonce, encrypted);
  }

  private verify(query: SignedQuery, encrypted: string): void {
    const { msg_signature, timestamp, nonce } = query;
    if (!msg_signature || !timestamp || !nonce) throw callbackError('signature', 'msg_signature, timestamp and nonce are required');
    if (!sameHex(this.signature(String(timestamp), String(nonce), encrypted), String(msg_signature)))
      throw callbackError('signature', 'msg_signature does not match');
  }

  private open(encrypted: string): string {
    if (!BASE64.test(encrypted) || encrypted.length % 4 !== 0) throw callbackError('base64', 'Encrypt is not base64');
    const size = Buffer.byteLength(encrypted, 'base64');
    if (size < 32 || size % 16 !== 0) throw callbackError('base64', 'Encrypt has a length AES-CBC cannot produce');
    let out: { message: string; id: string };
    try {
      out = decrypt(this.#key, encrypted);
    } catch {
      throw callbackError('decrypt', 'Encrypt cannot be decrypted with this EncodingAESKey');
    }
    // A wrong key decrypts to noise; the receiveid check is what catches it.
    if (out.id !== this.receiveId)
      throw callbackError('receiveid', 'the message is not for this corp (receiveid mismatch, or a wrong EncodingAESKey)');
    return out.message;
  }

  /** The URL check: verifies the signature of echostr and returns its plaintext, to be sent back as is. */
  verifyUrl(query: SignedQuery & { echostr: string }): string {
    if (!query.echostr) throw callbackError('base64', 'echostr is required');
    this.verify(query, query.echostr);
    const echo = this.open(query.echostr);
    if (!ECHO.test(echo))
      throw callbackError('echostr', 'echostr is not an echo string (a message sent to the URL check is not decrypted)');
    return echo;
  }

  /** Verifies and decrypts a POSTed callback body; returns the inner event XML. */
  decryptMessage(query: SignedQuery, body: string): { xml: string; toUserName?: string; agentId?: string } {
    const envelope = parseXmlRoot(body);
    const encrypted = envelope.Encrypt;
    if (typeof encrypted !== 'string' || !encrypted) throw callbackError('xml', 'callback body has no <Encrypt>');
    this.verify(query, encrypted);
    const xml = this.open(encrypted);
    const toUserName = typeof envelope.ToUserName === 'string' ? envelope.ToUserName : undefined;
    if (toUserName && toUserName !== this.receiveId) throw callbackError('receiveid', 'ToUserName is another corp');
    return { xml, toUserName, agentId: typeof envelope.AgentID === 'string' ? envelope.AgentID : undefined };
  }

  /** Encrypts a passive reply: the envelope WeCom expects as the answer to a callback. */
  encryptReply(xml: string, timestamp: string, nonce: string): string {
    const encrypted = encrypt(this.#key, xml, this.receiveId);
    const signature = this.signature(timestamp, nonce, encrypted);
    return `<xml><Encrypt>${cdata(encrypted)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature><TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`;
  }

  /** Encrypts and signs a message as WeCom would send it (for emulators and tests). */
  seal(xml: string, timestamp: string, nonce: string): { body: string; query: SignedQuery } {
    const encrypted = encrypt(this.#key, xml, this.receiveId);
    return {
      body: `<xml><ToUserName>${cdata(this.receiveId)}</ToUserName><Encrypt>${cdata(encrypted)}</Encrypt></xml>`,
      query: { msg_signature: this.signature(timestamp, nonce, encrypted), timestamp, nonce },
    };
  }
}
