import { describe, expect, it } from 'vitest';
import { compileMemberMapping, type MappingSourceSpec, type UpstreamMember } from '@jitkit/corps';

const spec: MappingSourceSpec = { upstream: 'Test', fields: ['name', 'english_name', 'title'], open: ['extattr'] };
const member: UpstreamMember = { externalId: 'u1', name: 'raw', upstreamStatus: 1, enabled: true, memberships: [], directLeaders: [] };

describe('compileMemberMapping', () => {
  it('renders templates, bare fields, defaults (literal or template), and leaves a field alone when nothing applies', () => {
    const { mapping, issues } = compileMemberMapping(
      {
        displayName: { from: '{{name}} ({{english_name}})', default: '{{ name }}' },
        position: 'title',
        'attributes.level': { from: 'extattr.职级', default: 'P1' },
        'attributes.no': 'extattr.工号',
      },
      spec,
      'corps.X',
    );
    expect(issues).toEqual([]);
    const a = mapping!.apply(member, { name: '张伟', english_name: 'David', title: '', extattr: { 工号: 'E1' } });
    // title is empty and has no default: the Type's own position (none here) stays.
    expect(a).toMatchObject({ name: '张伟 (David)', attributes: { level: 'P1', no: 'E1' } });
    expect(a.position).toBeUndefined();
    const b = mapping!.apply(
      { ...member, position: 'kept' },
      { name: '李娜', english_name: '', title: 'Engineer', extattr: { 职级: 'P5' } },
    );
    expect(b).toMatchObject({ name: '李娜', position: 'Engineer', attributes: { level: 'P5' } });
    expect(b.attributes).not.toHaveProperty('no');
  });

  it('reports unknown targets and source fields by config pointer', () => {
    const { mapping, issues } = compileMemberMapping(
      { nickname: 'name', 'attributes.x': '{{nmae}}', 'attributes.y': { from: 'name', default: '{{extattr}}' } },
      spec,
      'corps.X',
    );
    expect(mapping).toBeUndefined();
    expect(issues).toEqual([
      { pointer: '/mapping/nickname', message: expect.stringMatching(/^unknown target nickname: map to displayName, name, position/) },
      {
        pointer: '/mapping/attributes.x',
        message: expect.stringMatching(/^unknown source field nmae: Test members have name, english_name, title, and extattr.<name>/),
      },
      { pointer: '/mapping/attributes.y/default', message: expect.stringMatching(/^source field extattr: name one of its keys/) },
    ]);
  });

  it('a Type without a mapping source refuses a mapping', () => {
    expect(compileMemberMapping({ name: 'x' }, undefined, 'corps.CsvType').issues).toEqual([
      { pointer: '/mapping', message: 'corps.CsvType does not support a field mapping in config' },
    ]);
  });
});
