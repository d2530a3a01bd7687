import { paceMsPerCall, type ReadBudget } from '@jitkit/corps';
import type { WeComClient } from '@jitkit/wecom';

/**
 * What event re-reads draw on: user/get's and user/list's budgets together (WeCom allows each
 * 10,000 calls a minute and 150,000 an hour; the client keeps under its own, lower, budgets), in
 * the window that holds them back most. A stream within the minute's limit still spends the
 * hour's in about a quarter of an hour; from then on the hour's refill (about 78 calls a second
 * for both) is what a stream can keep up, not the minute's (300).
 */
export function weComReadBudget(client: WeComClient): ReadBudget {
  const [get, list] = [client.budget('user/get'), client.budget('user/list')];
  if (get.windows.length === 0) return { left: 1, refillPerSecond: Infinity };
  const budgets = get.windows.map((g, i): ReadBudget => {
    const l = list.windows[i]!;
    return { left: (g.left + l.left) / (g.limit + l.limit), refillPerSecond: ((g.limit + l.limit) * 1000) / g.periodMs };
  });
  return budgets.reduce((tightest, b) => (paceMsPerCall(b) > paceMsPerCall(tightest) ? b : tightest));
}
