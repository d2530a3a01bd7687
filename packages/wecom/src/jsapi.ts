import { randomBytes } from 'node:crypto';
import { getJsApiSignature } from '@wecom/crypto';

export interface JsapiSignature {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/**
 * sha1("jsapi_ticket=T&noncestr=N&timestamp=TS&url=URL"), URL without its #fragment and not
 * encoded (section 7). The same for wx.config (corp ticket) and wx.agentConfig (app ticket).
 */
export function jsapiSignature(o: { ticket: string; url: string; nonceStr?: string; timestamp?: number }): JsapiSignature {
  const nonceStr = o.nonceStr ?? randomBytes(12).toString('base64url');
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const url = o.url.split('#')[0]!;
  const { signature } = getJsApiSignature({ ticket: o.ticket, url, nonceStr, timestamp });
  return { timestamp, nonceStr, signature };
}
