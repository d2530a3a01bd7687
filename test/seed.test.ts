// Every example of shared/seed/wechat-work-organization.md, as written, changed only to
// TypeScript (await where there is I/O; keyword arguments become an object). print() -> log().
// The same examples run on a DingTalk corp with only the element and its config changed
// (issue 12): corps.MyDDCorp of the same demo app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@jitkit/core';
import type { Corp } from '@jitkit/corps';
import { SEED_PLATFORMS, type SeedFixture } from './helpers/seed-platforms.js';

/** What the examples use of either Type: a Corp whose client reads departments, and whose third-party data has a userDict. */
type SeedCorp = Omit<Corp, 'getClient' | 'getThirdCorpData'> & {
  getClient(): { departments: { get(id: number): Promise<{ name: string }> } };
  getThirdCorpData(): Promise<{ userDict: Record<string, unknown> }>;
};

for (const p of SEED_PLATFORMS)
  describe(`the seed document, example by example, on ${p.corp}`, () => {
    const printed: string[] = [];
    const print = (line: string) => printed.push(line);
    let f: SeedFixture;
    let app: App;

    beforeAll(async () => {
      f = await p.open();
      app = f.app;
      // The members and roles the seed's examples name.
      for (const userid of ['user001', 'user002', 'admin001', 'admin002', 'admin003']) await f.createMember(userid);
    });
    afterAll(() => f?.close());

    it('Basic Usage Example', async () => {
      // Get WeCom organization instance
      const corp = app.getElement<SeedCorp>(p.corp);
      // Initialize organizational architecture
      await corp.initCorp();
      // Get root department
      const root_dept = await corp.getRootDept();
      print(`Root Department: ${root_dept.name.value}`);
      // Get administrator list
      const admin_list = await corp.getAdmin();
      print(`Administrators: ${admin_list}`);
      expect(printed.slice(-2)).toEqual([`Root Department: ${p.rootName}`, 'Administrators: ']);
    });

    it('Initialize Organizational Architecture', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      await corp.initCorp();
      expect((await corp.getCorpInfo()).memberCount).toBe(85);
    });

    it('Sync Organizational Architecture', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      await corp.syncCorp();
      expect((await corp.listSyncRuns(1))[0]!.status).toBe('succeeded');
    });

    it('Get Third-Party Organizational Architecture Data', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      const corp_data = await corp.getThirdCorpData();
      print(`User Count: ${Object.keys(corp_data.userDict ?? {}).length}`);
      expect(printed.at(-1)).toBe('User Count: 85');
    });

    it('Batch Register Users', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      const corp_data = await corp.getThirdCorpData();
      await corp.bulkRegister(corp_data);
      expect((await corp.getLocalCorpData()).userList).toHaveLength(85);
    });

    it('Get Local Organizational Architecture Data', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      const local_data = await corp.getLocalCorpData();
      print(`Local User Count: ${local_data['userList'].length}`);
      print(`Local Department Count: ${local_data['deptList'].length}`);
      expect(printed.slice(-2)).toEqual(['Local User Count: 85', 'Local Department Count: 12']);
    });

    it('Get Root Department', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      const root_dept = await corp.getRootDept();
      print(`Root Department ID: ${root_dept.deptId.value}`);
      print(`Root Department Name: ${root_dept.name.value}`);
      expect(printed.slice(-2)).toEqual(['Root Department ID: 1', `Root Department Name: ${p.rootName}`]);
    });

    it('Set User Role', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      // setUserRole needs the roles to exist: local roles are created first.
      await corp.createRole({ roleId: 'role001', name: 'Role 1' });
      await corp.createRole({ roleId: 'role002', name: 'Role 2' });
      const result = await corp.setUserRole({ memberId: 'user001', roleIdList: ['role001', 'role002'] });
      print(`Role Setting Result: ${JSON.stringify(result)}`);
      expect(result).toEqual([
        { memberId: 'user001', roleId: 'role001', corpFullName: p.corp, source: 'manual' },
        { memberId: 'user001', roleId: 'role002', corpFullName: p.corp, source: 'manual' },
      ]);
    });

    it('Set Members as Resigned', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      await corp.offlineMember(['user001', 'user002']);
      expect((await corp.getMember('user002'))!.status).toBe(2);
    });

    it('Get User Signature / Save User Signature', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      const result = await corp.saveUserSignature({ memberId: 'user001', signature: 'https://example.com/signature.png' });
      print(`Save Result: ${JSON.stringify(result)}`);
      const signature_info = await corp.getUserSignature('user001');
      print(`Signature: ${signature_info['signature']}`);
      expect(printed.at(-1)).toBe('Signature: https://example.com/signature.png');
    });

    it('Set Administrators / Get Administrator List', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      expect(await corp.setAdmin(['admin001', 'admin002'])).toEqual({});
      const admin_list = await corp.getAdmin();
      print(`Administrator List: ${admin_list}`);
      expect(printed.at(-1)).toBe('Administrator List: admin001,admin002');
    });

    it('Get Organizational Architecture Information', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      const corp_info = await corp.getCorpInfo();
      print(`Organizational Architecture Name: ${corp_info['title']}`);
      print(`Full Name: ${corp_info['fullName']}`);
      expect(printed.slice(-2)).toEqual([`Organizational Architecture Name: ${p.title}`, `Full Name: ${p.corp}`]);
    });

    it(`Get ${p.upstream} Client`, async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      const client = corp.getClient();
      // Use client to call the upstream's API
      expect((await client.departments.get(1)).name).toBe(p.rootName);
    });

    it('Properties: corpData, title, fullName, corpFullName, authConfig', () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      print(`Organizational Architecture Data: ${JSON.stringify(corp.corpData)}`);
      print(`Title: ${corp.title}`);
      print(`Full Name: ${corp.fullName}`);
      print(`Organizational Architecture Full Name: ${corp.corpFullName}`);
      print(`Enterprise ID: ${corp.authConfig['corpId']}`);
      print(`Application ID: ${corp.authConfig['agentId']}`);
      expect(printed.slice(-5)).toEqual([
        `Title: ${p.title}`,
        `Full Name: ${p.corp}`,
        `Organizational Architecture Full Name: ${p.corp}`,
        `Enterprise ID: ${p.corpId}`,
        `Application ID: ${p.agentId}`,
      ]);
    });

    it("Configure Automatic Sync (every hour: the schedule is in the corp's config, run by jitkit serve)", async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      // Sync organizational architecture every hour
      await corp.syncCorp();
      expect((corp.config.sync as { schedule: string }).schedule).toBe(p.schedule);
    });

    it('Batch Operation Example', async () => {
      const corp = app.getElement<SeedCorp>(p.corp);
      // Get third-party data
      const corp_data = await corp.getThirdCorpData();
      // Batch register users
      await corp.bulkRegister(corp_data);
      // Batch set administrators
      const admin_ids = ['admin001', 'admin002', 'admin003'];
      await corp.setAdmin(admin_ids);
      // Batch resignation processing
      const offline_ids = ['user001', 'user002'];
      await corp.offlineMember(offline_ids);
      expect(await corp.getAdmin()).toEqual(admin_ids);
    });

    it('nothing printed holds the secret', () => {
      expect(printed.join('\n')).not.toContain(f.secret);
    });
  });
