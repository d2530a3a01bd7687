import { WeComApiError } from '@jitkit/wecom';

/** Resolves to undefined when WeCom says the item does not exist (or is out of the visible range). */
export async function unlessGone<T>(p: Promise<T>, codes: number[]): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof WeComApiError && codes.includes(err.errcode)) return undefined;
    throw err;
  }
}
