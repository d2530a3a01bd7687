import { describe, expect, it } from 'vitest';
import { notificationsOf, type SyncReport } from '@jitkit/corps';
import { matches } from '../src/notify/notifications.js';

const report = (over: Partial<SyncReport>): SyncReport =>
  ({
    runId: 'run-1',
    corpFullName: 'corps.X',
    kind: 'full',
    status: 'succeeded',
    dryRun: false,
    forced: false,
    startedAt: 1,
    finishedAt: 2,
    counts: {},
    changes: [],
    rowsWritten: 0,
    upstreamCalls: 0,
    durations: { fetchMs: 0, planMs: 0, applyMs: 0, totalMs: 0 },
    ...over,
  }) as SyncReport;

describe('sync notifications', () => {
  it('one per change, with a stable id, department.* for dept changes; none for a dry run', () => {
    const r = report({
      changes: [
        { kind: 'member.added', id: 'u1' },
        { kind: 'dept.renamed', id: '2', detail: 'a -> b' },
        { kind: 'role.member.removed', id: 'tag:x:1', name: 'u1' },
      ],
    });
    expect(notificationsOf(r).map((n) => [n.id, n.event])).toEqual([
      ['run-1:0', 'member.added'],
      ['run-1:1', 'department.renamed'],
      ['run-1:2', 'role.member.removed'],
    ]);
    expect(notificationsOf({ ...r, dryRun: true })).toEqual([]);
  });

  it('a failed or guarded run is one sync.failed / sync.guarded notification with its error', () => {
    expect(notificationsOf(report({ status: 'guarded', error: { code: 'SYNC_GUARD', message: 'stopped' } }))).toMatchObject([
      { id: 'run-1:0', event: 'sync.guarded', error: { code: 'SYNC_GUARD' } },
    ]);
  });

  it('patterns: exact names, a family with .*, or everything', () => {
    expect(matches('member.resigned', 'member.resigned')).toBe(true);
    expect(matches('department.*', 'department.moved')).toBe(true);
    expect(matches('role.*', 'role.member.added')).toBe(true);
    expect(matches('member.*', 'department.moved')).toBe(false);
    expect(matches('*', 'sync.failed')).toBe(true);
  });
});
