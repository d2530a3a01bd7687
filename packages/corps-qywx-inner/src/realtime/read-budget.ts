import { paceMsPerCall, type ReadBudget } from '@jitkit/corps';
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

/**
 * What one call costs of the budget, in milliseconds of its pace: nothing while the window's
 * budget is untouched, the whole pace once it is spent. A subtree read trades calls for members
 * read, and members cost CPU and transfer at both ends whatever the budget: it pays only as calls
 * run short. (Pricing a call at the full pace with the budget untouched made a 500-a-second
 * stream read subtrees of thousands for a handful of members: 0.03 calls an event, and the
 * emulator's CPU, on the same two cores, delayed its deliveries by 12 to 32 s at p99.)
 */
export function scarceCallMs(budget: ReadBudget): number {
  return paceMsPerCall(budget) * (1 - Math.min(1, Math.max(0, budget.left)));
}
