import { JitError } from '@jitkit/core';
import type { Plan } from './plan.js';

export interface GuardSettings {
  /** Largest share of active members a sync may resign, and of departments it may remove (0.2). */
  maxShare: number;
}

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

/**
 * Refuses a plan that would resign or remove an implausibly large share of the org: an outage,
 * a cut visible range or a permission change makes upstream look empty, and a sync that believed
 * it would disable everyone. The error says what would have happened; nothing was written.
 */
export function checkGuard(plan: Plan, settings: GuardSettings): JitError | undefined {
  // Counted by the engine for any plan that resigns or removes; were they missing, zero refuses (safe).
  const { activeMembers, activeDepts } = plan.before ?? { activeMembers: 0, activeDepts: 0 };
  const resign = plan.resign.length;
  const removed = plan.deptRemovals.length;
  const problems: string[] = [];
  if (resign > 0 && resign > settings.maxShare * activeMembers)
    problems.push(`resign ${resign} of ${activeMembers} active members (${pct(resign / activeMembers)})`);
  if (removed > 0 && removed > settings.maxShare * activeDepts)
    problems.push(`remove ${removed} of ${activeDepts} departments (${pct(removed / activeDepts)})`);
  if (problems.length === 0) return undefined;
  return new JitError(
    'SYNC_GUARD',
    `sync stopped: it would ${problems.join(' and ')}, more than the allowed ${pct(settings.maxShare)}. Nothing was changed. If upstream really shrank, run again with force (jitkit sync --force).`,
    { wouldResign: resign, activeMembers, wouldRemoveDepts: removed, activeDepts, maxShare: settings.maxShare, counts: plan.counts },
  );
}
