import type { Knex } from 'knex';
import { JitError } from '@jitkit/core';
import { ACTIVE, RESIGNED, T } from '../store/tables.js';
import { selectIn, updateIn, writeRows } from '../store/bulk.js';

/** Fails with MEMBER_NOT_FOUND naming every unknown id; checks all before anything changes. */
export async function assertMembers(db: Knex | Knex.Transaction, corpId: number, memberIds: string[], method: string): Promise<void> {
  const found = new Set(
    (await selectIn(memberIds, (part) => db(T.members).where('corp_id', corpId).whereIn('member_id', part).select('member_id'))).map(
      (r: { member_id: string }) => r.member_id,
    ),
  );
  const missing = memberIds.filter((id) => !found.has(id));
  if (missing.length)
    throw new JitError(
      'MEMBER_NOT_FOUND',
      `${method}: no member ${missing.map((m) => `'${m}'`).join(', ')} in this corp; nothing was changed`,
      { method, missing },
    );
}

export interface RoleMemberRow {
  memberId: string;
  roleId: string;
  corpFullName: string;
  source: string;
}

/** Clears the member's manual roles, then sets the given ones; synced (tag) roles stay. */
export async function setUserRole(
  db: Knex,
  corp: { id: number; fullName: string },
  memberId: string,
  roleIds: string[],
  now: number,
): Promise<RoleMemberRow[]> {
  return db.transaction(async (trx) => {
    await assertMembers(trx, corp.id, [memberId], 'setUserRole');
    const known = new Set(
      (await selectIn(roleIds, (part) => trx(T.roles).whereIn('role_id', part).andWhere('status', ACTIVE).select('role_id'))).map(
        (r: { role_id: string }) => r.role_id,
      ),
    );
    const missing = roleIds.filter((r) => !known.has(r));
    if (missing.length)
      throw new JitError(
        'ROLE_NOT_FOUND',
        `setUserRole: no role ${missing.map((r) => `'${r}'`).join(', ')}; create it first (createRole); nothing was changed`,
        { missing },
      );
    await trx(T.roleMembers).where({ corp_id: corp.id, member_id: memberId, source: 'manual' }).delete();
    await writeRows(
      trx,
      T.roleMembers,
      roleIds.map((roleId) => ({ corp_id: corp.id, role_id: roleId, member_id: memberId, source: 'manual', created_at: now })),
    );
    const rows = await trx(T.roleMembers)
      .where({ corp_id: corp.id, member_id: memberId })
      .orderBy(['role_id', 'source'])
      .select('role_id', 'source');
    return rows.map((r: { role_id: string; source: string }) => ({
      memberId,
      roleId: r.role_id,
      corpFullName: corp.fullName,
      source: r.source,
    }));
  });
}

/** Marks members resigned in this corp only; their user, roles and signature stay. */
export async function offlineMembers(db: Knex, corpId: number, memberIds: string[], now: number): Promise<number> {
  return db.transaction(async (trx) => {
    await assertMembers(trx, corpId, memberIds, 'offlineMember');
    return updateIn(trx, T.members, { corp_id: corpId, status: ACTIVE }, 'member_id', memberIds, {
      status: RESIGNED,
      resigned_at: now,
      updated_at: now,
    });
  });
}

export async function setAdmins(db: Knex, corpId: number, memberIds: string[], now: number): Promise<void> {
  await db.transaction(async (trx) => {
    await assertMembers(trx, corpId, memberIds, 'setAdmin');
    await trx(T.admins).where({ corp_id: corpId }).delete();
    await writeRows(
      trx,
      T.admins,
      memberIds.map((id) => ({ corp_id: corpId, member_id: id, created_at: now })),
    );
  });
}

export async function getAdmins(db: Knex, corpId: number): Promise<string[]> {
  return (await db(T.admins).where({ corp_id: corpId }).orderBy('member_id').select('member_id')).map(
    (r: { member_id: string }) => r.member_id,
  );
}

export async function getSignature(
  db: Knex,
  corpId: number,
  memberId: string,
): Promise<{ memberId: string; signature: string | null; updatedAt: number | null }> {
  await assertMembers(db, corpId, [memberId], 'getUserSignature');
  const r = await db(T.signatures).where({ corp_id: corpId, member_id: memberId }).first();
  return { memberId, signature: r?.signature ?? null, updatedAt: r ? Number(r.updated_at) : null };
}

export async function saveSignature(db: Knex, corpId: number, memberId: string, signature: string, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    await assertMembers(trx, corpId, [memberId], 'saveUserSignature');
    await trx(T.signatures)
      .insert({ corp_id: corpId, member_id: memberId, signature, updated_at: now })
      .onConflict(['corp_id', 'member_id'])
      .merge(['signature', 'updated_at']);
  });
}
