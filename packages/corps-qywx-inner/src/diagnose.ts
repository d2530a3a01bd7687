import { isJitError, revealSecret, type Secret } from '@jitkit/core';
import { envVarOf, type DiagnoseOptions, type Diagnosis } from '@jitkit/corps';
import { CallbackCrypto, WeComApiError, type WeComClient } from '@jitkit/wecom';

export interface WeComSetup {
  fullName: string;
  /** The instance's config file, for fixes that name it. */
  configFile: string;
  corpId: string;
  apiBaseUrl: string;
  secret: Secret;
  token?: Secret;
  encodingAESKey?: Secret;
  client: () => WeComClient;
}

const TOKEN_FAILURES: Record<number, (s: WeComSetup) => Omit<Diagnosis, 'area' | 'status'>> = {
  40013: (s) => ({
    message: `corpId '${s.corpId}' is not a WeCom CorpID (40013)`,
    fix: `set corpId in ${s.configFile} to the CorpID shown under 我的企业 > 企业信息`,
  }),
  40001: (s) => ({ message: 'the secret is wrong (40001)', fix: secretFix(s) }),
  41004: (s) => ({ message: 'the secret is empty (41004)', fix: secretFix(s) }),
  40091: (s) => ({ message: 'the secret is not a valid secret (40091)', fix: secretFix(s) }),
};

function secretFix(s: WeComSetup): string {
  const v = envVarOf(s.configFile, 'secret');
  return `${v ? `set ${v}` : `set secret in ${s.configFile}`} to the Secret of this self-built app (应用管理 > the app > Secret), not another app's`;
}

/**
 * `jitkit doctor` for a WeCom corp: credentials, reachability, visible range, the contact
 * fields the app receives, callbacks and login. Each line says what to do when it is not ok.
 */
export async function diagnoseWeCom(s: WeComSetup, options: DiagnoseOptions): Promise<Diagnosis[]> {
  const out: Diagnosis[] = [];
  const add = (area: string, status: Diagnosis['status'], message: string, fix?: string) =>
    out.push({ area, status, message, ...(fix ? { fix } : {}) });

  callbackChecks(s, options, add);
  try {
    revealSecret(s.secret);
  } catch (err) {
    add(
      'secret',
      'fail',
      err instanceof Error ? err.message : String(err),
      `set ${envVarOf(s.configFile, 'secret') ?? 'the secret'} (see .env.example)`,
    );
    return out;
  }
  if (options.offline) {
    add('api', 'warn', 'offline: the token, visible range and contact fields were not checked', 'run jitkit doctor without --offline');
    return out;
  }
  const client = s.client();
  try {
    await client.checkCredentials();
    add('token', 'ok', `corpId ${s.corpId} and the secret give a token (${s.apiBaseUrl})`);
  } catch (err) {
    if (isJitError(err, 'WECOM_UNREACHABLE'))
      add(
        'api',
        'fail',
        `cannot reach ${s.apiBaseUrl}: ${(err.details as { network?: string }).network ?? 'network error'}`,
        `check the network, or apiBaseUrl in ${s.configFile}`,
      );
    else if (err instanceof WeComApiError && TOKEN_FAILURES[err.errcode])
      add('token', 'fail', TOKEN_FAILURES[err.errcode]!(s).message, TOKEN_FAILURES[err.errcode]!(s).fix);
    else add('token', 'fail', err instanceof Error ? err.message : String(err));
    return out;
  }
  await visibilityChecks(client, add);
  await loginChecks(s, options, add);
  return out;
}

type Add = (area: string, status: Diagnosis['status'], message: string, fix?: string) => void;

function callbackChecks(s: WeComSetup, options: DiagnoseOptions, add: Add): void {
  if (!s.token && !s.encodingAESKey) {
    add(
      'callbacks',
      'warn',
      'callbacks are not configured: changes reach the pool only with full syncs',
      `add token and encodingAESKey to ${s.configFile} (应用管理 > the app > 接收消息 > 设置API接收)`,
    );
    return;
  }
  try {
    new CallbackCrypto({
      token: s.token ? revealSecret(s.token) : '',
      encodingAESKey: s.encodingAESKey ? revealSecret(s.encodingAESKey) : '',
      receiveId: s.corpId,
    });
    add('callbacks', 'ok', `token and EncodingAESKey are well-formed; replay window ${options.replayWindowSeconds ?? 300} s`);
  } catch (err) {
    const vars = `${envVarOf(s.configFile, 'token') ?? 'token'} and ${envVarOf(s.configFile, 'encodingAESKey') ?? 'encodingAESKey'}`;
    const fix = isJitError(err, 'ENV_MISSING')
      ? `set ${vars} (or remove token and encodingAESKey from ${s.configFile} to run without callbacks)`
      : `the token is 1-32 letters and digits, the EncodingAESKey 43: copy both from 接收消息 > 设置API接收 into ${vars}`;
    add('callbacks', 'fail', err instanceof Error ? err.message : String(err), fix);
  }
}

async function visibilityChecks(client: WeComClient, add: Add): Promise<void> {
  let depts;
  try {
    depts = await client.departments.list();
  } catch (err) {
    if (err instanceof WeComApiError && err.errcode === 60011)
      add(
        'visibility',
        'fail',
        'the app can see no department (60011)',
        "add departments (or the whole company) to the app's visible range: 应用管理 > the app > 可见范围",
      );
    else add('visibility', 'fail', err instanceof Error ? err.message : String(err));
    return;
  }
  if (depts.length === 0) {
    add(
      'visibility',
      'fail',
      'the app can see no department: its visible range is empty',
      "add departments (or the whole company) to the app's visible range: 应用管理 > the app > 可见范围",
    );
    return;
  }
  const root = depts.some((d) => d.id === 1);
  add(
    'visibility',
    root ? 'ok' : 'warn',
    `${depts.length} departments visible${root ? ', the root included' : '; the root department is not: the pool holds only the visible subtrees'}`,
    root ? undefined : "widen the app's visible range to the root department if the whole company should sync",
  );
  let members = 0;
  let sample: string | undefined;
  try {
    for await (const page of client.users.listIds()) {
      members += new Set(page.map((r) => r.userid)).size;
      sample ??= page[0]?.userid;
    }
    add('visibility', 'ok', `${members} member entries visible`);
  } catch (err) {
    if (err instanceof WeComApiError && (err.errcode === 48002 || err.errcode === 48009))
      add(
        'visibility',
        'warn',
        `user/list_id is not allowed for this secret (${err.errcode}): the sync reads members department by department (more calls)`,
        'use the 通讯录同步 secret as contactSecret, or accept the extra calls',
      );
    else add('visibility', 'fail', err instanceof Error ? err.message : String(err));
  }
  if (!sample) return;
  const m = await client.users.get(sample).catch(() => undefined);
  if (!m) return;
  if (m.mobile || m.email)
    add('fields', 'ok', 'members come with mobile and email: renames are followed in full syncs, and one person in two corps is one user');
  else
    add(
      'fields',
      'warn',
      'members come without mobile or email (apps created after 2022-06-20): a renamed userid is followed only through callbacks, and the same person in two corps is not linked',
      'configure callbacks; or get the fields through OAuth (snsapi_privateinfo) at login',
    );
}

async function loginChecks(s: WeComSetup, options: DiagnoseOptions, add: Add): Promise<void> {
  if (!options.publicUrl) {
    add(
      'login',
      'warn',
      'no public URL given: login redirects and the callback URL cannot be checked',
      'run jitkit doctor --public-url https://your.host (the URL jitkit serve --public-url uses)',
    );
    return;
  }
  const host = new URL(options.publicUrl).hostname;
  const health = await fetch(`${options.publicUrl.replace(/\/+$/, '')}/health`).then(
    (r) => r.status,
    () => 0,
  );
  add(
    'callbacks',
    health === 200 ? 'ok' : 'fail',
    health === 200
      ? `${options.publicUrl} answers (jitkit serve is up there)`
      : `${options.publicUrl}/health does not answer${health ? ` (HTTP ${health})` : ''}`,
    health === 200
      ? undefined
      : `start jitkit serve there, or fix --public-url; WeCom must reach ${options.publicUrl}/wecom/callback/${s.fullName.replace(/^corps\./, '')}`,
  );
  // The emulator says which domains are trusted; WeCom itself has no API for it.
  const sim = await fetch(`${s.apiBaseUrl}/__sim/info`).then(
    (r) => (r.ok ? (r.json() as Promise<{ trustedDomains?: string[] }>) : undefined),
    () => undefined,
  );
  if (sim?.trustedDomains) {
    const trusted = sim.trustedDomains.includes(host) || sim.trustedDomains.includes('*');
    add(
      'login',
      trusted ? 'ok' : 'fail',
      trusted ? `${host} is a trusted domain of the app` : `${host} is not a trusted domain of the app: WeCom refuses the login redirect`,
      trusted ? undefined : `add ${host} under 应用管理 > the app > 网页授权及JS-SDK > 可信域名`,
    );
  } else {
    add(
      'login',
      'warn',
      `check that ${host} is a trusted domain (可信域名) of the app; WeCom has no API that tells`,
      `应用管理 > the app > 网页授权及JS-SDK > 可信域名 must list ${host}`,
    );
  }
}
