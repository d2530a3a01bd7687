import type { Knex } from 'knex';
import { chunks, deleteIn, updateIn, writeRows } from '../store/bulk.js';
import { withWriteCache } from '../store/driver-write.js';
import { REMOVED, RESIGNED, T } from '../store/tables.js';
import { memberRowsOf } from './member-writes.js';
import type { Plan } from './plan.js';
import type { SyncProgress } from './model.js';

const except = (row: object, skip: string[]) => Object.keys(row).filter((k) => !skip.includes(k));

/**
 * Members whose rows are built and written together: large enough that each table's write is one
 * bulk statement stream, small enough that a million members never have their rows built at once.
 */
const MEMBERS_PER_CHUNK = 20_000;

export interface ApplyHooks {
  onProgress?: (p: SyncProgress) => void;
  /** Keeps the sync lock alive between steps (with the transaction's connection). */
  renew?: (trx: Knex.Transaction) => Promise<void>;
}

/**
 * Writes a plan inside the caller's transaction, in batches, exactly as planned (the plan is not
 * changed). Returns the rows written.
 */
export function applyPlan(trx: Knex.Transaction, plan: Plan, corpId: number, now: number, hooks: ApplyHooks = {}): Promise<number> {
  const total = rowsOf(plan);
  return withWriteCache(trx, total, () => writePlan(trx, plan, corpId, now, total, hooks));
}

/** The rows a plan writes (departments it removes counted in memberRowCount too: for progress). */
function rowsOf(plan: Plan): number {
  return (
    plan.deptRows.length +
    plan.deptRemovals.length +
    plan.memberRowCount +
    plan.resign.length +
    plan.rebinds.length +
    plan.roleRows.length +
    plan.roleRemovals.length +
    plan.roleMemberInserts.length +
    plan.roleMemberDeletes.length
  );
}

async function writePlan(
  trx: Knex.Transaction,
  plan: Plan,
  corpId: number,
  now: number,
  total: number,
  hooks: ApplyHooks,
): Promise<number> {
  let written = 0;
  const step = async (n: number | Promise<number>) => {
    written += await n;
    hooks.onProgress?.({ phase: 'apply', done: Math.min(written, total), total });
    await hooks.renew?.(trx);
  };
  const corp = { corp_id: corpId };

  if (plan.deptRows.length)
    await step(
      writeRows(trx, T.departments, plan.deptRows, {
        keys: ['corp_id', 'dept_id'],
        update: except(plan.deptRows[0]!, ['corp_id', 'dept_id', 'created_at']),
      }),
    );
  if (plan.deptRemovals.length) {
    await step(updateIn(trx, T.departments, corp, 'dept_id', plan.deptRemovals, { status: REMOVED, updated_at: now }));
    await step(deleteIn(trx, T.deptMembers, { ...corp, source: 'sync' }, 'dept_id', plan.deptRemovals));
  }
  for (const part of chunks(plan.memberWrites, MEMBERS_PER_CHUNK)) {
    const rows = memberRowsOf(plan.memberRows, part);
    if (rows.userInserts.length) await step(writeRows(trx, T.users, rows.userInserts));
    if (rows.userUpdates.length)
      await step(
        writeRows(trx, T.users, rows.userUpdates, {
          keys: ['user_id'],
          update: ['name', 'mobile', 'email', 'avatar', 'gender', 'updated_at'],
        }),
      );
    await step(
      writeRows(trx, T.members, rows.members, {
        keys: ['corp_id', 'member_id'],
        update: except(rows.members[0]!, ['corp_id', 'member_id', 'joined_at']),
      }),
    );
    if (rows.bindings.length) await step(writeRows(trx, T.bindings, rows.bindings));
    if (rows.replaceMemberships.length)
      await step(deleteIn(trx, T.deptMembers, { ...corp, source: 'sync' }, 'member_id', rows.replaceMemberships));
    if (rows.memberships.length) await step(writeRows(trx, T.deptMembers, rows.memberships));
  }
  // Renames last, once every new binding is in: the order the planner plans them in.
  for (const r of plan.rebinds)
    await step(
      trx(T.bindings)
        .where({ ...corp, member_id: r.memberId })
        .update({ upstream_id: r.upstreamId, updated_at: now }),
    );
  if (plan.roleRows.length)
    await step(writeRows(trx, T.roles, plan.roleRows, { keys: ['role_id'], update: ['name', 'status', 'updated_at'] }));
  if (plan.roleRemovals.length) await step(updateIn(trx, T.roles, {}, 'role_id', plan.roleRemovals, { status: REMOVED, updated_at: now }));
  const byRole = new Map<string, string[]>();
  for (const d of plan.roleMemberDeletes) byRole.set(d.roleId, [...(byRole.get(d.roleId) ?? []), d.memberId]);
  for (const [roleId, members] of byRole)
    await step(deleteIn(trx, T.roleMembers, { ...corp, role_id: roleId, source: 'sync' }, 'member_id', members));
  if (plan.roleMemberInserts.length) await step(writeRows(trx, T.roleMembers, plan.roleMemberInserts));
  if (plan.resign.length) {
    await step(updateIn(trx, T.members, corp, 'member_id', plan.resign, { status: RESIGNED, resigned_at: now, updated_at: now }));
    await step(deleteIn(trx, T.deptMembers, { ...corp, source: 'sync' }, 'member_id', plan.resign));
  }
  return written;
}
