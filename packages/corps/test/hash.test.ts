import { describe, expect, it } from 'vitest';
import { deptHash, memberHash } from '../src/sync/hash.js';
import type { UpstreamMember } from '../src/sync/upstream.js';

// Pools keep these fingerprints: if the text hashed changed from one version to the next, the
// first sync after an upgrade would rewrite every member and report each as updated. Pinned
// from the fingerprints pools hold today.
describe('fingerprints stay what pools hold', () => {
  const zhang: UpstreamMember = {
    externalId: 'zhangsan',
    name: '张三',
    position: '工程师',
    mobile: '13800000000',
    email: 'zs@example.com',
    avatar: 'https://x/y',
    gender: '1',
    alias: 'San',
    englishName: 'Zhang San',
    telephone: '010-1',
    upstreamStatus: 1,
    enabled: true,
    mainDeptExternalId: '2',
    directLeaders: ['lisi'],
    extAttrs: [{ name: '工号', value: '001' }],
    memberships: [
      { deptExternalId: '3', isLeader: true, order: 5 },
      { deptExternalId: '2', isLeader: false, order: 0 },
    ],
  };
  const wang = {
    externalId: 'wangwu',
    name: '王五',
    upstreamStatus: 4,
    enabled: false,
    directLeaders: [],
    memberships: [],
  } as unknown as UpstreamMember;

  it('of a member, whatever the order of its departments and attributes', () => {
    expect(memberHash(zhang)).toBe('nLr8CiCREoJLMpGBaVmCk0IjR24');
    expect(memberHash({ ...zhang, memberships: [...zhang.memberships].reverse() })).toBe('nLr8CiCREoJLMpGBaVmCk0IjR24');
    // No attributes and none at all are the same member (fingerprints from before attributes existed).
    expect(memberHash({ ...zhang, attributes: {} })).toBe('nLr8CiCREoJLMpGBaVmCk0IjR24');
    expect(memberHash({ ...zhang, attributes: { b: '2', a: '1' } })).toBe('yZobRZ5FW3di8pBUS_ZorCcjRMc');
    expect(memberHash({ ...zhang, attributes: { a: '1', b: '2' } })).toBe('yZobRZ5FW3di8pBUS_ZorCcjRMc');
    expect(memberHash(wang)).toBe('xLxoMplU56eX63QNzON52TSSFLg');
    expect(memberHash({ ...wang, memberships: [{ deptExternalId: '9', isLeader: false, order: 3 }] })).toBe('smvASf6ywshuMEHsyLIOfXnYBhM');
  });

  it('of a department', () => {
    const dept = { externalId: '2', name: '研发', nameEn: 'RD', parentExternalId: '1', order: 10, leaders: ['zhangsan'] };
    expect(deptHash(dept as Parameters<typeof deptHash>[0], '1')).toBe('5eal4mE4PQpUrrt6lztIfK-gEVI');
  });
});
