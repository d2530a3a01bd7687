// This app's demo, run by `jitkit demo` (and `pnpm demo`): the CLI knows no vendor; the app
// knows which emulators its corps talk to.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { isJitError, loadApp, registerSecret, type App } from '@jitkit/core';
import type { Corp } from '@jitkit/corps';
import type { DemoContext } from '@jitkit/cli';
import { startWeComSim, simAppEnv } from '@jitkit/wecom-sim';
import { ddSimAppEnv, startDingTalkSim } from '@jitkit/dingtalk-sim';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The main job on embedded defaults. Starts the WeCom and DingTalk
 * emulators with generated orgs, points apps/demo's corps.MyQywxCorp and corps.MyDDCorp at them
 * (the ids as their configs have them; the secrets through {{WECOM_SECRET}}, {{DD_APP_SECRET}}),
 * syncs into a fresh SQLite file, walks through the seed's methods, and shows the people the
 * two organisations share.
 */
export default async function demo(ctx: DemoContext): Promise<number> {
  const { appDir, options, out, reportLines, buildTree, treeLines, describeError, progressReporter } = ctx;
  const users = Number(options.users ?? 5_000);
  const depts = Number(options.depts ?? 300);
  out(`Starting the WeCom emulator: ${n(users)} members in ${n(depts)} departments (seed ${options.seed ?? 1})…`);
  // The emulator takes the secret, token and key from the same variables the app reads, when set.
  const e = process.env;
  const sim = await startWeComSim({
    corpId: 'ww1234567890abcdef',
    agentId: '1000001',
    users,
    depts,
    tags: 12,
    seed: Number(options.seed ?? 1),
    secret: e.WECOM_SECRET,
    token: e.WECOM_CALLBACK_TOKEN,
    encodingAESKey: e.WECOM_CALLBACK_AES_KEY,
  });
  // The DingTalk organisation: a smaller one whose people are the WeCom org's first ones (same
  // mobiles): a company on DingTalk next to the one on WeCom it shares staff with.
  const ddUsers = Math.max(10, Math.min(1_000, Math.round(users / 5)));
  const dd = await startDingTalkSim({
    corpId: e.DD_CORP_ID ?? 'ding1234567890abcdef',
    agentId: e.DD_AGENT_ID ?? '3000000001',
    appKey: e.DD_APP_KEY ?? 'dingdemoappkey000001',
    appSecret: e.DD_APP_SECRET,
    users: ddUsers,
    depts: Math.max(3, Math.round(depts / 5)),
    seed: Number(options.seed ?? 1),
    qps: 1_000,
    people: [...sim.state.org.users.values()].slice(0, ddUsers).map((u) => ({ name: u.name, mobile: u.mobile })),
  });
  for (const s of [sim.secret, sim.contactSecret, sim.token, sim.encodingAESKey, dd.appSecret, dd.token, dd.aesKey]) registerSecret(s);
  const dbFile = path.resolve(appDir, '.jitkit/demo.sqlite');
  const env = {
    ...process.env,
    ...simAppEnv(sim),
    ...ddSimAppEnv(dd),
  };
  let app: App;
  let where: string;
  try {
    // The demo's own file unless --database says otherwise (JITKIT_DATABASE_URL is not the demo's).
    const database = options.database ? ctx.databaseOption(options.database) : undefined;
    if (!database) for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
    where = database ?? `sqlite:${dbFile}`;
    app = await loadApp(appDir, { env, database: where });
  } catch (e) {
    await Promise.all([sim.close(), dd.close()]); // an app that does not load must not leave the emulators running
    throw e;
  }
  try {
    out(`emulator at ${sim.url}; database ${options.database ? 'from --database' : dbFile}`);
    out(`app ${app.appId}: corps.QywxInnerType is ${app.getElementDefine('corps.QywxInnerType').appId}'s override of the official Type\n`);

    // corp = app.getElement("corps.MyQywxCorp"); corp.initCorp()
    const corp = app.getElement<Corp>('corps.MyQywxCorp');
    const progress = progressReporter();
    const first = await corp.initCorp({ onProgress: progress.onProgress });
    progress.done();
    for (const line of reportLines(first)) out(line);

    out('\nOrganisation (two levels; `jitkit corp tree apps/demo MyQywxCorp --depth 5` for more):');
    const local = await corp.getLocalCorpData();
    for (const line of treeLines(buildTree(local)!, 2).slice(0, 16)) out('  ' + line);
    const depth = Math.max(...local.deptList.map((d) => d.idPath.length));
    out(
      `  … ${n(local.deptList.length)} departments, ${depth} levels deep; ${n(local.userList.length)} members; ${n(local.roleList.length)} roles from tags`,
    );

    out("\nThe seed's methods:");
    const root = await corp.getRootDept();
    out(`  getRootDept()            Root Department: ${root.name.value} (deptId ${root.deptId.value})`);
    const [a, b, c] = local.userList.filter((u) => u.status === 1).map((u) => u.memberId);
    await corp.setAdmin([a!, b!]);
    out(`  setAdmin / getAdmin      Administrators: ${JSON.stringify(await corp.getAdmin())}`);
    for (const roleId of ['role001', 'role002'])
      if (!(await corp.listRoles()).some((r) => r.roleId === roleId))
        await corp.createRole({ roleId, name: roleId === 'role001' ? 'Reviewer' : 'Approver' });
    const roles = await corp.setUserRole(a!, ['role001', 'role002']);
    out(`  setUserRole              Role Setting Result: ${roles.map((r) => `${r.roleId}/${r.source}`).join(', ')} for ${a}`);
    await corp.saveUserSignature(b!, 'https://example.com/signature.png');
    out(`  saveUserSignature/get    Signature: ${(await corp.getUserSignature(b!)).signature}`);
    const info = await corp.getCorpInfo();
    out(
      `  getCorpInfo()            ${info.title} / ${info.fullName}: ${n(info.memberCount)} active, ${n(info.resignedCount)} resigned, ${n(info.deptCount)} departments`,
    );
    out(
      `  authConfig               corpId ${String(corp.authConfig.corpId)}, agentId ${String(corp.authConfig.agentId)} (no secret in it)`,
    );
    const third = (await corp.getThirdCorpData()) as { userDict: object; deptDict: object };
    out(
      `  getThirdCorpData()       User Count: ${n(Object.keys(third.userDict).length)}, departments ${n(Object.keys(third.deptDict).length)}`,
    );

    out('\nA re-sync with nothing changed upstream:');
    const again = await corp.syncCorp();
    out(
      `  ${again.status}: ${again.rowsWritten} rows written, ${n(again.upstreamCalls)} WeCom calls, ${Math.round(again.durations.totalMs)} ms`,
    );

    await corp.offlineMember([c!]);
    out(
      `\n  offlineMember([${c}])   status now ${(await corp.getMember(c!))!.status === 2 ? 'resigned (in this corp only)' : 'active'}; WeCom still lists them, so the next sync reactivates them`,
    );

    const changed = await sim.control.mutate(0.01, 7);
    out(
      `\n1% of members changed in WeCom (${changed.positions} positions, ${changed.moves} moves, ${changed.renames} name changes, ${changed.removed} left, ${changed.added} joined):`,
    );
    const incremental = await corp.syncCorp();
    for (const line of reportLines(incremental)) out(line);

    await dingTalkPart(ctx, app, local, ddUsers);

    out("\nThe app's visible range is cut to one small department (an outage would look the same):");
    const small = local.deptList.find((d) => d.parentId === root.deptId.value)!;
    await sim.control.configureApp({ visibleRange: { departments: [Number(small.deptId)] } });
    try {
      await corp.syncCorp();
      out('  the sync went through (unexpected)');
    } catch (e) {
      out(`  ${isJitError(e) ? e.code : 'error'}: ${describeError(e).replace(/^SYNC_GUARD: /, '')}`);
    }
    // Reading the pool needs no secret: these work as printed, in any shell, from this folder.
    const app_ = path.relative(process.cwd(), path.resolve(appDir)) || '.';
    const jitkit = ctx.jitkitCommand;
    out('\nDone. The pool stays in the database above; look at it from this folder (no env needed):');
    out(`  ${jitkit} corp tree ${app_} MyQywxCorp --database ${where}`);
    out(`  ${jitkit} runs ${app_} MyQywxCorp --database ${where}`);
    out(`  ${jitkit} corp tree ${app_} MyDDCorp --database ${where}`);
    return 0;
  } finally {
    await app.close();
    await Promise.all([sim.close(), dd.close()]);
  }
}

/** corps.MyDDCorp: the DingTalk organisation of the same app, and the people the two share. */
async function dingTalkPart(
  { out, reportLines }: DemoContext,
  app: App,
  wecom: Awaited<ReturnType<Corp['getLocalCorpData']>>,
  ddUsers: number,
): Promise<void> {
  out(
    `\nThe same app's DingTalk organisation, corps.MyDDCorp (DingTalk emulator: ${n(ddUsers)} members, the WeCom org's first people among them):`,
  );
  const dd = app.getElement<Corp>('corps.MyDDCorp');
  const first = await dd.initCorp();
  for (const line of reportLines(first)) out(line);
  const byUser = new Map(wecom.userList.map((u) => [u.userId, u]));
  const ddLocal = await dd.getLocalCorpData();
  const shared = ddLocal.userList.filter((u) => byUser.has(u.userId));
  out(
    `  ${n(shared.length)} of ${n(ddLocal.userList.length)} DingTalk members are people already in the pool from WeCom (same mobile): one user, two memberships`,
  );
  const person = shared.find((u) => u.status === 1 && byUser.get(u.userId)!.status === 1);
  if (!person) return;
  const w = byUser.get(person.userId)!;
  out(
    `  e.g. ${person.name}, user ${person.userId}: WeCom member ${w.memberId} and DingTalk member ${person.memberId}, mobile ${person.mobile}`,
  );
  await dd.offlineMember([person.memberId]);
  const stillWeCom = (await app.getElement<Corp>('corps.MyQywxCorp').getMember(w.memberId))!.status;
  out(`  offlineMember in DingTalk: resigned there; in WeCom still ${stillWeCom === 1 ? 'active' : 'resigned'}`);
}
