import type { Knex } from 'knex';
import type { HashOf } from './hash.js';
import { chunks, selectIn } from '../store/bulk.js';
import { ACTIVE, T } from '../store/tables.js';
import { emptyLocalState, type CorpTotals, type LocalMember, type LocalState } from './local-state.js';
import { childrenOf, tagDepts } from './org-tree.js';
import { MEMBER_FIELDS } from './rows.js';
import { parseLocalFields } from '../pool/local-fields.js';
import { inScope, type SyncScope, type UpstreamOrg } from './upstream.js';

type Db = Knex | Knex.Transaction;

export interface ReadLocalInput {
  db: Db;
  corpId: number;
  rootDeptId: string;
  scope: SyncScope;
  upstream: UpstreamOrg;
  /** Upstream members' fingerprints. */
  hashOf: HashOf;
  renames?: Map<string, string>;
  /** A full sync's pool rows, read while the fetch ran (readWholePool). */
  whole?: Promise<LocalState>;
}

/** How many suffixed ids (`u~2` … `u~5`) a newcomer may need when its upstream id is taken as a member id. */
const SUFFIXES = [2, 3, 4, 5];

/**
 * The sync's one read phase: everything the planner needs from the pool, read before planning so
 * that planning is a pure function of (pool, upstream). What is read depends on what upstream
 * returned (newcomers need their user by mobile, members that changed need their old fields).
 */
export async function readLocalState(input: ReadLocalInput): Promise<LocalState> {
  const { db, corpId, scope, upstream } = input;
  let state: LocalState;
  if (input.whole && scope === 'all') state = await input.whole;
  else {
    state = emptyLocalState(corpId, input.rootDeptId);
    await readMembersAndDepts(db, state, scope, upstream, input.renames);
    await readRoles(db, state, scope);
  }

  const upIds = new Set(upstream.members.map((m) => m.externalId));
  const unbound = upstream.members.filter((m) => !state.bound.has(m.externalId));
  const gone = [...state.bound.values()].filter(
    (b) => b.upstreamId !== null && !upIds.has(b.upstreamId) && inScope(scope, 'members', b.upstreamId),
  );
  const changed = boundChanged(state, input);
  let details = new Map<string, MemberFieldsRow>();
  if (scope === 'all') details = await readMemberDetails(db, corpId, mayWriteOrResign(state, input, changed, unbound.length > 0, gone));
  else {
    const ids = unbound.flatMap((m) => [m.externalId, ...SUFFIXES.map((n) => `${m.externalId}~${n}`)]);
    for (const r of await selectIn(ids, (part) => db(T.members).where('corp_id', corpId).whereIn('member_id', part).select('member_id')))
      state.takenMemberIds.add(r.member_id);
    await readRolesOfMembers(db, state, gone);
    if (upstream.tags.length) {
      state.treeParents = await readDeptParents(db, corpId);
      state.deptMembers = await activeMembersByDept(db, corpId, tagDepts(upstream, childrenOf(upstream, state)));
    }
  }
  state.usersByMobile = await usersByMobile(
    db,
    corpId,
    unbound.map((m) => m.mobile).filter((x): x is string => !!x),
  );
  state.memberFields = await memberFields(db, corpId, describable(state, input, changed, unbound, gone), details);
  if (scope === 'all') state.totals = totalsOf(state);
  return state;
}

/**
 * What a full sync reads of the pool whatever upstream says (every member, department and synced
 * role): started beside the fetch, so the two overlap. Nothing is written between the two reads
 * that the sync lock does not exclude, exactly as when it is read after the fetch.
 */
export async function readWholePool(db: Db, corpId: number, rootDeptId: string, pageSize = WHOLE_PAGE): Promise<LocalState> {
  const state = emptyLocalState(corpId, rootDeptId);
  await readMembersAndDepts(db, state, 'all', { depts: [], members: [], tags: [] }, undefined, pageSize);
  await readRoles(db, state, 'all');
  return state;
}

const WHOLE_PAGE = 10_000;

/** What a full sync reads of every member: enough to tell which ones it may write or resign. */
const wholeMemberColumns = ['m.member_id', 'm.status', 'm.hash', 'm.local_fields', 'b.upstream_id'];
/** The rest of a member, read only for those (readMemberDetails): at a million members it is 200 MB. */
const detailColumns = ['user_id', 'mobile', 'email', 'name'] as const;
const memberColumns = [...wholeMemberColumns, ...detailColumns.map((c) => `m.${c}`)];

interface MemberDetailRow {
  user_id: string;
  mobile: string | null;
  email: string | null;
  name: string;
}

interface MemberQueryRow extends Partial<MemberDetailRow> {
  member_id: string;
  status: number;
  hash: string | null;
  local_fields: string | null;
  upstream_id: string | null;
}

/**
 * A member as the pool was read. A full sync reads user id, mobile, email and name only for the
 * members it may write or resign (readMemberDetails sets them); the others read '' and null from
 * the prototype: 32 bytes a member less than fields of their own, for a million members.
 */
class PoolMember implements LocalMember {
  declare userId: string;
  declare mobile: string | null;
  declare email: string | null;
  declare name: string;
  declare localFields?: Record<string, string | null>;

  constructor(
    readonly memberId: string,
    readonly upstreamId: string | null,
    readonly status: number,
    readonly hash: string | null,
  ) {}
}
Object.assign(PoolMember.prototype, { userId: '', mobile: null, email: null, name: '' });

interface DeptQueryRow {
  dept_id: string;
  external_id: string | null;
  parent_id: string | null;
  name: string;
  status: number;
  hash: string | null;
  source: string;
}

async function readMembersAndDepts(
  db: Db,
  state: LocalState,
  scope: SyncScope,
  upstream: UpstreamOrg,
  renames?: Map<string, string>,
  pageSize = WHOLE_PAGE,
) {
  const { corpId } = state;
  const membersQuery = () =>
    db(`${T.members} as m`)
      .leftJoin(`${T.bindings} as b`, (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
      .where('m.corp_id', corpId)
      .select(scope === 'all' ? wholeMemberColumns : memberColumns);
  const deptsQuery = () =>
    db(T.departments).where('corp_id', corpId).select('dept_id', 'external_id', 'parent_id', 'name', 'status', 'hash', 'source');
  const addMember = (r: MemberQueryRow) => {
    // Most members are bound under their own id: one string for both (a million copies are 40 MB).
    const m = new PoolMember(r.member_id, r.upstream_id === r.member_id ? r.member_id : r.upstream_id, Number(r.status), r.hash);
    if (r.user_id !== undefined)
      Object.assign(m, { userId: r.user_id, mobile: r.mobile ?? null, email: r.email ?? null, name: r.name ?? '' });
    if (r.local_fields) m.localFields = parseLocalFields(r.local_fields);
    if (m.upstreamId !== m.memberId) state.takenMemberIds.add(m.memberId); // the others: memberIdTaken finds them in `bound`
    if (m.upstreamId !== null) state.bound.set(m.upstreamId, m);
  };
  const addDept = (r: DeptQueryRow) =>
    state.depts.set(r.dept_id, {
      deptId: r.dept_id,
      externalId: r.external_id,
      parentId: r.parent_id,
      name: r.name,
      status: Number(r.status),
      hash: r.hash,
      source: r.source,
    });

  if (scope === 'all') {
    // A page at a time, in key order: a million row objects from the driver at once are 200 MB.
    for (let after = ''; ;) {
      const rows = (await membersQuery().andWhere('m.member_id', '>', after).orderBy('m.member_id').limit(pageSize)) as MemberQueryRow[];
      for (const r of rows) addMember(r);
      if (rows.length < pageSize) break;
      after = rows.at(-1)!.member_id;
    }
    for (const r of (await deptsQuery()) as DeptQueryRow[]) addDept(r);
    return;
  }
  const want = scopedIds(scope, upstream, renames);
  const read = async (column: string, values: string[]) => {
    for (const part of chunks(values)) for (const r of (await membersQuery().whereIn(column, part)) as MemberQueryRow[]) addMember(r);
  };
  await read('b.upstream_id', want.members);
  // Rename / returning-person candidates share a mobile or an email with a newcomer (a member read
  // upstream the pool has not bound): a batch of updates to known members looks up none.
  const newcomers = upstream.members.filter((m) => !state.bound.has(m.externalId));
  await read('m.mobile', unique(newcomers.flatMap((m) => m.mobile || [])));
  await read('m.email', unique(newcomers.flatMap((m) => m.email || [])));
  for (const part of chunks([state.rootDeptId, ...want.depts]))
    for (const r of (await deptsQuery().whereIn('dept_id', part)) as DeptQueryRow[]) addDept(r);
}

const unique = (xs: Iterable<string>) => [...new Set(xs)];

/** The pool rows a targeted sync compares: those its scope names and those what it read upstream names. */
function scopedIds(scope: Exclude<SyncScope, 'all'>, upstream: UpstreamOrg, renames?: Map<string, string>) {
  return {
    members: unique([
      ...(scope.members ?? []),
      ...upstream.members.map((m) => m.externalId),
      ...(renames?.keys() ?? []),
      ...upstream.tags.flatMap((t) => t.memberExternalIds),
    ]),
    depts: unique([
      ...(scope.depts ?? []),
      ...upstream.members.flatMap((m) => m.memberships.map((x) => x.deptExternalId)),
      ...upstream.depts.flatMap((d) => [d.externalId, d.parentExternalId ?? '']).filter(Boolean),
      ...upstream.tags.flatMap((t) => t.deptExternalIds),
    ]),
  };
}

async function readRoles(db: Db, state: LocalState, scope: SyncScope) {
  const rolesQuery = db(T.roles).where({ corp_id: state.corpId, source: 'sync' }).select('role_id', 'external_id', 'name', 'status');
  if (scope !== 'all' && scope.tags !== 'all') rolesQuery.whereIn('external_id', scope.tags ?? []);
  for (const r of await rolesQuery)
    state.roles.set(r.external_id, { roleId: r.role_id, externalId: r.external_id, name: r.name, status: Number(r.status) });
  const roleIds = [...state.roles.values()].map((r) => r.roleId);
  for (const r of await selectIn(roleIds, (part) =>
    db(T.roleMembers).where({ corp_id: state.corpId, source: 'sync' }).whereIn('role_id', part).select('role_id', 'member_id'),
  ))
    addRoleMember(state, r.role_id, r.member_id);
}

/** Synced roles of members that may resign, in roles a targeted read did not load (they leave those too). */
async function readRolesOfMembers(db: Db, state: LocalState, members: LocalMember[]) {
  const ids = members.filter((m) => m.status === ACTIVE).map((m) => m.memberId);
  for (const r of await selectIn(ids, (part) =>
    db(T.roleMembers).where({ corp_id: state.corpId, source: 'sync' }).whereIn('member_id', part).select('role_id', 'member_id'),
  ))
    addRoleMember(state, r.role_id, r.member_id);
}

function addRoleMember(state: LocalState, roleId: string, memberId: string) {
  let set = state.roleMembers.get(roleId);
  if (!set) state.roleMembers.set(roleId, (set = new Set()));
  set.add(memberId);
}

async function activeMembersByDept(db: Db, corpId: number, deptIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await selectIn(deptIds, (part) =>
    db(`${T.deptMembers} as d`)
      .join(`${T.members} as m`, (j) => j.on('m.corp_id', 'd.corp_id').andOn('m.member_id', 'd.member_id'))
      .where({ 'd.corp_id': corpId, 'm.status': ACTIVE })
      .whereIn('d.dept_id', part)
      .select('d.dept_id', 'd.member_id'),
  )) {
    let list = out.get(r.dept_id);
    if (!list) out.set(r.dept_id, (list = []));
    list.push(r.member_id);
  }
  return out;
}

async function usersByMobile(db: Db, corpId: number, mobiles: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const rows = await selectIn([...new Set(mobiles)], (part) =>
    db(T.users)
      .whereIn('mobile', part)
      .whereNotExists(db(T.members).whereRaw(`${T.members}.user_id = ${T.users}.user_id`).andWhere(`${T.members}.corp_id`, corpId))
      .select('user_id', 'mobile'),
  );
  for (const r of rows) if (!out.has(r.mobile)) out.set(r.mobile, r.user_id);
  return out;
}

/** Bound members upstream still has whose fingerprint changed or that come back (the planner writes them). */
function boundChanged(state: LocalState, input: ReadLocalInput): LocalMember[] {
  const out: LocalMember[] = [];
  for (const m of input.upstream.members) {
    const b = state.bound.get(m.externalId);
    if (b && (b.status !== ACTIVE || b.hash !== input.hashOf(m))) out.push(b);
  }
  return out;
}

/**
 * A full sync's members whose user id, mobile, email and name the planner may use: those it
 * writes, those renamed, gone ones that resign, and, when upstream has newcomers, every gone one
 * (a newcomer with its mobile or email is that person).
 */
function mayWriteOrResign(state: LocalState, input: ReadLocalInput, changed: LocalMember[], newcomers: boolean, gone: LocalMember[]) {
  const out = new Set<LocalMember>(changed);
  for (const old of input.renames?.keys() ?? []) {
    const b = state.bound.get(old);
    if (b) out.add(b);
  }
  for (const b of gone) if (newcomers || b.status === ACTIVE) out.add(b);
  return [...out];
}

/** Fills in the members' user id, mobile, email and name; returns their fields as memberFields reads them (one read for both). */
async function readMemberDetails(db: Db, corpId: number, members: LocalMember[]): Promise<Map<string, MemberFieldsRow>> {
  const byId = new Map(members.map((m) => [m.memberId, m]));
  const out = new Map<string, MemberFieldsRow>();
  for (const r of await selectIn([...byId.keys()], (part) =>
    db(T.members)
      .where('corp_id', corpId)
      .whereIn('member_id', part)
      .select<(MemberFieldsRow & MemberDetailRow & { member_id: string })[]>(['member_id', 'user_id', ...MEMBER_FIELDS]),
  )) {
    Object.assign(byId.get(r.member_id)!, { userId: r.user_id, mobile: r.mobile, email: r.email, name: r.name });
    out.set(r.member_id, r);
  }
  return out;
}

/** Members the planner may report as updated: bound ones whose fingerprint changed, and rename candidates. */
function describable(
  state: LocalState,
  input: ReadLocalInput,
  changed: LocalMember[],
  unbound: UpstreamOrg['members'],
  gone: LocalMember[],
): string[] {
  const ids = new Set<string>();
  for (const b of changed) if (b.status === ACTIVE) ids.add(b.memberId);
  for (const old of input.renames?.keys() ?? []) {
    const b = state.bound.get(old);
    if (b) ids.add(b.memberId);
  }
  if (gone.length === 0) return [...ids];
  const mobiles = new Set(unbound.map((m) => m.mobile).filter(Boolean));
  const emails = new Set(unbound.map((m) => m.email?.toLowerCase()).filter(Boolean));
  for (const b of gone) if ((b.mobile && mobiles.has(b.mobile)) || (b.email && emails.has(b.email.toLowerCase()))) ids.add(b.memberId);
  return [...ids];
}

type MemberFieldsRow = Record<string, unknown>;

/** The fields of members the planner may describe as updated; those in `known` (already read) are not read again. */
async function memberFields(
  db: Db,
  corpId: number,
  memberIds: string[],
  known: Map<string, MemberFieldsRow>,
): Promise<Map<string, MemberFieldsRow>> {
  const out = new Map<string, MemberFieldsRow>();
  const rest: string[] = [];
  for (const id of memberIds) {
    const row = known.get(id);
    if (row) out.set(id, row);
    else rest.push(id);
  }
  for (const r of await selectIn(rest, (part) =>
    db(T.members)
      .where('corp_id', corpId)
      .whereIn('member_id', part)
      .select(['member_id', ...MEMBER_FIELDS]),
  ))
    out.set(r.member_id, r);
  return out;
}

function totalsOf(state: LocalState): CorpTotals {
  return {
    activeMembers: [...state.bound.values()].filter((m) => m.status === ACTIVE).length,
    activeDepts: [...state.depts.values()].filter((d) => d.status === ACTIVE && d.source === 'sync' && d.deptId !== state.rootDeptId)
      .length,
  };
}

/** Every department's parent as the pool knows it (for `sync.scope` on a targeted read). */
export async function readDeptParents(db: Db, corpId: number): Promise<Map<string, string | null>> {
  const rows: { dept_id: string; parent_id: string | null }[] = await db(T.departments)
    .where({ corp_id: corpId, status: ACTIVE })
    .select('dept_id', 'parent_id');
  return new Map(rows.map((r) => [r.dept_id, r.parent_id]));
}

/** A targeted read loaded a few rows; the guard's shares are of the whole corp. */
export async function corpTotals(db: Db, corpId: number, rootDeptId: string): Promise<CorpTotals> {
  const n = async (q: Promise<{ n: number | string }[]>) => Number((await q)[0]!.n);
  return {
    activeMembers: await n(
      db(`${T.members} as m`)
        .join(`${T.bindings} as b`, (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
        .where({ 'm.corp_id': corpId, 'm.status': ACTIVE })
        .count({ n: '*' }),
    ),
    activeDepts: await n(
      db(T.departments).where({ corp_id: corpId, status: ACTIVE, source: 'sync' }).whereNot('dept_id', rootDeptId).count({ n: '*' }),
    ),
  };
}
