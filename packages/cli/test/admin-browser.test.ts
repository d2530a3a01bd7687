// The admin console in a real browser (Debian's Chromium through playwright-core) against
// `jitkit serve` of a copy of the demo app and the emulators: sign in, overview, tree, search,
// roles, plan and apply, a corp created through the form, the audit log, sign out.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DATABASE, loadApp } from '@jitkit/core';
import { demoAppCopy, SCREENSHOTS } from './admin-app.js';
import { serveFixture, type ServeFixture } from './serve-helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const TOKEN = 'admin-test-token-0123456789';

describe.skipIf(!available)(
  `admin console in headless Chromium (${available ? CHROMIUM : `skipped: no browser at ${CHROMIUM}; .ci/run installs Debian's chromium`})`,
  () => {
    let f: ServeFixture;
    let appDir: string;
    let browser: Browser;
    let page: Page;
    const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `admin-${name}.png`), fullPage: true });

    beforeAll(async () => {
      await mkdir(SCREENSHOTS, { recursive: true });
      appDir = await demoAppCopy();
      f = await serveFixture({ users: 120, depts: 14, tags: 3 }, { adminToken: TOKEN }, {}, undefined, appDir);
      await f.corp.createRole({ roleId: 'reviewer', name: '审核人' });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    });
    afterAll(async () => {
      await browser?.close();
      await f?.close();
      if (appDir) await rm(appDir, { recursive: true, force: true });
    });

    it('signs in with the bootstrap token (a wrong one is refused) and shows every corp on the overview', async () => {
      await page.goto(`${f.url}/admin`);
      expect(page.url()).toBe(`${f.url}/admin/login`);
      await page.fill('input[name=token]', 'wrong-token');
      await page.click('button[type=submit]');
      expect(await page.textContent('.error')).toContain('not the admin token');
      await shot('login');
      await page.fill('input[name=token]', TOKEN);
      await page.click('button[type=submit]');
      await page.waitForURL(`${f.url}/admin`);
      const titles = await page.locator('section.corp h2').allTextContents();
      expect(titles.sort()).toEqual(['My DingTalk Organization', 'My WeCom Organization']);
      const wecom = page.locator('section.corp', { hasText: 'My WeCom Organization' });
      expect(await wecom.textContent()).toContain('overridden');
      expect(await wecom.textContent()).toMatch(/\d+ active, \d+ resigned/);
      await shot('overview');
      await page.setViewportSize({ width: 390, height: 844 });
      await shot('overview-phone');
      await page.setViewportSize({ width: 1200, height: 900 });
    });

    it('opens the department tree and expands a department lazily', async () => {
      await page.goto(`${f.url}/admin/corps/MyQywxCorp`);
      const first = page.locator('ul.tree details').first();
      await first.locator('summary').click();
      await first.locator('ul li[data-dept]').first().waitFor();
      expect(await first.locator('ul li[data-dept]').count()).toBeGreaterThan(0);
      await shot('tree');
    });

    it('searches a member by mobile, sets a manual role and makes them admin', async () => {
      const snap = await f.sim.control.snapshot();
      const u = snap.users.find((x) => x.status === 1 && x.mobile)!;
      await page.goto(`${f.url}/admin/corps/MyQywxCorp/members`);
      await page.fill('input[name=q]', u.mobile);
      await page.click('form.search button');
      await page.waitForURL(/members\?q=/);
      expect(await page.locator('table.list tbody tr').count()).toBe(1);
      await shot('members');
      await page.click('table.list tbody a');
      await page.check('input[name=roleId][value=reviewer]');
      await page.click('text=Save manual roles');
      await page.waitForSelector('.notice');
      expect((await f.corp.getMember(u.userid))!.roles.map((r) => r.roleId)).toContain('reviewer');
      await page.click('text=Make admin');
      await page.waitForSelector('.notice');
      expect(await f.corp.getAdmin()).toContain(u.userid);
      expect(await page.textContent('main')).toContain('审核人 (manual)');
      await shot('member');
    });

    it('plans a sync after a change upstream, shows it field by field, applies exactly that plan', async () => {
      // No callbacks for this one: the change must wait for a sync, not be applied as an event.
      await f.sim.control.clearCallback();
      const u = (await f.sim.control.snapshot()).users.find((x) => x.status === 1 && x.position !== '首席评审官')!;
      await f.sim.control.org('user/update', { userid: u.userid, position: '首席评审官' });
      await page.goto(`${f.url}/admin/corps/MyQywxCorp/runs`);
      await page.click('text=Plan a sync');
      const row = page.locator('li.change', { hasText: u.userid });
      expect(await row.locator('td.after').textContent()).toBe('首席评审官');
      await shot('plan');
      // Upstream moves on after the review: the reviewed plan is refused, nothing written.
      const other = (await f.sim.control.snapshot()).users.find((x) => x.status === 1 && x.userid !== u.userid)!;
      await f.sim.control.org('user/update', { userid: other.userid, position: '临时岗位' });
      await page.click('text=Apply this plan');
      expect(await page.textContent('h1')).toBe('The plan is out of date');
      expect((await f.corp.getMember(u.userid))!.position).not.toBe('首席评审官');
      // Plan again: now it applies, and the run page lists the changes.
      await page.goto(`${f.url}/admin/corps/MyQywxCorp/runs`);
      await page.click('text=Plan a sync');
      await page.click('text=Apply this plan');
      await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      expect(await page.textContent('main')).toContain(`admin:token`);
      expect((await f.corp.getMember(u.userid))!.position).toBe('首席评审官');
      await shot('run');
    });

    it('a plan the guard would stop shows its reason and applies only with a confirmation, recorded with who', async () => {
      const leaving = (await f.sim.control.snapshot()).users
        .filter((u) => u.status === 1 && u.userid !== f.sim.state.org.creatorUserid)
        .slice(0, 40)
        .map((u) => u.userid);
      for (const userid of leaving) await f.sim.control.org('user/delete', { userid });
      await page.goto(`${f.url}/admin/corps/MyQywxCorp/runs`);
      await page.click('text=Plan a sync');
      expect(await page.textContent('.error')).toContain('The guard would stop this sync');
      await shot('plan-guarded');
      // Without the tick the server refuses (the browser's `required` is not the only check).
      const csrf = await page.getAttribute('input[name=_csrf]', 'value');
      const fingerprint = await page.getAttribute('input[name=fingerprint]', 'value');
      const refused = await page.request.post(`${f.url}/admin/corps/MyQywxCorp/apply`, {
        form: { _csrf: csrf!, fingerprint: fingerprint! },
      });
      expect(refused.status()).toBe(409);
      expect((await f.corp.getMember(leaving[0]!))!.status).toBe(1);
      await page.check('input[name=confirmGuard]');
      await page.click('text=Apply this plan');
      await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      expect(await page.textContent('main')).toContain('(forced)');
      expect((await f.corp.getMember(leaving[0]!))!.status).toBe(2);
      const confirmed = await f.app.resolve(DATABASE)('jk_admin_audit').where({ action: 'guard confirmed' }).select('actor');
      expect(confirmed).toEqual([{ actor: 'token' }]);
    });

    it('refuses a state change without the CSRF token, changing nothing', async () => {
      const admins = await f.corp.getAdmin();
      const res = await page.request.post(`${f.url}/admin/corps/MyQywxCorp/members/${admins[0]}/admin`, { form: { admin: 'no' } });
      expect(res.status()).toBe(403);
      expect(await f.corp.getAdmin()).toEqual(admins);
    });

    it('creates a corp from the Type’s form: errors by field first, then both files, loadable, with doctor’s result', async () => {
      await page.goto(`${f.url}/admin/new-corp`);
      await page.click('a[href="/admin/new-corp/corps.QywxInnerType"]');
      await page.fill('#f-name', 'acme');
      await page.click('text=Create the corp');
      expect(await page.textContent('#f-name-error')).toContain('a capital letter');
      expect(await page.textContent('#f-corpId-error')).toContain('is required');
      expect(existsSync(path.join(appDir, 'corps/acme'))).toBe(false);
      await shot('new-corp-errors');
      await page.fill('#f-name', 'AcmeCorp');
      await page.fill('#f-title', 'Acme 公司');
      await page.fill('#f-corpId', 'wwacme0000000001');
      await page.fill('#f-agentId', '1000002');
      await page.fill('#f-secret', 'ACME_WECOM_SECRET');
      await page.fill('#f-apiBaseUrl', f.sim.url);
      await page.click('text=Create the corp');
      await page.waitForSelector('text=jitkit doctor');
      await shot('new-corp-created');
      const config = JSON.parse(await readFile(path.join(appDir, 'corps/AcmeCorp/AcmeCorp.json'), 'utf8')) as Record<string, unknown>;
      expect(config).toMatchObject({ corpId: 'wwacme0000000001', secret: '{{ACME_WECOM_SECRET}}' });
      const reloaded = await loadApp(appDir, { env: { ...process.env }, database: f.db.url });
      expect(reloaded.getElementDefine('corps.AcmeCorp').typeChain[0]).toBe('corps.QywxInnerType');
      await reloaded.close();
      expect(await page.textContent('main')).toMatch(/FAIL|WARN|OK/);
    });

    it('records every admin action in the audit log; sign-out ends the session', async () => {
      await page.goto(`${f.url}/admin/audit`);
      const actions = await page.locator('table.list tbody td:nth-child(3)').allTextContents();
      for (const a of ['sign-in', 'role change', 'admin change', 'plan applied', 'corp created']) expect(actions).toContain(a);
      const rows = await f.app
        .resolve(DATABASE)('jk_admin_audit')
        .where({ action: 'sign-in', result: 'refused: wrong token' })
        .count({ n: '*' });
      expect(Number(rows[0]!.n)).toBe(1);
      await shot('audit');
      await page.click('text=Sign out');
      await page.waitForURL(`${f.url}/admin/login`);
      await page.goto(`${f.url}/admin`);
      expect(page.url()).toBe(`${f.url}/admin/login`);
    });

    it('a member the corp lists as admin signs in through WeCom login; others are refused', async () => {
      // Two members the emulator's login page offers (it leaves out the corp's creator): one made admin.
      const [admin, other] = (await f.sim.control.snapshot()).users
        .filter((u) => u.status === 1 && u.enable === 1 && u.userid !== f.sim.state.org.creatorUserid)
        .map((u) => u.userid);
      await f.corp.setAdmin([...(await f.corp.getAdmin()), admin!]);
      await f.sim.control.loginAs(undefined);
      await page.goto(`${f.url}/admin/login`);
      await page.click('a[href^="/login/MyQywxCorp"]');
      await page.click(`a:has-text("(${admin})")`);
      await page.waitForURL(`${f.url}/admin`);
      expect(await page.textContent('.who')).toBe(`MyQywxCorp:${admin} (${(await f.corp.getMember(admin!))!.name})`);
      await page.click('text=Sign out');
      await page.goto(`${f.url}/admin/login`);
      await page.click('a[href^="/login/MyQywxCorp"]');
      await page.click(`a:has-text("(${other})")`);
      await page.waitForURL(/\/admin\/sso\/MyQywxCorp/);
      expect(await page.textContent('h1')).toBe('Not an admin');
    });

    it('rate-limits wrong tokens: the sixth try within 15 minutes waits (429 with Retry-After)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await page.request.post(`${f.url}/admin/login`, { form: { token: `guess-${i}` } })).status());
      // One wrong token was tried in the first test: four more are answered, then the address waits.
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
      const res = await page.request.post(`${f.url}/admin/login`, { form: { token: TOKEN } });
      expect(res.status()).toBe(429);
      expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
    });
  },
);
