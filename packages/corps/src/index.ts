import './errors.js';
export { Corp, type SyncCorpOptions, type CorpInfo, type UnplacedMember } from './corp.js';
/** The class of the corps.Meta element is the Corp base class itself. */
export { Corp as CorpMeta } from './corp.js';
export { PoolStore } from './store/pool-store.js';
export { T as POOL_TABLE_NAMES, POOL_TABLES, ACTIVE, RESIGNED } from './store/tables.js';
export { MIGRATIONS } from './store/migrations.js';
export { DbTokenStore } from './store/db-token-store.js';
export { LeaseLock, type LockOptions } from './store/lease-lock.js';
export { listRuns, runChanges, runChangePage, changeHistory, findRun, type SyncRunRow } from './store/sync-runs.js';
export { poolChecksum } from './store/checksum.js';
export { selectIn, chunks } from './store/bulk.js';
export {
  runSync,
  DEFAULT_GUARD,
  DEFAULT_LOCK,
  type SyncSource,
  type WidenContext,
  type PoolContext,
  type MemberSink,
  type SyncTarget,
  type RunSyncOptions,
  type SyncEnv,
} from './sync/engine.js';
export type { SyncKind } from './sync/planner.js';
export { tagRoleId } from './sync/planner.js';
export type { GuardSettings } from './sync/guard.js';
export { applyDeptScope, type DeptScope } from './sync/dept-scope.js';
export type { SyncReport, SyncCounts, Change, ChangeKind, SyncProgress, SyncPhase, SyncStatus } from './sync/model.js';
export { reportOf } from './sync/model.js';
export { notificationsOf, eventName, type SyncNotification } from './notify/notifications.js';
export { CorpWebhooks } from './notify/corp-webhooks.js';
export { webhookTargets, type WebhookTarget } from './notify/webhook-config.js';
export { signBody } from './notify/webhook-send.js';
export { DEFAULT_DELIVERY, type DeliverySettings, type DeliveryRound } from './notify/webhook-dispatcher.js';
export type { DeliveryRow, AttemptRow, DeliveryState } from './notify/outbox.js';
export type { NotificationHandler } from './notify/listeners.js';
export type { UpstreamOrg, UpstreamDept, UpstreamMember, UpstreamMembership, UpstreamTag, SyncScope } from './sync/upstream.js';
export type { LocalCorpData, LocalMemberInfo, LocalDeptInfo, RootDept } from './pool/local-data.js';
export type { RoleInfo, RoleGroupInfo } from './pool/role-ops.js';
export type { RoleMemberRow } from './pool/member-ops.js';
export { LOCAL_FIELD_COLUMNS, type LocalField } from './pool/local-fields.js';
export { compileMemberMapping, type MappingSourceSpec, type MappingRuleConfig, type MemberMapping } from './mapping/member-mapping.js';
export type { CorpRecord } from './pool/corp-records.js';
export {
  enqueueEvent,
  pendingEvents,
  countPending,
  markApplied,
  markAttempt,
  markCoveredBy,
  pruneEvents,
  oldestPending,
  type QueuedEvent,
} from './realtime/event-queue.js';
export {
  EventApplier,
  type EventApplierOptions,
  type EventApplierCorp,
  type AppliedBatch,
  type ReadBudget,
  paceMsPerCall,
} from './realtime/event-applier.js';
export { queueDelivery, type Delivery, type DeliveryStatus } from './realtime/delivery.js';
export { readMembersByDepartment, type MemberReader } from './realtime/member-reads.js';
export type { EventScope } from './realtime/event-pipeline.js';
export { signSession, verifySession, deriveSessionKey, type Session } from './auth/session-token.js';
export { LOGIN_STATE_TTL_MS, type LoginState } from './auth/login-state.js';
export { SESSION_TTL_MS } from './auth/member-sessions.js';
export { admitMember, loginRefused, type AdmittedMember, type LoginRefusal } from './auth/admit-member.js';
export { claimOnce, releaseOnce, pruneOnce } from './store/once.js';
export { pruneSessions } from './store/sessions.js';
export { configFileOfDir, envVarOf } from './diagnose/config-vars.js';
export { isDiagnosable, type Diagnosis, type DiagnoseOptions, type Diagnosable } from './diagnose/diagnosis.js';
export {
  hasMemberLogin,
  hasInAppLogin,
  servesRoutes,
  type MemberLogin,
  type InAppLogin,
  type ServesRoutes,
  type CorpRoutes,
  type RouteContext,
} from './serve/capabilities.js';
