import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availability } from '@jitkit/testing';
import { ddFixture, type DDFixture } from './helpers.js';

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { code?: string; details?: { reason?: string } }) => `${e.code}:${e.details?.reason}`,
  );

describe.skipIf(!availability('sqlite').available)('DingTalk member login', () => {
  let f: DDFixture;
  beforeAll(async () => {
    f = await ddFixture('sqlite', { users: 30, depts: 4, seed: 8 });
    await f.corp.initCorp();
  });
  afterAll(() => f?.close());

  it('builds the login.dingtalk.com URL with the appKey as client_id and openid scope', () => {
    const url = new URL(f.corp.loginUrl({ redirectUri: 'http://app.test/login/TestDDCorp/callback', state: 'S1' }));
    expect(url.origin + url.pathname).toBe(`${f.sim.url}/oauth2/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: f.sim.appKey,
      scope: 'openid',
      response_type: 'code',
      state: 'S1',
      prompt: 'consent',
    });
  });

  it('a web login (authCode) and an in-app login (dd.requestAuthCode) give the member; each code works once', async () => {
    const active = (await f.sim.control.snapshot()).users.find((u) => u.active)!;
    const code = await f.sim.control.loginCode(active.userid, 'web');
    expect(await f.corp.completeLogin(code)).toMatchObject({
      memberId: active.userid,
      externalUserid: active.userid,
      corpFullName: 'corps.TestDDCorp',
    });
    expect(await refusal(f.corp.completeLogin(code))).toBe('AUTH_FAILED:invalid-code');
    const h5 = await f.sim.control.loginCode(active.userid, 'h5');
    expect(await f.corp.completeInAppLogin(h5)).toMatchObject({ memberId: active.userid });
    expect(await refusal(f.corp.completeInAppLogin(h5))).toBe('AUTH_FAILED:invalid-code');
  });

  it('refuses members never activated, members not synced yet, and members who left', async () => {
    const snap = await f.sim.control.snapshot();
    const inactive = snap.users.find((u) => !u.active) ?? snap.users[3]!;
    if (inactive.active) {
      await f.sim.control.org('v2/user/update', { userid: inactive.userid, active: false });
      await f.corp.syncCorp();
    }
    expect(await refusal(f.corp.completeLogin(await f.sim.control.loginCode(inactive.userid)))).toBe('AUTH_FAILED:disabled');
    await f.sim.control.org('v2/user/create', { userid: 'dt.unsynced', name: '未同步', mobile: '13700000001' });
    expect(await refusal(f.corp.completeLogin(await f.sim.control.loginCode('dt.unsynced')))).toBe('AUTH_FAILED:unknown-member');
    const leaver = snap.users.find((u) => u.active && u.userid !== inactive.userid && !u.admin)!;
    const code = await f.sim.control.loginCode(leaver.userid);
    await f.sim.control.org('v2/user/delete', { userid: leaver.userid });
    await f.corp.syncCorp();
    expect(await refusal(f.corp.completeLogin(code))).toBe('AUTH_FAILED:not-a-member');
  });
});
