import { ACTIVE } from '../store/tables.js';
import { briefMember, carriedHash, HeldMemberships, isBrief } from './brief-member.js';
import { memberHash, type HashOf } from './hash.js';
import type { LocalState } from './local-state.js';
import { MemberStage } from './member-stage.js';
import type { UpstreamMember } from './upstream.js';

/** Up to an org of this size nothing is staged (no file, no cost; staging costs about 15 µs a member). */
export const STAGE_MEMBERS_AFTER = 100_000;

/**
 * What a full sync holds of each member from its hand-over (MemberSink.member) until apply, and
 * the members' fingerprints. A member the pool has exactly (active, same fingerprint) is held
 * brief; past the first `stageAfter` members, the others wait whole in a MemberStage and a
 * stand-in is held. Both carry their fingerprint; a map by id has the rest. A million members
 * held whole until apply would be about 1 GB.
 */
export class HeldMembers {
  private readonly hashes = new Map<string, string>();
  /** Every held member's memberships, one shared list per set of departments. */
  private readonly memberships = new HeldMemberships();
  private keptWhole = 0;
  private stage: MemberStage | undefined;

  /** `trim`: whether members may be held brief or staged (not under sync.scope, which copies them, nor with renames). */
  constructor(
    private readonly trim: boolean,
    private readonly stageAfter: number = STAGE_MEMBERS_AFTER,
  ) {}

  /** The member to hold instead of `m` (final, as the source hands it over), given the pool once it is read. */
  hold(m: UpstreamMember, pool: LocalState | undefined): UpstreamMember {
    if (carriedHash(m) !== undefined) return m; // handed over again: already brief or staged
    const hash = this.hashes.get(m.externalId) ?? memberHash(m);
    if (!this.trim) return this.keepWhole(m, hash);
    return this.briefIfExact(m, hash, pool) ?? (++this.keptWhole > this.stageAfter ? this.stageWhole(m, hash) : this.keepWhole(m, hash));
  }

  /**
   * Once the fetch is done and the pool read (`pool`): the members still held whole in `members`
   * (the org the source returned) are replaced, in place, by what `hold` would give now. Those the
   * pool has exactly become brief: the ones handed over before the pool was read (or never handed
   * over) would otherwise stay whole or staged to the end (184,000 of 300,000 in a re-sync on SQLite).
   * When the org turned out larger than `stageAfter`, the rest are staged, the first ones too.
   */
  settle(members: UpstreamMember[], pool: LocalState): void {
    if (!this.trim) return;
    const stageAll = members.length > this.stageAfter;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (isBrief(m)) continue;
      const hash = carriedHash(m) ?? this.hashes.get(m.externalId) ?? memberHash(m);
      const held = this.briefIfExact(m, hash, pool) ?? (stageAll && !MemberStage.isStandIn(m) ? this.stageWhole(m, hash) : undefined);
      if (!held) continue;
      members[i] = held;
      this.hashes.delete(m.externalId);
    }
  }

  /** Once planned: stand-ins keep only what apply reads of them (MemberStage.release). */
  planned(writes: Iterable<{ member: UpstreamMember }>): void {
    if (this.stage) MemberStage.release(writes);
  }

  /** A brief copy of `m` if the pool has it exactly (active, same fingerprint), with the pool's strings for its id and fingerprint: the source's copies are then garbage (90 MB at a million). */
  private briefIfExact(m: UpstreamMember, hash: string, pool: LocalState | undefined): UpstreamMember | undefined {
    const b = pool?.bound.get(m.externalId);
    return b?.status === ACTIVE && b.hash === hash
      ? briefMember(m, { id: b.upstreamId!, hash: b.hash, memberships: this.memberships })
      : undefined;
  }

  private stageWhole(m: UpstreamMember, hash: string): UpstreamMember {
    return (this.stage ??= new MemberStage(this.memberships)).put(m, hash);
  }

  private keepWhole(m: UpstreamMember, hash: string): UpstreamMember {
    this.hashes.set(m.externalId, hash);
    return m;
  }

  /** The fingerprints of `members` as they are held (those never handed over are fingerprinted now). */
  hashOf(members: readonly UpstreamMember[]): HashOf {
    for (const m of members)
      if (carriedHash(m) === undefined && !this.hashes.has(m.externalId)) this.hashes.set(m.externalId, memberHash(m));
    return (m) => carriedHash(m) ?? this.hashes.get(m.externalId)!;
  }

  /** Where stand-ins wait whole (none before the first is staged). */
  get staged(): MemberStage | undefined {
    return this.stage;
  }

  /** Removes the stage's file, however the run ended. */
  close(): void {
    this.stage?.close();
  }
}
