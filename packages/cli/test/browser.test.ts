// The whole member login in a real browser: headless Chromium (Debian's package, installed by
// .ci/run) driven by playwright-core, against `jitkit serve` and the WeCom emulator.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
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
