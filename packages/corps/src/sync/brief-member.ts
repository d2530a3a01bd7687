import type { UpstreamMember, UpstreamMembership } from './upstream.js';

/**
 * The fingerprint a held member (a brief member, a stand-in: member-stage.ts) carries: a map of a
 * million by id costs 100 MB more. Held members set it in their constructor, so it takes a slot in
 * the object itself; added afterwards it costs another 40 bytes a member.
 */
export const HASH = Symbol('fingerprint');
type Carrier = UpstreamMember & { [HASH]?: string };

/** The fingerprint `m` carries (a brief member's, a stand-in's), or undefined. */
export function carriedHash(m: UpstreamMember): string | undefined {
  return (m as Carrier)[HASH];
}

/**
 * A held member's membership: its department, which is all planning reads of the memberships of a
 * member it does not write (roles from departments) or writes from the stage (member-stage.ts).
 * Reading the rest throws rather than answering wrong.
 */
class HeldMembership implements UpstreamMembership {
  constructor(readonly deptExternalId: string) {}
  get isLeader(): boolean {
    throw new Error(`a held member's membership of department ${this.deptExternalId} keeps its department only (isLeader)`);
  }
  get order(): number {
    throw new Error(`a held member's membership of department ${this.deptExternalId} keeps its department only (order)`);
  }
}

/**
 * Memberships as a run holds them for its held members: one frozen list per set of departments,
 * shared by every member in them. A list of its own per member was 100 bytes a member.
 */
export class HeldMemberships {
  private readonly lists = new Map<string, UpstreamMembership[]>();

  of(list: readonly UpstreamMembership[]): UpstreamMembership[] {
    const key = list.length === 1 ? list[0]!.deptExternalId : list.map((x) => x.deptExternalId).join('\u0001');
    let held = this.lists.get(key);
    if (!held) this.lists.set(key, (held = Object.freeze(list.map((x) => new HeldMembership(x.deptExternalId))) as UpstreamMembership[]));
    return held;
  }
}
/** The direct leaders of a member held for planning only (never read: they are not written). */
export const NO_LEADERS: string[] = Object.freeze([]) as unknown as string[];

/** How a run holds a brief member: what it shares (its id and fingerprint strings, its memberships). */
export interface HeldAs {
  /** `m.externalId`, as a string the run already holds (the pool's). */
  id?: string;
  /** The fingerprint it carries (carriedHash). */
  hash?: string;
  /** Where its memberships are held (departments only); without it, the member's own are kept. */
  memberships?: HeldMemberships;
}

/**
 * A member the pool already has exactly (the same fingerprint, active), as a full sync holds it
 * until planning: its id, name, status and memberships, which is all planning reads of a member
 * it does not write (who is still upstream, roles from departments). Half the memory of the full
 * member: a re-sync of a million members would otherwise hold every avatar, extra attribute and
 * phone number until it ends, to write none of them.
 */
class BriefMember implements UpstreamMember {
  readonly externalId: string;
  readonly name: string;
  readonly upstreamStatus: number;
  readonly enabled: boolean;
  readonly memberships: UpstreamMembership[];
  readonly directLeaders = NO_LEADERS;
  readonly [HASH]: string | undefined;

  constructor(m: UpstreamMember, held: HeldAs) {
    this.externalId = held.id ?? m.externalId;
    this.name = m.name;
    this.upstreamStatus = m.upstreamStatus;
    this.enabled = m.enabled;
    this.memberships = held.memberships ? held.memberships.of(m.memberships) : m.memberships;
    this[HASH] = held.hash;
  }
}

/** `m` as a brief member (see BriefMember). */
export function briefMember(m: UpstreamMember, held: HeldAs = {}): UpstreamMember {
  return new BriefMember(m, held);
}

/** Whether `m` is a brief member: it has no row to write (member-writes.ts refuses it). */
export function isBrief(m: UpstreamMember): boolean {
  return m instanceof BriefMember;
}
