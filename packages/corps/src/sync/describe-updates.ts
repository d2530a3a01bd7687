import type { Change } from './model.js';
import { MEMBER_FIELDS, type MemberRow } from './rows.js';

/** Fills the change list's detail for updated members: which fields changed, from what to what. */
export function describeUpdates(
  updated: { memberId: string; row: MemberRow; kept?: string[] }[],
  before: Map<string, Record<string, unknown>>,
  changes: Change[],
): void {
  if (updated.length === 0) return;
  const detail = new Map<string, string>();
  for (const { memberId, row, kept = [] } of updated) {
    const old = before.get(memberId);
    if (!old) continue;
    const keptNote = kept.length ? `kept local value: ${kept.join(', ')}` : '';
    const parts: string[] = [];
    for (const f of MEMBER_FIELDS) {
      const a = f === 'enabled' ? Boolean(old[f]) : (old[f] ?? null);
      const b = row[f] ?? null;
      if (String(a) !== String(b)) parts.push(f === 'avatar' || f === 'ext_attrs' ? f : `${f}: ${a} -> ${b}`);
    }
    if (keptNote) parts.push(keptNote);
    // Nothing in the member row changed: its departments (or leader flags, order) did.
    detail.set(memberId, parts.length ? parts.join('; ') : 'departments');
  }
  for (const c of changes) if (c.kind === 'member.updated' && detail.has(c.id)) c.detail = detail.get(c.id);
}
