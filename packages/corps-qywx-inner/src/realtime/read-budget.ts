import type { ReadBudget } from '@jitkit/corps';
import type { WeComClient } from '@jitkit/wecom';

/**
 * What event re-reads draw on: user/get's and user/list's minute budgets together (WeCom allows
 * each 10,000 calls a minute; the client keeps under its own, lower, budget). Their share left,
 * and their refill.
 */
export function weComReadBudget(client: WeComClient): ReadBudget {
  const [get, list] = [client.budget('user/get'), client.budget('user/list')];
  if (!Number.isFinite(get.perMinute)) return { left: 1, refillPerSecond: Infinity };
  return { left: (get.left + list.left) / (get.perMinute + list.perMinute), refillPerSecond: (get.perMinute + list.perMinute) / 60 };
}
