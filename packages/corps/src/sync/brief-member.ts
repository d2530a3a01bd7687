import type { UpstreamMember, UpstreamMembership } from './upstream.js';

const briefs = new WeakSet<UpstreamMember>();
/** The fingerprint a brief member or a stand-in (member-stage.ts) carries: a map of a million by id costs 100 MB more. */
const HASH = Symbol('fingerprint');
type Carrier = UpstreamMember & { [HASH]?: string };

/** The fingerprint `m` carries (a brief member's, a stand-in's), or undefined. */
export function carriedHash(m: UpstreamMember): string | undefined {
  return (m as Carrier)[HASH];
}

/** Makes `m` carry `hash` (see carriedHash). Returns `m`. */
export function carryHash<M extends UpstreamMember>(m: M, hash: string): M {
  (m as Carrier)[HASH] = hash;
  return m;
}

/**
 * Memberships as a held member keeps them: one string per department id (`ids`, shared by every
 * member of a run), where the source parsed one per member.
 */
export function heldMemberships(list: readonly UpstreamMembership[], ids: Map<string, string>): UpstreamMembership[] {
  return list.map((x) => {
    let id = ids.get(x.deptExternalId);
    if (id === undefined) ids.set(x.deptExternalId, (id = x.deptExternalId));
    return { deptExternalId: id, isLeader: x.isLeader, order: x.order };
  });
}
/** The direct leaders of a member held for planning only (never read: they are not written). */
export const NO_LEADERS: string[] = Object.freeze([]) as unknown as string[];

/** How a run holds a brief member: the strings it shares (its id, its fingerprint, department ids). */
export interface HeldAs {
  /** `m.externalId`, as a string the run already holds (the pool's). */
  id?: string;
  /** The fingerprint it carries (carriedHash). */
  hash?: string;
  /** See heldMemberships. */
  deptIds?: Map<string, string>;
}

/**
 * A member the pool already has exactly (the same fingerprint, active), as a full sync holds it
 * until planning: its id, name, status and memberships, which is all planning reads of a member
 * it does not write (who is still upstream, roles from departments). Half the memory of the full
 * member: a re-sync of a million members would otherwise hold every avatar, extra attribute and
 * phone number until it ends, to write none of them.
 */
export function briefMember(m: UpstreamMember, held: HeldAs = {}): UpstreamMember {
  const { hash, deptIds } = held;
  const brief: UpstreamMember = {
    externalId: held.id ?? m.externalId,
    name: m.name,
    upstreamStatus: m.upstreamStatus,
    enabled: m.enabled,
    memberships: deptIds ? heldMemberships(m.memberships, deptIds) : m.memberships,
    directLeaders: NO_LEADERS,
  };
  if (hash !== undefined) carryHash(brief, hash);
  briefs.add(brief);
  return brief;
}

/** Whether `m` is a brief member: it has no row to write (member-writes.ts refuses it). */
export function isBrief(m: UpstreamMember): boolean {
  return briefs.has(m);
}
