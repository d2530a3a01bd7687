import { describe, expect, it } from 'vitest';
import { toRowData, FieldValue } from '@jitkit/core';

describe('RowData', () => {
  it('reads every field as .value, the way the seed document does', () => {
    const root = toRowData({ deptId: 'd-1', name: 'Acme', parentId: null as string | null });
    expect(root.deptId.value).toBe('d-1');
    expect(root.name.value).toBe('Acme');
    expect(root.parentId.value).toBeNull();
    expect(root.name).toBeInstanceOf(FieldValue);
    expect(`${root.name}`).toBe('Acme');
  });

  it('turns back into the plain row with toJSON, and is read-only', () => {
    const row = toRowData({ deptId: 'd-1', name: 'Acme' });
    expect(row.toJSON()).toEqual({ deptId: 'd-1', name: 'Acme' });
    expect(JSON.parse(JSON.stringify(row))).toEqual({ deptId: 'd-1', name: 'Acme' });
    expect(Object.keys(row)).toEqual(['deptId', 'name']);
    expect(() => ((row as unknown as { name: unknown }).name = 1)).toThrow();
  });
});
