import type { SyncScope } from '@jitkit/corps';
import type { ContactEvent } from '@jitkit/wecom';

/**
 * What a batch of change_contact events asks to re-read. Events are hints, not the truth: their
 * fields may be partial (thin events carry ids only), so only their ids are used. Tags: those an
 * update_tag names, and every tag when departments changed (a tag's departments include their
 * subtrees). A member moving into a tagged department changes its roles without a tag event:
 * widenScope reads every tag when it sees such a move.
 */
export function scopeOfEvents(events: ContactEvent[]): { scope: Exclude<SyncScope, 'all'>; renames: Map<string, string> } {
  const members = new Set<string>();
  const depts = new Set<string>();
  const renames = new Map<string, string>();
  const tags = new Set<string>();
  const memberDepts: Record<string, string[]> = {};
  for (const e of events) {
    switch (e.changeType) {
      case 'create_user':
      case 'update_user':
        members.add(e.userId);
        if (e.department?.length) memberDepts[e.newUserId ?? e.userId] = e.department.map(String);
        if (e.changeType === 'update_user' && e.newUserId && e.newUserId !== e.userId) {
          members.add(e.newUserId);
          renames.set(e.userId, e.newUserId);
        }
        break;
      case 'delete_user':
        members.add(e.userId);
        break;
      case 'create_party':
      case 'update_party':
      case 'delete_party':
        depts.add(String(e.id));
        break;
      case 'update_tag':
        tags.add(String(e.tagId));
        for (const u of [...e.addUserItems, ...e.delUserItems]) members.add(u);
        break;
    }
  }
  const scope = { members: [...members], depts: [...depts], tags: depts.size ? ('all' as const) : [...tags] };
  return { scope: Object.keys(memberDepts).length ? { ...scope, memberDepts } : scope, renames };
}
