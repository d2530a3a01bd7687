import { isJitError, revealSecret, type Secret } from '@jitkit/core';
import { envVarOf, type DiagnoseOptions, type Diagnosis } from '@jitkit/corps';
import { DingTalkApiError, DingTalkCrypto, type DingTalkClient } from '@jitkit/dingtalk';

export interface DingTalkSetup {
  fullName: string;
  configFile: string;
  corpId: string;
  appKey: string;
  apiBaseUrl: string;
  appSecret: Secret;
  eventMode: 'stream' | 'http';
  token?: Secret;
  aesKey?: Secret;
  client: () => DingTalkClient;
}

type Add = (area: string, status: Diagnosis['status'], message: string, fix?: string) => void;

const varOr = (s: DingTalkSetup, field: string, fallback: string) => envVarOf(s.configFile, field) ?? fallback;

/**
 * `jitkit doctor` for a DingTalk corp: the appKey and appSecret (40096), reachability, the
 * contact scope, the personal-field permissions, events (Stream: the gateway opens a connection;
 * HTTP push: the token and aes_key) and login. Each line says what to do when it is not ok.
 */
export async function diagnoseDingTalk(s: DingTalkSetup, options: DiagnoseOptions): Promise<Diagnosis[]> {
  const out: Diagnosis[] = [];
  const add: Add = (area, status, message, fix) => out.push({ area, status, message, ...(fix ? { fix } : {}) });
  try {
    revealSecret(s.appSecret);
  } catch (err) {
    add('secret', 'fail', err instanceof Error ? err.message : String(err), `set ${varOr(s, 'appSecret', 'appSecret')} (see .env.example)`);
    return out;
  }
  pushConfigCheck(s, add);
  if (options.offline) {
    add('api', 'warn', 'offline: the token, contact scope, fields and events were not checked', 'run jitkit doctor without --offline');
    return out;
  }
  const client = s.client();
  try {
    await client.checkCredentials();
    add('token', 'ok', `appKey ${s.appKey} and the appSecret give a token (${s.apiBaseUrl})`);
  } catch (err) {
    if (isJitError(err, 'DINGTALK_UNREACHABLE'))
      add('api', 'fail', `cannot reach ${s.apiBaseUrl}`, `check the network, or apiBaseUrl in ${s.configFile}`);
    else if (err instanceof DingTalkApiError && err.errcode === 40096)
      add(
        'token',
        'fail',
        'the appKey or the appSecret is wrong (40096)',
        `set appKey in ${s.configFile} and ${varOr(s, 'appSecret', 'appSecret')} to this app's Client ID and Client Secret (开发者后台 > 应用 > 凭证与基础信息)`,
      );
    else add('token', 'fail', err instanceof Error ? err.message : String(err));
    return out;
  }
  await scopeAndFields(client, add);
  if (s.eventMode === 'stream') await streamCheck(s, client, add);
  return out;
}

function pushConfigCheck(s: DingTalkSetup, add: Add): void {
  if (s.eventMode !== 'http') return;
  try {
    if (!s.token || !s.aesKey) throw new Error('events.token and events.aesKey are not both set');
    new DingTalkCrypto({ token: revealSecret(s.token), aesKey: revealSecret(s.aesKey), ownerKey: s.appKey });
    add('events', 'ok', `HTTP push: the token and aes_key are set; DingTalk must push to /dingtalk/callback/<Corp> of jitkit serve`);
  } catch (err) {
    add(
      'events',
      'fail',
      `HTTP push: ${err instanceof Error ? err.message : String(err)}`,
      `set ${varOr(s, 'events.token', 'events.token')} and ${varOr(s, 'events.aesKey', 'events.aesKey')} to the Token and aes_key of the event subscription`,
    );
  }
}

async function scopeAndFields(client: DingTalkClient, add: Add): Promise<void> {
  try {
    const top = await client.departments.listSub(1);
    const count = await client.users.count();
    if (count === 0)
      add('scope', 'warn', 'the contact scope shows no member', "widen the app's contact scope (通讯录权限范围) in the developer console");
    else add('scope', 'ok', `the contact scope shows ${count} members; ${top.length} departments under the root`);
    const sample = (await Promise.all(top.slice(0, 3).map((d) => client.users.list(d.dept_id)))).flat()[0];
    if (!sample) return;
    const m = await client.users.get(sample.userid);
    const missing = [
      m.mobile === undefined ? 'mobile (企业员工手机号信息)' : '',
      m.email === undefined && m.org_email === undefined ? 'email (邮箱等个人信息)' : '',
    ].filter(Boolean);
    if (missing.length)
      add(
        'fields',
        'warn',
        `members come without ${missing.join(' and ')}: people in two organisations cannot be matched by mobile`,
        'grant those permissions to the app in the developer console',
      );
    else add('fields', 'ok', 'members come with mobile and email');
  } catch (err) {
    if (err instanceof DingTalkApiError && (err.errcode === 60011 || err.errcode === 'Forbidden.AccessDenied.AccessTokenPermissionDenied'))
      add(
        'permissions',
        'fail',
        `an API permission is missing: ${err.errmsg}`,
        'grant 通讯录部门信息读权限, 通讯录部门成员读权限 and 成员信息读权限 to the app',
      );
    else add('scope', 'fail', err instanceof Error ? err.message : String(err));
  }
}

async function streamCheck(s: DingTalkSetup, client: DingTalkClient, add: Add): Promise<void> {
  try {
    await client.v1(
      'POST',
      'gateway/connections/open',
      {
        clientId: s.appKey,
        clientSecret: revealSecret(s.appSecret),
        subscriptions: [{ type: 'EVENT', topic: '*' }],
        ua: 'jitkit-doctor',
      },
      { auth: 'none', idempotent: true },
    );
    add('events', 'ok', 'Stream mode: the gateway opens a connection for this app');
  } catch (err) {
    add(
      'events',
      'fail',
      `Stream mode: the gateway refused a connection: ${err instanceof Error ? err.message : String(err)}`,
      'turn on Stream mode (事件订阅 > Stream 模式) for the app, or set events.mode to "http" with a token and aes_key',
    );
  }
}
