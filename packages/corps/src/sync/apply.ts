import type { Knex } from 'knex';
import { deleteIn, updateIn, writeRows } from '../store/bulk.js';
import { REMOVED, RESIGNED, T } from '../store/tables.js';
import type { Plan } from './plan.js';
import type { SyncProgress } from './model.js';

const except = (row: object, skip: string[]) => Object.keys(row).filter((k) => !skip.includes(k));

export interface ApplyHooks {
  onProgress?: (p: SyncProgress) => void;
  /** Keeps the sync lock alive between steps (with the transaction's connection). */
  renew?: (trx: Knex.Transaction) => Promise<void>;
}

/**
 * Writes a plan inside the caller's transaction, in batches, exactly as planned (the plan is not
 * changed). Returns the rows written.
 */
export async function applyPlan(trx: Knex.Transaction, plan: Plan, corpId: number, now: number, hooks: ApplyHooks = {}): Promise<number> {
  const total =
    plan.deptRows.length +
    plan.deptRemovals.length +
    plan.userRows.length +
    plan.userUpdates.length +
    plan.memberRows.length +
    plan.resign.length +
    plan.bindingInserts.length +
    plan.rebinds.length +
    plan.membershipRows.length +
    plan.roleRows.length +
    plan.roleRemovals.length +
    plan.roleMemberInserts.length +
    plan.roleMemberDeletes.length;
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
  if (plan.userRows.length) await step(writeRows(trx, T.users, plan.userRows));
  if (plan.userUpdates.length)
    await step(
      writeRows(trx, T.users, plan.userUpdates, {
        keys: ['user_id'],
        update: ['name', 'mobile', 'email', 'avatar', 'gender', 'updated_at'],
      }),
    );
  if (plan.memberRows.length)
    await step(
      writeRows(trx, T.members, plan.memberRows, {
        keys: ['corp_id', 'member_id'],
        update: except(plan.memberRows[0]!, ['corp_id', 'member_id', 'joined_at']),
      }),
    );
  if (plan.bindingInserts.length) await step(writeRows(trx, T.bindings, plan.bindingInserts));
  for (const r of plan.rebinds)
    await step(
      trx(T.bindings)
        .where({ ...corp, member_id: r.memberId })
        .update({ upstream_id: r.upstreamId, updated_at: now }),
    );
  if (plan.membershipReplace.length)
    await step(deleteIn(trx, T.deptMembers, { ...corp, source: 'sync' }, 'member_id', plan.membershipReplace));
  if (plan.membershipRows.length) await step(writeRows(trx, T.deptMembers, plan.membershipRows));
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
