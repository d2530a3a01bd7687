// The whole member login in a real browser: headless Chromium (Debian's package, installed by
// .ci/run) driven by playwright-core, against `jitkit serve` and the WeCom emulator.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import type { Corp } from '@jitkit/corps';
import { serveFixture, type ServeFixture } from './serve-helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);

describe.skipIf(!available)(
  `login in headless Chromium (${available ? CHROMIUM : `skipped: no browser at ${CHROMIUM}; .ci/run installs Debian's chromium`})`,
  () => {
    let f: ServeFixture;
    let browser: Browser;
    beforeAll(async () => {
      f = await serveFixture({ users: 40, depts: 6 });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await f?.close();
    });

    it('a member logs in with the QR login, sees who they are, their departments and roles, and logs out', async () => {
      const snap = await f.sim.control.snapshot();
      const member = snap.users.find((u) => u.status === 1 && u.enable === 1 && u.userid !== f.sim.state.org.creatorUserid)!;
      await f.corp.createRole({ roleId: 'reviewer', name: 'Reviewer' });
      await f.corp.setUserRole(member.userid, ['reviewer']);
      const page = await browser.newPage();
      // The emulator's login page lets the person pick who they are, as WeCom's QR scan would.
      await f.sim.control.loginAs(undefined);
      await page.goto(`${f.url}/`);
      await page.click('a[href="/login/MyQywxCorp?qr=1"]');
      await page.waitForURL(/\/wwlogin\/sso\/login/);
      await page.click(`a:has-text("(${member.userid})")`);
      await page.waitForURL(`${f.url}/me`);
      expect(await page.textContent('#who')).toBe(`Logged in as ${(await f.corp.getMember(member.userid))!.name}`);
      expect(await page.textContent('#member-id')).toBe(member.userid);
      const departments = await page.locator('#departments li').allTextContents();
      expect(departments.length).toBe(member.department.length);
      expect(await page.locator('#roles li').allTextContents()).toContainEqual(expect.stringContaining('Reviewer'));
      await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/jitkit-login-me.png` });
      await page.click('a[href="/logout"]');
      await page.goto(`${f.url}/me`);
      expect(await page.textContent('#title')).toBe('Not logged in');
    });

    it("a DingTalk member logs in through login.dingtalk.com (the emulator's page), and an unactivated one is refused", async () => {
      const dd = (await f.dd.control.snapshot()).users;
      const member = dd.find((u) => u.active)!;
      await f.dd.control.loginAs(null);
      const page = await browser.newPage();
      await page.goto(`${f.url}/`);
      await page.click('a[href="/login/MyDDCorp"]');
      await page.waitForURL(/\/oauth2\/auth/);
      await page.selectOption('#userid', member.userid);
      await page.click('#agree');
      await page.waitForURL(`${f.url}/me`);
      expect(await page.textContent('#who')).toBe(`Logged in as ${member.name}`);
      expect(await page.textContent('#member-id')).toBe(member.userid);
      await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/jitkit-login-dingtalk-me.png` });
      const inactive = dd.find((u) => !u.active && u.userid !== member.userid) ?? dd.find((u) => u.userid !== member.userid)!;
      if (inactive.active) {
        await f.dd.control.org('v2/user/update', { userid: inactive.userid, active: false });
        await f.app.getElement<Corp>('corps.MyDDCorp').syncCorp();
      }
      await f.dd.control.loginAs(inactive.userid);
      const other = await browser.newPage();
      const res = await other.goto(`${f.url}/login/MyDDCorp`);
      expect(res!.status()).toBe(403);
      expect(await other.textContent('#message')).toContain('not activated');
      await f.dd.control.loginAs(null);
    });

    it('a member resigned in this app sees a clear page and gets no session', async () => {
      const snap = await f.sim.control.snapshot();
      const leaver = snap.users.filter((u) => u.userid !== f.sim.state.org.creatorUserid).at(-1)!;
      await f.corp.offlineMember([leaver.userid]);
      await f.sim.control.loginAs({ userid: leaver.userid });
      const page = await browser.newPage();
      const res = await page.goto(`${f.url}/login/MyQywxCorp`);
      expect(res!.status()).toBe(403);
      expect(await page.textContent('#message')).toContain('ended');
      expect((await page.context().cookies()).some((c) => c.name === 'jk_session')).toBe(false);
    });
  },
);
