/** Table names of the local user pool, in one place. */
export const T = {
  users: 'jk_users',
  corps: 'jk_corps',
  members: 'jk_members',
  bindings: 'jk_bindings',
  departments: 'jk_departments',
  deptMembers: 'jk_dept_members',
  roles: 'jk_roles',
  roleGroups: 'jk_role_groups',
  roleMembers: 'jk_role_members',
  admins: 'jk_admins',
  signatures: 'jk_signatures',
  syncRuns: 'jk_sync_runs',
  tokens: 'jk_tokens',
  locks: 'jk_locks',
  events: 'jk_events',
  sessions: 'jk_sessions',
  once: 'jk_once',
  webhookDeliveries: 'jk_webhook_deliveries',
  webhookAttempts: 'jk_webhook_attempts',
  syncChanges: 'jk_sync_changes',
  adminSessions: 'jk_admin_sessions',
  adminAudit: 'jk_admin_audit',
} as const;

/** The tables that hold the pool itself (not bookkeeping): what a sync may change. */
export const POOL_TABLES = [
  T.users,
  T.corps,
  T.members,
  T.bindings,
  T.departments,
  T.deptMembers,
  T.roles,
  T.roleGroups,
  T.roleMembers,
  T.admins,
  T.signatures,
] as const;

/** Member status in the pool: 1 active, 2 resigned (in this corp only). */
export const ACTIVE = 1;
export const RESIGNED = 2;
/** Department status: 1 active, 2 removed upstream. */
export const REMOVED = 2;
