import { getCorp, openApp, type AppOptions } from '../load.js';
import { out } from '../output.js';

/** `jitkit runs <app> <corp>`: the sync history. */
export async function runsCommand(appDir: string, corp: string, options: AppOptions & { limit?: string; json?: boolean }): Promise<number> {
  const app = await openApp(appDir, options);
  try {
    const runs = await getCorp(app, corp).listSyncRuns(Number(options.limit ?? 20));
    if (options.json) out(JSON.stringify(runs, null, 2));
    else
      for (const r of runs) {
        const c = r.counts;
        // A run that failed before planning has no counts: say so rather than print "+undefined".
        const n = (k: string) => (typeof c?.[k] === 'number' ? c[k] : 0);
        const summary =
          c && typeof c.membersAdded === 'number'
            ? `+${n('membersAdded')} ~${n('membersUpdated')} -${n('membersResigned')} members, +${n('deptsCreated')} -${n('deptsRemoved')} depts`
            : r.status === 'succeeded'
              ? ''
              : 'no changes applied';
        out(
          `${new Date(r.startedAt).toISOString()}  ${r.kind.padEnd(8)} ${r.status.padEnd(10)} ${String(r.rowsWritten ?? '-').padStart(7)} rows  ${summary}${r.error ? `  ${r.error}` : ''}`,
        );
      }
    return 0;
  } finally {
    await app.close();
  }
}
