import type { UpstreamMember } from './upstream.js';

const briefs = new WeakSet<UpstreamMember>();
const NO_LEADERS: string[] = Object.freeze([]) as unknown as string[];

/**
 * A member the pool already has exactly (the same fingerprint, active), as a full sync holds it
 * until planning: its id, name, status and memberships, which is all planning reads of a member
 * it does not write (who is still upstream, roles from departments). Half the memory of the full
 * member: a re-sync of a million members would otherwise hold every avatar, extra attribute and
 * phone number until it ends, to write none of them.
 */
export function briefMember(m: UpstreamMember): UpstreamMember {
  const brief: UpstreamMember = {
    externalId: m.externalId,
    name: m.name,
    upstreamStatus: m.upstreamStatus,
    enabled: m.enabled,
    memberships: m.memberships,
    directLeaders: NO_LEADERS,
  };
  briefs.add(brief);
  return brief;
}

/** Whether `m` is a brief member: it has no row to write (member-writes.ts refuses it). */
export function isBrief(m: UpstreamMember): boolean {
  return briefs.has(m);
}
