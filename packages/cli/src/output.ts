import { isJitError, scrubSecrets } from '@jitkit/core';
import type { SyncReport } from '@jitkit/corps';

/** Everything the CLI prints goes through here: secrets are scrubbed on the way out. */
export const out = (text = '') => process.stdout.write(scrubSecrets(text) + '\n');
export const err = (text: string) => process.stderr.write(scrubSecrets(text) + '\n');

export function describeError(e: unknown): string {
  if (isJitError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

const n = (x: number) => x.toLocaleString('en-US');

export function reportLines(r: SyncReport): string[] {
  const c = r.counts;
  const lines = [
    `sync ${r.corpFullName} ${r.kind}${r.dryRun ? ' (dry run: nothing written)' : ''}${r.forced ? ' (forced)' : ''}: ${r.status}`,
    `  members      +${n(c.membersAdded)} added, ${n(c.membersUpdated)} updated, ${n(c.membersRenamed)} renamed, ${n(c.membersResigned)} resigned, ${n(c.membersReactivated)} reactivated${c.membersOutOfScope ? `; ${n(c.membersOutOfScope)} outside sync.scope ignored` : ''}`,
    `  departments  +${n(c.deptsCreated)} created, ${n(c.deptsRenamed)} renamed, ${n(c.deptsMoved)} moved, ${n(c.deptsUpdated)} updated, ${n(c.deptsRemoved)} removed`,
    `  roles (tags) +${n(c.rolesCreated)} created, ${n(c.rolesRenamed)} renamed, ${n(c.rolesRemoved)} removed; memberships +${n(c.roleMembershipsAdded)} / -${n(c.roleMembershipsRemoved)}`,
    `  wrote ${n(r.rowsWritten)} rows, ${n(r.upstreamCalls)} upstream calls; fetch ${n(Math.round(r.durations.fetchMs))} ms, plan ${n(Math.round(r.durations.planMs))} ms, apply ${n(Math.round(r.durations.applyMs))} ms, total ${n(Math.round(r.durations.totalMs))} ms`,
    `  run ${r.runId}`,
  ];
  if (r.error) lines.push(`  error ${r.error.code}: ${r.error.message}`);
  return lines;
}

export function changeLines(r: SyncReport, max: number): string[] {
  const lines = r.changes
    .slice(0, max)
    .map(
      (c) =>
        `  ${c.kind.padEnd(20)} ${c.id}${c.externalId && c.externalId !== c.id ? ` (${c.externalId})` : ''}${c.name ? ` ${c.name}` : ''}${c.detail ? ` — ${c.detail}` : ''}`,
    );
  if (r.changes.length > max) lines.push(`  … and ${n(r.changes.length - max)} more (--json for all)`);
  return lines;
}
