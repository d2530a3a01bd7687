import { ATTRIBUTE_PREFIX } from '../pool/local-fields.js';
import { ACTIVE } from '../store/tables.js';
import { describeUpdates } from './describe-updates.js';
import { memberIdTaken, type LocalMember } from './local-state.js';
import type { PlanContext } from './planner.js';
import { json, type DrawnWrite, type MemberWrite } from './member-writes.js';
import type { MemberRow } from './rows.js';
import { inScope, type UpstreamMember } from './upstream.js';

export interface PlannedMembers {
  /** The memberId of the member with upstream id `ext`, if the plan keeps or adds one (for tags). */
  memberOf(ext: string): string | undefined;
  /** Bound members upstream no longer has (in scope). */
  gone: LocalMember[];
}

const lower = (s: string | undefined | null) => (s ? s.toLowerCase() : '');

/**
 * Plans member writes: added, updated, renamed (explicitly, or recognised by the same mobile or
 * email as a member gone upstream), reactivated, resigned; with their users, bindings and
 * department memberships.
 */
export function planMembers(ctx: PlanContext): PlannedMembers {
  const { upstream, local, scope } = ctx.input;
  const { plan, change, hashOf } = ctx;
  const upMembers = new Map(upstream.members.map((m) => [m.externalId, m]));
  // Where the plan departs from the pool's bindings: renamed and added members, resigned ones
  // (null). A copy of every binding would be another million entries at a million members.
  const planned = new Map<string, string | null>();
  const memberOf = (ext: string): string | undefined => {
    const id = planned.get(ext);
    if (id !== undefined) return id ?? undefined;
    const b = local.bound.get(ext);
    return b && (b.status === ACTIVE || upMembers.has(ext)) ? b.memberId : undefined;
  };

  const write = (w: MemberWrite) => {
    plan.memberWrites.push(w);
    // For progress only: departments the plan removes still count here.
    plan.memberRowCount += 2 + (w.bind ? 1 : 0) + w.member.memberships.length;
  };

  const updated: { memberId: string; row: MemberRow; kept: string[] }[] = [];
  /** The member's own values (updateMember) replace upstream's in the row; returns the columns where upstream differs. */
  const keepLocal = (row: MemberRow, local: LocalMember['localFields']): string[] => {
    const owned = ctx.input.localColumns;
    if (!local || !owned?.size) return [];
    const kept: string[] = [];
    const r = row as unknown as Record<string, unknown>;
    let attributes: Record<string, string> | undefined;
    for (const [column, value] of Object.entries(local)) {
      if (!owned.has(column)) continue;
      if (column.startsWith(ATTRIBUTE_PREFIX)) {
        attributes ??= row.attributes ? (JSON.parse(row.attributes) as Record<string, string>) : {};
        const name = column.slice(ATTRIBUTE_PREFIX.length);
        if ((attributes[name] ?? null) !== value) kept.push(column);
        if (value === null) delete attributes[name];
        else attributes[name] = value;
        continue;
      }
      if ((r[column] ?? null) !== value) kept.push(column);
      r[column] = value;
    }
    if (attributes) row.attributes = Object.keys(attributes).length ? json(attributes) : null;
    return kept;
  };
  const keep = (b: LocalMember, m: UpstreamMember, renamedFrom?: string) => {
    const hash = hashOf(m);
    const reactivating = b.status !== ACTIVE;
    if (!reactivating && b.hash === hash && !renamedFrom) return;
    // read-local.ts reads the user of every member this can reach; a miss would write a row without one.
    if (!b.userId) throw new Error(`sync planner: member ${b.memberId} was not read in full`);
    const w: DrawnWrite = { member: m, memberId: b.memberId, userId: b.userId, user: 'update', bind: false };
    const row = (w.row = plan.memberRows.member(w));
    const kept = keepLocal(row, b.localFields);
    write(w);
    if (m.externalId !== b.upstreamId) planned.set(m.externalId, b.memberId);
    const ref = { id: b.memberId, externalId: m.externalId, name: m.name };
    if (renamedFrom) {
      plan.rebinds.push({ memberId: b.memberId, upstreamId: m.externalId });
      plan.counts.membersRenamed++;
      change({ kind: 'member.renamed', ...ref, detail: `${renamedFrom} -> ${m.externalId}` });
    }
    if (reactivating) {
      plan.counts.membersReactivated++;
      change({ kind: 'member.reactivated', ...ref });
    } else if (!renamedFrom || b.hash !== hash) {
      plan.counts.membersUpdated++;
      change({ kind: 'member.updated', ...ref });
      updated.push({ memberId: b.memberId, row, kept });
    }
  };

  // Explicit renames first (from events): the old binding moves to the new upstream id.
  const consumed = new Set<string>();
  const renamedTo = new Set<string>();
  for (const [oldId, newId] of ctx.input.renames ?? []) {
    const b = local.bound.get(oldId);
    const m = upMembers.get(newId);
    if (!b || !m || local.bound.has(newId)) continue;
    consumed.add(oldId);
    renamedTo.add(newId);
    keep(b, m, oldId);
  }

  const newcomers: UpstreamMember[] = [];
  for (const m of upstream.members) {
    if (renamedTo.has(m.externalId)) continue;
    const b = local.bound.get(m.externalId);
    if (b) keep(b, m);
    else newcomers.push(m);
  }

  // Members gone upstream: in a full sync every bound member not upstream; in a targeted one only
  // those in scope. A newcomer with the mobile or email of a member gone upstream is that person
  // (renamed or back). "Gone" means upstream was asked and does not have it: a targeted sync
  // widens its scope to such candidates first (SyncSource.widenScope), so it decides as a full one.
  const gone = [...local.bound.values()].filter(
    (b) => b.upstreamId !== null && !upMembers.has(b.upstreamId) && !consumed.has(b.upstreamId) && inScope(scope, 'members', b.upstreamId),
  );
  const byMobile = new Map<string, LocalMember[]>();
  const byEmail = new Map<string, LocalMember[]>();
  for (const b of gone) {
    if (b.mobile) byMobile.set(b.mobile, [...(byMobile.get(b.mobile) ?? []), b]);
    if (b.email) byEmail.set(lower(b.email), [...(byEmail.get(lower(b.email)) ?? []), b]);
  }
  // With nobody gone (a first sync), every newcomer is brand new.
  const brandNew: UpstreamMember[] = gone.length ? [] : newcomers;
  if (gone.length)
    for (const m of newcomers) {
      const hits = [
        ...new Set([...(m.mobile ? (byMobile.get(m.mobile) ?? []) : []), ...(m.email ? (byEmail.get(lower(m.email)) ?? []) : [])]),
      ].filter((b) => !consumed.has(b.upstreamId!));
      if (hits.length === 1) {
        consumed.add(hits[0]!.upstreamId!);
        keep(hits[0]!, m, hits[0]!.upstreamId!);
      } else brandNew.push(m);
    }

  // Brand-new members: memberId is their upstream id (suffixed if taken), the user found by
  // mobile among the app's users not yet in this corp, or a new one.
  // An id an earlier newcomer took: its own upstream id (`planned` has it), or a suffixed one. A
  // set of every new id would be another million entries in a first sync of a million members.
  const suffixed = new Set<string>();
  const assigned = (id: string) => suffixed.has(id) || planned.get(id) === id;
  const linkedUsers = new Set<string>();
  for (const m of brandNew) {
    let memberId = m.externalId;
    for (let n = 2; memberIdTaken(local, memberId) || assigned(memberId); n++) memberId = `${m.externalId}~${n}`;
    if (memberId !== m.externalId) suffixed.add(memberId);
    const found = m.mobile ? local.usersByMobile.get(m.mobile) : undefined;
    const linked = found && !linkedUsers.has(found) ? found : undefined;
    if (linked) linkedUsers.add(linked);
    // A new user's id is drawn when its rows are built.
    write({ member: m, memberId, userId: linked, user: linked ? 'update' : 'insert', bind: true });
    planned.set(m.externalId, memberId);
    plan.counts.membersAdded++;
    change({ kind: 'member.added', id: memberId, externalId: m.externalId, name: m.name });
  }

  const outOfScope = ctx.input.outOfScope ?? new Set<string>();
  for (const id of outOfScope) if (!local.bound.has(id)) plan.counts.membersOutOfScope++;
  if (ctx.removals) {
    for (const b of gone) {
      if (consumed.has(b.upstreamId!) || b.status !== ACTIVE) continue;
      plan.resign.push(b.memberId);
      planned.set(b.upstreamId!, null);
      plan.counts.membersResigned++;
      const why = outOfScope.has(b.upstreamId!) ? 'out of scope' : 'left upstream';
      change({ kind: 'member.resigned', id: b.memberId, externalId: b.upstreamId!, name: b.name, detail: why });
    }
  }
  describeUpdates(updated, local.memberFields, plan.changes);
  return { memberOf, gone };
}
