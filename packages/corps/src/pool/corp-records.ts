import type { Knex } from 'knex';
import { JitError } from '@jitkit/core';
import { ACTIVE, T } from '../store/tables.js';

export interface CorpRecord {
  id: number;
  fullName: string;
  title: string;
  type: string;
  externalId: string | null;
  rootDeptId: string;
}

export async function findCorp(db: Knex, fullName: string): Promise<CorpRecord | undefined> {
  const r = await db(T.corps).where({ full_name: fullName }).first();
  return r
    ? { id: Number(r.id), fullName: r.full_name, title: r.title, type: r.type, externalId: r.external_id, rootDeptId: r.root_dept_id }
    : undefined;
}

export async function requireCorp(db: Knex, fullName: string): Promise<CorpRecord> {
  const corp = await findCorp(db, fullName);
  if (!corp)
    throw new JitError('CORP_NOT_INITIALIZED', `corp ${fullName} is not in the user pool yet: call initCorp() (jitkit sync) first`, {
      corp: fullName,
    });
  return corp;
}

/** Creates the corp row and its root department if missing (idempotent); keeps title and type current. */
export async function ensureCorp(
  db: Knex,
  c: { fullName: string; title: string; type: string; externalId: string | null; rootDeptId: string; now: number },
): Promise<CorpRecord> {
  await db.transaction(async (trx) => {
    const existing = await trx(T.corps).where({ full_name: c.fullName }).first();
    if (!existing) {
      await trx(T.corps).insert({
        full_name: c.fullName,
        title: c.title,
        type: c.type,
        external_id: c.externalId,
        root_dept_id: c.rootDeptId,
        created_at: c.now,
        updated_at: c.now,
      });
    } else if (existing.title !== c.title || existing.type !== c.type || existing.external_id !== c.externalId) {
      await trx(T.corps).where({ id: existing.id }).update({ title: c.title, type: c.type, external_id: c.externalId, updated_at: c.now });
    }
    const corp = await trx(T.corps).where({ full_name: c.fullName }).first();
    const root = await trx(T.departments).where({ corp_id: corp.id, dept_id: corp.root_dept_id }).first();
    if (!root) {
      await trx(T.departments).insert({
        corp_id: corp.id,
        dept_id: corp.root_dept_id,
        external_id: corp.root_dept_id,
        parent_id: null,
        name: c.title,
        name_en: null,
        sort_order: 0,
        leaders: '[]',
        status: ACTIVE,
        source: 'sync',
        hash: null,
        created_at: c.now,
        updated_at: c.now,
      });
    }
  });
  return (await findCorp(db, c.fullName))!;
}
