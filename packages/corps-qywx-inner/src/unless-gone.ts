import { WeComApiError } from '@jitkit/wecom';

/** user/get's "gone" answers: not found, out of the visible range, invalid userid. */
export const GONE_MEMBER = [60111, 60011, 40003];
/** A department's "gone" answers: not found, out of the visible range, invalid id. */
export const GONE_DEPT = [60003, 60011, 60123];

/** Resolves to undefined when WeCom says the item does not exist (or is out of the visible range). */
export async function unlessGone<T>(p: Promise<T>, codes: number[]): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof WeComApiError && codes.includes(err.errcode)) return undefined;
    throw err;
  }
}
