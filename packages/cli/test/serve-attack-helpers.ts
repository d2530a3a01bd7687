import { CallbackCrypto } from '@jitkit/wecom';
import type { ServeFixture } from './serve-helpers.js';

export const nowSeconds = () => String(Math.floor(Date.now() / 1000));

export function callbackCrypto(f: ServeFixture): CallbackCrypto {
  return new CallbackCrypto({ token: f.sim.token, encodingAESKey: f.sim.encodingAESKey, receiveId: f.sim.corpId });
}

/** An update_user event as WeCom sends it (full mode: with the member's fields). */
export function updateUserXml(f: ServeFixture, userid: string, extra = ''): string {
  return `<xml><ToUserName><![CDATA[${f.sim.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${nowSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[update_user]]></ChangeType><UserID><![CDATA[${userid}]]></UserID>${extra}</xml>`;
}

export async function postCallback(f: ServeFixture, query: object, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${f.url}/wecom/callback/MyQywxCorp?${new URLSearchParams(query as Record<string, string>)}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/xml', ...headers },
  });
}

/** Logs a member in through the emulator's OAuth; returns the session cookie and the last redirect. */
export async function loginAs(
  f: ServeFixture,
  userid: string,
  next?: string,
): Promise<{ session: string | undefined; location: string | null; status: number }> {
  await f.sim.control.loginAs({ userid });
  const start = await fetch(`${f.url}/login/MyQywxCorp${next !== undefined ? `?next=${encodeURIComponent(next)}` : ''}`, {
    redirect: 'manual',
  });
  const stateCookie = start.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const upstream = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const back = await fetch(upstream.headers.get('location')!, { redirect: 'manual', headers: { cookie: stateCookie } });
  const session = back.headers
    .getSetCookie()
    .find((c) => c.startsWith('jk_session='))
    ?.split(';')[0]!
    .slice('jk_session='.length);
  return { session, location: back.headers.get('location'), status: back.status };
}

export async function me(f: ServeFixture, session: string): Promise<Response> {
  return fetch(`${f.url}/me`, { redirect: 'manual', headers: { cookie: `jk_session=${session}` } });
}

export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
