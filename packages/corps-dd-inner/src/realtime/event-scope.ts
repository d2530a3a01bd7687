import type { EventScope } from '@jitkit/corps';

/** What the queue keeps of a DingTalk event: its type and the ids it names (no names, no diffInfo). */
export interface DingTalkEventPayload extends Record<string, unknown> {
  type: string;
  userIds: string[];
  deptIds: number[];
  labelIds: number[];
}

/**
 * What a batch of DingTalk contact events asks to re-read. Events are hints: only their ids
 * count. Roles ("labels") are re-read only when a label event arrived; org_change re-reads the
 * root (the organisation's name).
 */
export function scopeOfDingTalkEvents(events: DingTalkEventPayload[]): EventScope {
  const members = new Set<string>();
  const depts = new Set<string>();
  const roles = new Set<string>();
  for (const e of events) {
    for (const u of e.userIds ?? []) members.add(u);
    for (const d of e.deptIds ?? []) depts.add(String(d));
    if (e.type.startsWith('label_')) for (const r of e.labelIds ?? []) roles.add(String(r));
    // A label event without ids (or an unknown shape): every role is re-read.
    if (e.type.startsWith('label_') && (e.labelIds ?? []).length === 0) roles.add('*');
    if (e.type === 'org_change') depts.add('1');
  }
  return { scope: { members: [...members], depts: [...depts], ...(roles.size ? { tags: roles.has('*') ? 'all' : [...roles] } : {}) } };
}
