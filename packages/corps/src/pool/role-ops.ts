import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { JitError } from '@jitkit/core';
import { ACTIVE, T } from '../store/tables.js';

export interface RoleInfo {
  roleId: string;
  name: string;
  groupId: string | null;
  /** 'local' roles are made in the app; 'sync' roles mirror upstream tags. */
  source: string;
  corpFullName: string | null;
}

export interface RoleGroupInfo {
  groupId: string;
  name: string;
}

export async function createRoleGroup(db: Knex, g: { groupId?: string; name: string }, now: number): Promise<RoleGroupInfo> {
  const groupId = g.groupId ?? `rg_${randomUUID()}`;
  if (await db(T.roleGroups).where({ group_id: groupId }).first())
    throw new JitError('ROLE_GROUP_EXISTS', `role group '${groupId}' already exists`, { groupId });
  await db(T.roleGroups).insert({ group_id: groupId, name: g.name, created_at: now, updated_at: now });
  return { groupId, name: g.name };
}

export async function listRoleGroups(db: Knex): Promise<RoleGroupInfo[]> {
  return (await db(T.roleGroups).orderBy('group_id').select('group_id', 'name')).map((r: { group_id: string; name: string }) => ({
    groupId: r.group_id,
    name: r.name,
  }));
}

export async function createRole(db: Knex, r: { roleId?: string; name: string; groupId?: string }, now: number): Promise<RoleInfo> {
  const roleId = r.roleId ?? `role_${randomUUID()}`;
  return db.transaction(async (trx) => {
    const existing = await trx(T.roles).where({ role_id: roleId }).first();
    if (existing && Number(existing.status) === ACTIVE) throw new JitError('ROLE_EXISTS', `role '${roleId}' already exists`, { roleId });
    if (r.groupId !== undefined && !(await trx(T.roleGroups).where({ group_id: r.groupId }).first()))
      throw new JitError('ROLE_GROUP_NOT_FOUND', `no role group '${r.groupId}'`, { groupId: r.groupId });
    const row = {
      role_id: roleId,
      name: r.name,
      group_id: r.groupId ?? null,
      corp_id: null,
      external_id: null,
      source: 'local',
      status: ACTIVE,
      created_at: now,
      updated_at: now,
    };
    if (existing) await trx(T.roles).where({ role_id: roleId }).update(row);
    else await trx(T.roles).insert(row);
    return { roleId, name: r.name, groupId: r.groupId ?? null, source: 'local', corpFullName: null };
  });
}

/** Deletes a local role and its memberships; roles mirrored from upstream tags change upstream only. */
export async function deleteRole(db: Knex, roleId: string): Promise<void> {
  await db.transaction(async (trx) => {
    const role = await trx(T.roles).where({ role_id: roleId, status: ACTIVE }).first();
    if (!role) throw new JitError('ROLE_NOT_FOUND', `no role '${roleId}'`, { roleId });
    if (role.source !== 'local')
      throw new JitError('INVALID_ARGUMENT', `role '${roleId}' mirrors an upstream tag; change the tag upstream instead`, { roleId });
    await trx(T.roleMembers).where({ role_id: roleId }).delete();
    await trx(T.roles).where({ role_id: roleId }).delete();
  });
}

export async function listRoles(db: Knex): Promise<RoleInfo[]> {
  const rows = await db(`${T.roles} as r`)
    .leftJoin(`${T.corps} as c`, 'c.id', 'r.corp_id')
    .where('r.status', ACTIVE)
    .orderBy('r.role_id')
    .select('r.role_id', 'r.name', 'r.group_id', 'r.source', 'c.full_name');
  return rows.map((r: { role_id: string; name: string; group_id: string | null; source: string; full_name: string | null }) => ({
    roleId: r.role_id,
    name: r.name,
    groupId: r.group_id,
    source: r.source,
    corpFullName: r.full_name ?? null,
  }));
}
