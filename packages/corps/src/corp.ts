import {
  CLOCK,
  DATABASE,
  HTTP_DISPATCHER,
  Element,
  ENV,
  JitError,
  LOGGER,
  type ConfigIssue,
  type ElementConfig,
  type Logger,
  type RowData,
} from '@jitkit/core';
import { admitMember, type AdmittedMember } from './auth/admit-member.js';
import { MemberSessions } from './auth/member-sessions.js';
import type { LoginState } from './auth/login-state.js';
import type { Session } from './auth/session-token.js';
import { requireId, requireIdList } from './pool/args.js';
import { localFieldKey, updateLocalFields, type LocalField } from './pool/local-fields.js';
import { compileMemberMapping, type MappingRuleConfig, type MappingSourceSpec, type MemberMapping } from './mapping/member-mapping.js';
import { ensureCorp, findCorp, requireCorp, type CorpRecord } from './pool/corp-records.js';
import { localCorpData, memberIdByUpstreamId, memberProfile, rootDept, type LocalCorpData, type RootDept } from './pool/local-data.js';
import { getAdmins, getSignature, offlineMembers, saveSignature, setAdmins, setUserRole, type RoleMemberRow } from './pool/member-ops.js';
import { createRole, createRoleGroup, deleteRole, listRoleGroups, listRoles, type RoleGroupInfo, type RoleInfo } from './pool/role-ops.js';
import { PoolStore } from './store/pool-store.js';
import { listRuns, type SyncRunRow } from './store/sync-runs.js';
import { ACTIVE, RESIGNED, T } from './store/tables.js';
import { runSync, type RunSyncOptions, type SyncSource } from './sync/engine.js';
import { reportOf, type SyncProgress, type SyncReport } from './sync/model.js';
import type { UpstreamMember, UpstreamOrg } from './sync/upstream.js';
import type { Delivery, DeliveryStatus } from './realtime/delivery.js';
import type { EventApplier, EventApplierOptions, ReadBudget } from './realtime/event-applier.js';
import { EventPipeline, type EventScope } from './realtime/event-pipeline.js';
import { forgetDeptTree } from './realtime/subtree-reads.js';
import { SyncListeners, type NotificationHandler } from './notify/listeners.js';
import { CorpWebhooks } from './notify/corp-webhooks.js';
import { webhookTargets } from './notify/webhook-config.js';

export interface SyncCorpOptions {
  /** Apply even what the guard would stop (a large share resigned or removed). */
  force?: boolean;
  /** Plan and report only; nothing is written. */
  dryRun?: boolean;
  /** Wait for a sync of this corp that is running (default: the config's lockWait, else true), or fail with SYNC_BUSY. */
  wait?: boolean;
  /** Apply only the plan with this fingerprint (from a reviewed dry run); PLAN_CHANGED otherwise. */
  expectFingerprint?: string;
  /** Who or what started it, kept in the run history (e.g. "admin:alice", "schedule"). */
  startedBy?: string;
  onProgress?: (p: SyncProgress) => void;
}

/** A member bulkRegister could not place in corpData's departments. */
export interface UnplacedMember {
  externalId: string;
  name: string;
  missingDeptIds: string[];
  /** true: registered in its known departments; false: not registered at all. */
  registered: boolean;
}

export interface CorpInfo {
  title: string;
  fullName: string;
  corpFullName: string;
  type: string;
  /** The upstream corp id (WeCom CorpID). */
  corpId: string | null;
  rootDeptId: string;
  memberCount: number;
  resignedCount: number;
  deptCount: number;
  lastSync: { runId: string; status: string; finishedAt: number | null } | null;
  [extra: string]: unknown;
}

/**
 * The base class of every corp Type (the class of corps.Meta). Everything that needs only the
 * local user pool is here; a Type adds how to read its directory (`createSyncSource`) and its
 * client. Methods follow the seed document; every method that does I/O returns a Promise.
 */
export abstract class Corp extends Element {
  protected readonly db = this.inject(DATABASE);
  protected readonly clock = this.inject(CLOCK);
  protected readonly logger: Logger = this.inject(LOGGER).child({ corp: this.define.fullName });
  private record?: CorpRecord;
  private sessions?: MemberSessions;
  private pipeline?: EventPipeline;
  private readonly listeners = new SyncListeners(this.logger);
  private memberMapping?: MemberMapping | null;
  private hooks?: CorpWebhooks;

  // ---- what a Type provides ---------------------------------------------------------------------

  /**
   * The fields of this Type's upstream member record that a config `mapping` may read. A Type
   * that sets it calls `mapWithConfig` in its member mapping; without it, `mapping` is refused.
   */
  static readonly memberSource?: MappingSourceSpec;

  /** Refuses, when the app loads, a mapping naming a target or source field that does not exist. */
  static override checkConfig(config: ElementConfig): ConfigIssue[] {
    const mapping = config.mapping as Record<string, MappingRuleConfig> | undefined;
    return compileMemberMapping(mapping, this.memberSource, this.name).issues;
  }

  /** Reads the upstream directory for a sync. */
  protected abstract createSyncSource(): SyncSource;
  /** Turns getThirdCorpData's dict back into the engine's shape (for bulkRegister). */
  protected abstract upstreamFromCorpData(corpData: object): UpstreamOrg;
  /** The upstream corp id (WeCom CorpID), if there is one. */
  protected abstract get externalCorpId(): string | null;
  abstract get authConfig(): Readonly<Record<string, unknown>>;
  abstract getThirdCorpData(): Promise<object>;
  abstract getClient(): unknown;

  /** The upstream id of the root department (WeCom's is 1): each Type says which. */
  protected abstract get rootDeptId(): string;

  /**
   * The secret member sessions and login states are signed with (keys are derived from it per
   * corp and purpose). JITKIT_SESSION_SECRET wins when set; a Type returns its upstream secret.
   */
  protected sessionSecret(): string | undefined {
    return undefined;
  }

  /**
   * Which upstream ids a batch of this Type's queued event payloads asks to re-read. A Type
   * whose upstream sends change events (callbacks, a stream) overrides it and hands each
   * verified delivery to `queueDelivery`; the queue, batching and apply are the engine's.
   */
  protected scopeOfEvents(payloads: Record<string, unknown>[]): EventScope {
    void payloads;
    throw new JitError('EVENTS_NOT_SUPPORTED', `${this.fullName} (${this.corpType}) receives no change events`);
  }

  /**
   * The upstream budget this Type's event re-reads draw on, when its upstream limits calls over a
   * window (WeCom: calls a minute and an hour per API): below half of it left, event batches
   * spend it slower the less is left, so a stream settles where it spends what refills.
   * Default: none (calls are paced by the client alone).
   */
  protected eventReadBudget(): ReadBudget | undefined {
    return undefined;
  }

  /** Sync settings from the instance config (guard share, lock behaviour). */
  protected syncDefaults(): Partial<RunSyncOptions> {
    const s = (this.config.sync ?? {}) as {
      guardShare?: number;
      lockWait?: boolean;
      lockTimeoutMs?: number;
      leaseMs?: number;
      scope?: { include?: (string | number)[]; exclude?: (string | number)[] };
      localFields?: string[];
    };
    return {
      ...(s.localFields?.length ? { localColumns: new Set(s.localFields.flatMap((f) => localFieldKey(f) ?? [])) } : {}),
      ...(s.scope ? { deptScope: { include: s.scope.include?.map(String), exclude: s.scope.exclude?.map(String) } } : {}),
      ...(s.guardShare !== undefined ? { guard: { maxShare: s.guardShare } } : {}),
      lock: {
        ...(s.lockWait !== undefined ? { wait: s.lockWait } : {}),
        ...(s.lockTimeoutMs !== undefined ? { waitTimeoutMs: s.lockTimeoutMs } : {}),
        ...(s.leaseMs !== undefined ? { leaseMs: s.leaseMs } : {}),
      },
    };
  }

  /**
   * Applies the config's `mapping` to a member the Type has mapped: rules that yield a value
   * replace the field or set the attribute. `record` builds the upstream's record, flattened the
   * way `memberSource` describes; it is called only when the corp has a mapping, so a sync
   * without one builds no record per member. A Type override of its member mapping runs after this.
   */
  protected mapWithConfig(member: UpstreamMember, record: () => Record<string, unknown>): UpstreamMember {
    if (this.memberMapping === undefined) {
      const spec = (this.constructor as typeof Corp).memberSource;
      this.memberMapping =
        compileMemberMapping(this.config.mapping as Record<string, MappingRuleConfig> | undefined, spec, this.corpType).mapping ?? null;
    }
    return this.memberMapping ? this.memberMapping.apply(member, record()) : member;
  }

  // ---- properties (seed: corpData, title, fullName, corpFullName, authConfig) --------------------

  /** The Type this corp is an instance of (e.g. corps.QywxInnerType). */
  get corpType(): string {
    return this.define.typeChain[0] ?? this.define.fullName;
  }

  get corpFullName(): string {
    return this.fullName;
  }

  /** The corp's configuration, without secrets. */
  get corpData(): Readonly<Record<string, unknown>> {
    return Object.freeze({
      fullName: this.fullName,
      corpFullName: this.fullName,
      title: this.title,
      type: this.corpType,
      ...this.authConfig,
    });
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  protected get store(): PoolStore {
    return PoolStore.for(this.db);
  }

  /** The corp's row in the pool; CORP_NOT_INITIALIZED before initCorp. */
  protected async corp(): Promise<CorpRecord> {
    if (this.record) return this.record;
    await this.store.ready();
    this.record = await requireCorp(this.db, this.fullName);
    return this.record;
  }

  /** The corp's numeric id in the pool (CORP_NOT_INITIALIZED before initCorp). */
  async poolCorpId(): Promise<number> {
    return (await this.corp()).id;
  }

  /** Creates the corp and its root department in the pool if missing (safe to call again). */
  async ensureCorp(): Promise<CorpRecord> {
    await this.store.ready();
    this.record = await ensureCorp(this.db, {
      fullName: this.fullName,
      title: this.title,
      type: this.corpType,
      externalId: this.externalCorpId,
      rootDeptId: this.rootDeptId,
      now: this.clock.now(),
    });
    return this.record;
  }

  protected async sync(source: SyncSource, options: RunSyncOptions): Promise<SyncReport> {
    await this.store.ready();
    // A dry run writes nothing, not even the corp row: before the first sync it plans against an empty pool.
    const corp = options.dryRun
      ? ((await findCorp(this.db, this.fullName)) ?? { id: -1, fullName: this.fullName, rootDeptId: this.rootDeptId })
      : await this.corp();
    const defaults = this.syncDefaults();
    const outbox = options.dryRun ? undefined : this.webhooks.outboxWriter(corp.id, corp.fullName);
    let report: SyncReport;
    try {
      report = await runSync(
        { store: this.store, clock: this.clock, logger: this.logger },
        { corpId: corp.id, fullName: corp.fullName, rootDeptId: corp.rootDeptId },
        source,
        { ...defaults, ...options, lock: { ...defaults.lock, ...options.lock }, ...(outbox ? { outbox } : {}) },
      );
    } catch (err) {
      const failed = reportOf(err);
      if (failed) {
        await this.webhooks
          .queueRunEnd(corp.id, failed)
          .catch((e: unknown) => this.logger.error('could not queue the sync.failed notification', { error: String(e) }));
        await this.listeners.emit(failed);
      }
      throw err;
    }
    if (report.notificationsQueued) this.webhooks.nudge();
    // Any committed run (events, full, admin) that reshaped the tree: event reads price subtrees on the new one.
    const { deptsCreated, deptsMoved, deptsRemoved } = report.counts;
    if (!report.dryRun && deptsCreated + deptsMoved + deptsRemoved > 0) forgetDeptTree({ db: this.db, corpId: corp.id });
    await this.listeners.emit(report);
    return report;
  }

  /**
   * The corp's outbound webhooks (config `webhooks`): each committed run's notifications are
   * queued in its own transaction; `jitkit serve` delivers them (`webhooks.start()`), as does
   * `webhooks.deliver()`. `list()` / `attempts(id)` show what happened.
   */
  get webhooks(): CorpWebhooks {
    this.hooks ??= new CorpWebhooks(
      {
        db: this.db,
        clock: this.clock,
        logger: this.logger,
        http: () => this.inject(HTTP_DISPATCHER),
        corp: () => this.corp(),
      },
      webhookTargets(this.config),
    );
    return this.hooks;
  }

  /**
   * Listens to this corp's syncs in this process: `corp.on('member.resigned', n => …)`, or a
   * family (`department.*`, `role.*`, `*`), or `sync.failed` / `sync.guarded`. Called after the
   * run committed, in change-list order; a throwing listener is logged. Returns a function that
   * stops listening.
   */
  on(event: string, handler: NotificationHandler): () => void {
    return this.listeners.on(event, handler);
  }

  // ---- methods of the seed ------------------------------------------------------------------------

  /** Creates the corp and its root department if missing, then runs a full sync. */
  async initCorp(options: SyncCorpOptions = {}): Promise<SyncReport> {
    if (!options.dryRun) await this.ensureCorp();
    return this.syncCorp(options);
  }

  /** Full sync: reads the whole visible org upstream and applies the difference, atomically. */
  async syncCorp(options: SyncCorpOptions = {}): Promise<SyncReport> {
    const { wait, ...rest } = options;
    return this.sync(this.createSyncSource(), { kind: 'full', ...rest, ...(wait !== undefined ? { lock: { wait } } : {}) });
  }

  /**
   * Registers what corpData holds (from getThirdCorpData): creates and updates, never removes.
   * A member none of whose departments is in corpData's departments is not registered (it
   * would have no place in the tree): the result lists it under `unplaced`, with the missing
   * department ids; a member with some known departments is registered in those and listed too.
   */
  async bulkRegister(
    corpData: object,
    options: Pick<SyncCorpOptions, 'onProgress'> = {},
  ): Promise<SyncReport & { unplaced: UnplacedMember[] }> {
    if (corpData === null || typeof corpData !== 'object' || Array.isArray(corpData))
      throw new JitError('INVALID_ARGUMENT', 'bulkRegister: corpData must be the dict getThirdCorpData returns', {
        method: 'bulkRegister',
      });
    const given = this.upstreamFromCorpData(corpData);
    const known = new Set(given.depts.map((d) => d.externalId));
    const unplaced: UnplacedMember[] = [];
    const members = given.members.flatMap((m) => {
      const missing = m.memberships.filter((ms) => !known.has(ms.deptExternalId)).map((ms) => ms.deptExternalId);
      if (missing.length === 0) return [m];
      const kept = m.memberships.filter((ms) => known.has(ms.deptExternalId));
      unplaced.push({ externalId: m.externalId, name: m.name, missingDeptIds: missing, registered: kept.length > 0 });
      return kept.length ? [{ ...m, memberships: kept }] : [];
    });
    const upstream = { ...given, members };
    await this.ensureCorp();
    const report = await this.sync({ fetch: async () => upstream, callCount: () => 0 }, { kind: 'additive', ...options });
    return { ...report, unplaced };
  }

  /** The local user pool of this corp: members, departments with paths, roles, admins, bindings. */
  async getLocalCorpData(): Promise<LocalCorpData> {
    return localCorpData(this.db, await this.corp());
  }

  async getRootDept(): Promise<RowData<RootDept>> {
    return rootDept(this.db, await this.corp());
  }

  /** Clears the member's roles, then sets these; returns the member's role rows. */
  async setUserRole(memberId: string, roleIdList: string[]): Promise<RoleMemberRow[]>;
  async setUserRole(args: { memberId: string; roleIdList: string[] }): Promise<RoleMemberRow[]>;
  async setUserRole(a: string | { memberId: string; roleIdList: string[] }, b?: string[]): Promise<RoleMemberRow[]> {
    const [memberId, roleIdList] = typeof a === 'object' && a !== null ? [a.memberId, a.roleIdList] : [a, b];
    const id = requireId(memberId, 'setUserRole', 'memberId');
    const roles = requireIdList(roleIdList, 'setUserRole', 'roleIdList');
    const corp = await this.corp();
    return setUserRole(this.db, corp, id, roles, this.clock.now());
  }

  /** Marks members resigned in this corp only; they stay active in other corps. */
  async offlineMember(memberIdList: string[]): Promise<void> {
    const ids = requireIdList(memberIdList, 'offlineMember', 'memberIdList');
    if (ids.length === 0) return;
    await offlineMembers(this.db, (await this.corp()).id, ids, this.clock.now());
  }

  async getUserSignature(memberId: string): Promise<{ memberId: string; signature: string | null; updatedAt: number | null }> {
    return getSignature(this.db, (await this.corp()).id, requireId(memberId, 'getUserSignature', 'memberId'));
  }

  async saveUserSignature(memberId: string, signature: string): Promise<{ success: true; memberId: string; signature: string }>;
  async saveUserSignature(args: { memberId: string; signature: string }): Promise<{ success: true; memberId: string; signature: string }>;
  async saveUserSignature(
    a: string | { memberId: string; signature: string },
    b?: string,
  ): Promise<{ success: true; memberId: string; signature: string }> {
    const [memberId, signature] = typeof a === 'object' && a !== null ? [a.memberId, a.signature] : [a, b];
    const id = requireId(memberId, 'saveUserSignature', 'memberId');
    const sig = requireId(signature, 'saveUserSignature', 'signature');
    await saveSignature(this.db, (await this.corp()).id, id, sig, this.clock.now());
    return { success: true, memberId: id, signature: sig };
  }

  /** Replaces the admin list (every id is checked first); returns {}. */
  async setAdmin(memberIdList: string[]): Promise<Record<string, never>> {
    const ids = requireIdList(memberIdList, 'setAdmin', 'memberIdList');
    await setAdmins(this.db, (await this.corp()).id, ids, this.clock.now());
    return {};
  }

  async getAdmin(): Promise<string[]> {
    return getAdmins(this.db, (await this.corp()).id);
  }

  /** The corp's configuration and pool summary (never the secret). */
  async getCorpInfo(): Promise<CorpInfo> {
    const corp = await this.corp();
    const count = async (table: string, where: Record<string, unknown>) =>
      Number((await this.db(table).where(where).count<{ n: number }[]>({ n: '*' }))[0]!.n);
    const last = await this.db(T.syncRuns)
      .where({ corp_id: corp.id })
      .orderBy('started_at', 'desc')
      .first('run_id', 'status', 'finished_at');
    return {
      ...this.authConfig,
      title: this.title,
      fullName: this.fullName,
      corpFullName: this.fullName,
      type: this.corpType,
      corpId: corp.externalId,
      rootDeptId: corp.rootDeptId,
      memberCount: await count(T.members, { corp_id: corp.id, status: ACTIVE }),
      resignedCount: await count(T.members, { corp_id: corp.id, status: RESIGNED }),
      deptCount: await count(T.departments, { corp_id: corp.id, status: ACTIVE }),
      lastSync: last
        ? { runId: last.run_id, status: last.status, finishedAt: last.finished_at === null ? null : Number(last.finished_at) }
        : null,
    };
  }

  // ---- roles (setUserRole needs roles to exist) ---------------------------------------------------

  async createRole(role: { roleId?: string; name: string; groupId?: string }): Promise<RoleInfo> {
    if (role?.roleId !== undefined) requireId(role.roleId, 'createRole', 'roleId');
    requireId(role?.name, 'createRole', 'name');
    await this.store.ready();
    return createRole(this.db, role, this.clock.now());
  }

  async deleteRole(roleId: string): Promise<void> {
    await this.store.ready();
    await deleteRole(this.db, requireId(roleId, 'deleteRole', 'roleId'));
  }

  async listRoles(): Promise<RoleInfo[]> {
    await this.store.ready();
    return listRoles(this.db);
  }

  async createRoleGroup(group: { groupId?: string; name: string }): Promise<RoleGroupInfo> {
    if (group?.groupId !== undefined) requireId(group.groupId, 'createRoleGroup', 'groupId');
    requireId(group?.name, 'createRoleGroup', 'name');
    await this.store.ready();
    return createRoleGroup(this.db, group, this.clock.now());
  }

  async listRoleGroups(): Promise<RoleGroupInfo[]> {
    await this.store.ready();
    return listRoleGroups(this.db);
  }

  // ---- members and history --------------------------------------------------------------------------

  /**
   * Sets member fields the app owns (listed in the config's `sync.localFields`), e.g.
   * `{ position: '架构师' }`: written now, and kept by every sync after (the change list then says
   * "kept local value" where upstream differs). Returns every value the member now owns.
   */
  async updateMember(
    memberId: string,
    fields: Partial<Record<LocalField | `attributes.${string}`, string | null>>,
  ): Promise<Record<string, string | null>> {
    const allowed = ((this.config.sync ?? {}) as { localFields?: string[] }).localFields ?? [];
    return updateLocalFields(this.db, (await this.corp()).id, allowed, memberId, fields, this.clock.now());
  }

  /** A member with departments and roles, or undefined. */
  async getMember(memberId: string) {
    return memberProfile(this.db, await this.corp(), requireId(memberId, 'getMember', 'memberId'));
  }

  /** The memberId bound to an upstream identity (WeCom userid). */
  async memberIdOf(upstreamId: string): Promise<string | undefined> {
    return memberIdByUpstreamId(this.db, (await this.corp()).id, requireId(upstreamId, 'memberIdOf', 'upstreamId'));
  }

  async listSyncRuns(limit = 20): Promise<SyncRunRow[]> {
    return listRuns(this.db, (await this.corp()).id, limit);
  }

  // ---- realtime: change events from the upstream -------------------------------------------------

  private events(): EventPipeline {
    this.pipeline ??= new EventPipeline(
      {
        corpId: () => this.poolCorpId(),
        syncScope: ({ scope, renames }) => this.sync(this.createSyncSource(), { kind: 'event', scope, renames, startedBy: 'events' }),
        fullSync: () => this.syncCorp({ startedBy: 'events (full resync)' }),
        scopeOfEvents: (payloads) => this.scopeOfEvents(payloads),
        readBudget: () => this.eventReadBudget(),
      },
      this.db,
      this.clock,
      this.logger,
    );
    return this.pipeline;
  }

  /** Stores a verified delivery's events in the durable queue; answer the upstream once this resolves. */
  protected async queueDelivery(delivery: Delivery): Promise<DeliveryStatus> {
    await this.store.ready();
    return this.events().receive(delivery);
  }

  /** Applies event payloads as targeted re-reads: one atomic, guarded, recorded sync. */
  async applyEvents(payloads: Record<string, unknown>[]): Promise<SyncReport> {
    return this.events().apply(payloads);
  }

  /** Applies every queued event now (for apps that run no background applier). */
  async applyPendingEvents(): Promise<SyncReport | undefined> {
    return this.events().applyPending();
  }

  /**
   * Starts applying queued events in the background (stopped when the app closes). With
   * `appliedElsewhere`, another thread or process applies them and this only wakes it: undefined.
   */
  startRealtime(options: EventApplierOptions = {}): EventApplier | undefined {
    return this.events().start(options);
  }

  async onAppExit(): Promise<void> {
    await this.hooks?.stop();
    await this.pipeline?.stop();
    this.pipeline = undefined;
  }

  /** After the upstream said who logged in (their upstream id): the member, or AUTH_FAILED (unknown, resigned, disabled). */
  protected async admitLogin(upstreamId: string, upstream: string): Promise<AdmittedMember> {
    const memberId = await this.memberIdOf(upstreamId);
    const m = memberId ? await this.getMember(memberId) : undefined;
    return admitMember(m && { memberId: m.memberId, userId: m.userId, name: m.name, status: m.status, enabled: m.enabled }, {
      upstreamId,
      corpFullName: this.fullName,
      upstream,
    });
  }

  // ---- member sessions (any process of the app can verify them) ---------------------------------

  private memberSessions(): MemberSessions {
    this.sessions ??= new MemberSessions({
      db: this.db,
      clock: this.clock,
      fullName: this.fullName,
      corpId: () => this.poolCorpId(),
      secret: () => {
        const secret = this.inject(ENV).JITKIT_SESSION_SECRET || this.sessionSecret();
        if (!secret)
          throw new JitError('CONFIG_INVALID', `${this.fullName} has no secret to sign sessions with: set JITKIT_SESSION_SECRET`);
        return secret;
      },
    });
    return this.sessions;
  }

  /** A signed session token for a logged-in member (default 8 hours), recorded in the pool. */
  async createSession(login: { memberId: string; userId: string; name: string }, ttlMs?: number): Promise<string> {
    return this.memberSessions().create(login, ttlMs);
  }

  /** The session of a token: AUTH_FAILED if forged, altered, expired, logged out, or the member is no longer active. */
  async verifySession(token: string): Promise<Session> {
    return this.memberSessions().verify(token);
  }

  /** Logs a session out everywhere; false if the token was not a session of this corp. */
  async revokeSession(token: string): Promise<boolean> {
    return this.memberSessions().revoke(token);
  }

  /** A login state to send upstream, and its signed form to keep in the browser (10 minutes). */
  beginLogin(next: string): { state: string; token: string } {
    return this.memberSessions().beginLogin(next);
  }

  /** Checks the state a login came back with against the browser's token; each state works once. */
  async finishLoginState(token: unknown, state: unknown): Promise<LoginState> {
    return this.memberSessions().finishLogin(token, state);
  }
}
