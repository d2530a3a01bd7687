import { afterAll } from 'vitest';
import { startWeComSim, type WeComSim, type WeComSimOptions } from '@jitkit/wecom-sim';

const open: WeComSim[] = [];
afterAll(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

export async function sim(options: WeComSimOptions = {}): Promise<WeComSim> {
  const s = await startWeComSim(options);
  open.push(s);
  return s;
}

export type Answer = { errcode: number; errmsg: string } & Record<string, unknown>;

/** Plain HTTP calls to the emulator, the way any WeCom client makes them. */
export function wecom(s: WeComSim, which: 'app' | 'contacts' = 'app') {
  let token: string | undefined;
  const secret = which === 'app' ? s.secret : s.contactSecret;
  const raw = async (path: string, query: Record<string, string | number> = {}, body?: unknown): Promise<Answer> => {
    const q = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    const res = await fetch(
      `${s.url}/cgi-bin/${path}?${q}`,
      body === undefined ? {} : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) },
    );
    return (await res.json()) as Answer;
  };
  const call = async (path: string, query: Record<string, string | number> = {}, body?: unknown): Promise<Answer> => {
    token ??= (await raw('gettoken', { corpid: s.corpId, corpsecret: secret })).access_token as string;
    return raw(path, { access_token: token, ...query }, body);
  };
  return { call, raw };
}
