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
      if (String(a) === String(b)) continue;
      if (f === 'attributes') parts.push(...attributeChanges(a as string | null, b as string | null));
      else parts.push(f === 'avatar' || f === 'ext_attrs' ? f : `${f}: ${a} -> ${b}`);
    }
    if (keptNote) parts.push(keptNote);
    // Nothing in the member row changed: its departments (or leader flags, order) did.
    detail.set(memberId, parts.length ? parts.join('; ') : 'departments');
  }
  for (const c of changes) if (c.kind === 'member.updated' && detail.has(c.id)) c.detail = detail.get(c.id);
}

/** `attributes.level: P1 -> P2`, one part per attribute that changed. */
function attributeChanges(before: string | null, after: string | null): string[] {
  const a = before ? (JSON.parse(before) as Record<string, string>) : {};
  const b = after ? (JSON.parse(after) as Record<string, string>) : {};
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((n) => a[n] !== b[n]).map((n) => `attributes.${n}: ${a[n] ?? null} -> ${b[n] ?? null}`);
}
