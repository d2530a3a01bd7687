import { ACTIVE } from '../store/tables.js';
import { deptHash } from './hash.js';
import type { PlanContext } from './planner.js';
import type { DeptRow } from './rows.js';
import { inScope } from './upstream.js';

/**
 * Plans department writes: created, renamed, moved, updated, removed. A department whose parent
 * is unknown hangs under the root. Returns which departments members may be placed in.
 */
export function planDepartments(ctx: PlanContext): (deptId: string) => boolean {
  const { corp, upstream, local, scope, now } = ctx.input;
  const { plan, change } = ctx;
  const upDepts = new Map(upstream.depts.map((d) => [d.externalId, d]));
  const deptKnown = (id: string) => upDepts.has(id) || local.depts.get(id)?.status === ACTIVE;
  for (const d of upstream.depts) {
    const deptId = d.externalId;
    const isRoot = deptId === corp.rootDeptId;
    const parentId = isRoot
      ? null
      : d.parentExternalId && d.parentExternalId !== deptId && deptKnown(d.parentExternalId)
        ? d.parentExternalId
        : corp.rootDeptId;
    const hash = deptHash(d, parentId);
    const current = local.depts.get(deptId);
    if (current && current.status === ACTIVE && current.hash === hash) continue;
    const row: DeptRow = {
      corp_id: corp.id,
      dept_id: deptId,
      external_id: d.externalId,
      parent_id: parentId,
      name: d.name,
      name_en: d.nameEn ?? null,
      sort_order: d.order,
      leaders: JSON.stringify(d.leaders ?? null),
      status: ACTIVE,
      source: 'sync',
      hash,
      created_at: now,
      updated_at: now,
    };
    plan.deptRows.push(row);
    const ref = { id: deptId, externalId: d.externalId, name: d.name };
    if (!current || current.status !== ACTIVE) {
      plan.counts.deptsCreated++;
      change({ kind: 'dept.created', ...ref });
      continue;
    }
    let changed = false;
    if (current.name !== d.name) {
      changed = true;
      plan.counts.deptsRenamed++;
      change({ kind: 'dept.renamed', ...ref, detail: `${current.name} -> ${d.name}` });
    }
    if ((current.parentId ?? null) !== parentId) {
      changed = true;
      plan.counts.deptsMoved++;
      change({ kind: 'dept.moved', ...ref, detail: `parent ${current.parentId} -> ${parentId}` });
    }
    if (!changed) {
      plan.counts.deptsUpdated++;
      change({ kind: 'dept.updated', ...ref });
    }
  }
  if (ctx.removals) {
    for (const d of local.depts.values()) {
      if (d.status !== ACTIVE || d.source !== 'sync' || d.deptId === corp.rootDeptId || d.externalId === null) continue;
      if (upDepts.has(d.externalId) || !inScope(scope, 'depts', d.externalId)) continue;
      plan.deptRemovals.push(d.deptId);
      plan.counts.deptsRemoved++;
      change({ kind: 'dept.removed', id: d.deptId, externalId: d.externalId, name: d.name });
    }
  }
  const removed = new Set(plan.deptRemovals);
  return (id) => !removed.has(id) && deptKnown(id);
}
