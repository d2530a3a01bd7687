// Every example of shared/seed/wechat-work-organization.md, as written, changed only to
// TypeScript (await where there is I/O; keyword arguments become an object). print() -> log().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@jitkit/core';
import type { QywxInnerType } from '@jitkit/corps-qywx-inner';
import { demoFixture } from './helpers/demo-fixture.js';

const printed: string[] = [];
const print = (line: string) => printed.push(line);
let f: Awaited<ReturnType<typeof demoFixture>>;
let app: App;

beforeAll(async () => {
  f = await demoFixture();
  app = f.app;
  // The members and roles the seed's examples name.
  for (const userid of ['user001', 'user002', 'admin001', 'admin002', 'admin003'])
    await f.sim.control.org('user/create', { userid, name: userid, department: [1], status: 1 });
});
afterAll(() => f?.close());

describe('the seed document, example by example', () => {
  it('Basic Usage Example', async () => {
    // Get WeCom organization instance
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    // Initialize organizational architecture
    await corp.initCorp();
    // Get root department
    const root_dept = await corp.getRootDept();
    print(`Root Department: ${root_dept.name.value}`);
    // Get administrator list
    const admin_list = await corp.getAdmin();
    print(`Administrators: ${admin_list}`);
    expect(printed.slice(-2)).toEqual(['Root Department: 示例科技有限公司', 'Administrators: ']);
  });

  it('Initialize Organizational Architecture', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    await corp.initCorp();
    expect((await corp.getCorpInfo()).memberCount).toBe(85);
  });

  it('Sync Organizational Architecture', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    await corp.syncCorp();
    expect((await corp.listSyncRuns(1))[0]!.status).toBe('succeeded');
  });

  it('Get Third-Party Organizational Architecture Data', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    const corp_data = await corp.getThirdCorpData();
    print(`User Count: ${Object.keys(corp_data.userDict ?? {}).length}`);
    expect(printed.at(-1)).toBe('User Count: 85');
  });

  it('Batch Register Users', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    const corp_data = await corp.getThirdCorpData();
    await corp.bulkRegister(corp_data);
    expect((await corp.getLocalCorpData()).userList).toHaveLength(85);
  });

  it('Get Local Organizational Architecture Data', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    const local_data = await corp.getLocalCorpData();
    print(`Local User Count: ${local_data['userList'].length}`);
    print(`Local Department Count: ${local_data['deptList'].length}`);
    expect(printed.slice(-2)).toEqual(['Local User Count: 85', 'Local Department Count: 12']);
  });

  it('Get Root Department', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    const root_dept = await corp.getRootDept();
    print(`Root Department ID: ${root_dept.deptId.value}`);
    print(`Root Department Name: ${root_dept.name.value}`);
    expect(printed.slice(-2)).toEqual(['Root Department ID: 1', 'Root Department Name: 示例科技有限公司']);
  });

  it('Set User Role', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    // setUserRole needs the roles to exist: local roles are created first.
    await corp.createRole({ roleId: 'role001', name: 'Role 1' });
    await corp.createRole({ roleId: 'role002', name: 'Role 2' });
    const result = await corp.setUserRole({ memberId: 'user001', roleIdList: ['role001', 'role002'] });
    print(`Role Setting Result: ${JSON.stringify(result)}`);
    expect(result).toEqual([
      { memberId: 'user001', roleId: 'role001', corpFullName: 'corps.MyQywxCorp', source: 'manual' },
      { memberId: 'user001', roleId: 'role002', corpFullName: 'corps.MyQywxCorp', source: 'manual' },
    ]);
  });

  it('Set Members as Resigned', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    await corp.offlineMember(['user001', 'user002']);
    expect((await corp.getMember('user002'))!.status).toBe(2);
  });

  it('Get User Signature / Save User Signature', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    const result = await corp.saveUserSignature({ memberId: 'user001', signature: 'https://example.com/signature.png' });
    print(`Save Result: ${JSON.stringify(result)}`);
    const signature_info = await corp.getUserSignature('user001');
    print(`Signature: ${signature_info['signature']}`);
    expect(printed.at(-1)).toBe('Signature: https://example.com/signature.png');
  });

  it('Set Administrators / Get Administrator List', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    expect(await corp.setAdmin(['admin001', 'admin002'])).toEqual({});
    const admin_list = await corp.getAdmin();
    print(`Administrator List: ${admin_list}`);
    expect(printed.at(-1)).toBe('Administrator List: admin001,admin002');
  });

  it('Get Organizational Architecture Information', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    const corp_info = await corp.getCorpInfo();
    print(`Organizational Architecture Name: ${corp_info['title']}`);
    print(`Full Name: ${corp_info['fullName']}`);
    expect(printed.slice(-2)).toEqual(['Organizational Architecture Name: My WeCom Organization', 'Full Name: corps.MyQywxCorp']);
  });

  it('Get WeCom Client', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    const client = corp.getClient();
    // Use client to call WeCom API
    expect((await client.departments.get(1)).name).toBe('示例科技有限公司');
  });

  it('Properties: corpData, title, fullName, corpFullName, authConfig', () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    print(`Organizational Architecture Data: ${JSON.stringify(corp.corpData)}`);
    print(`Title: ${corp.title}`);
    print(`Full Name: ${corp.fullName}`);
    print(`Organizational Architecture Full Name: ${corp.corpFullName}`);
    print(`Enterprise ID: ${corp.authConfig['corpId']}`);
    print(`Application ID: ${corp.authConfig['agentId']}`);
    expect(printed.slice(-5)).toEqual([
      'Title: My WeCom Organization',
      'Full Name: corps.MyQywxCorp',
      'Organizational Architecture Full Name: corps.MyQywxCorp',
      'Enterprise ID: ww1234567890abcdef',
      'Application ID: 1000001',
    ]);
  });

  it('Configure Automatic Sync (every hour: the schedule is in MyQywxCorp.json, run by jitkit serve)', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
    // Sync organizational architecture every hour
    await corp.syncCorp();
    expect((corp.config.sync as { schedule: string }).schedule).toBe('0 * * * *');
  });

  it('Batch Operation Example', async () => {
    const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
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
    expect(printed.join('\n')).not.toContain(f.sim.secret);
  });
});
