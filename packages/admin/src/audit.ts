import type { Knex } from 'knex';
import { POOL_TABLE_NAMES as T } from '@jitkit/corps';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  result: string;
}

/** Every admin action, with who, when, what and how it ended ("ok" or the error). */
export async function audit(db: Knex, now: number, e: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
  await db(T.adminAudit).insert({
    at: now,
    actor: e.actor,
    action: e.action,
    target: e.target,
    detail: e.detail,
    result: e.result.slice(0, 500),
  });
}

export async function auditPage(db: Knex, offset: number, limit: number): Promise<{ total: number; entries: AuditEntry[] }> {
  const [{ n }] = (await db(T.adminAudit).count({ n: '*' })) as { n: number | string }[];
  const rows = await db(T.adminAudit).orderBy('id', 'desc').offset(offset).limit(limit).select();
  return {
    total: Number(n),
    entries: rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      actor: r.actor,
      action: r.action,
      target: r.target ?? null,
      detail: r.detail ?? null,
      result: r.result,
    })),
  };
}
