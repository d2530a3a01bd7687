import { exitCodeOf, isJitError, type App } from '@jitkit/core';
import { reportOf } from '@jitkit/corps';
import { getCorp, openApp, type AppOptions } from '../load.js';
import { changeLines, describeError, err, out, reportLines } from '../output.js';
import { progressReporter } from '../progress.js';
import { deliverPending } from './webhooks.js';

/** How long `jitkit sync` spends delivering its webhooks before it exits (the rest waits for serve). */
const WEBHOOK_WAIT_MS = 10_000;

export interface SyncCommandOptions extends AppOptions {
  dryRun?: boolean;
  json?: boolean;
  force?: boolean;
  wait?: boolean;
  changes?: string;
}

/**
 * `jitkit sync <app> <corp>`: creates the corp if needed, then a full sync. Exit codes: 0 done,
 * 1 failed, 2 stopped by the guard (re-run with --force), 3 another sync holds the lock.
 */
export async function syncCommand(appDir: string, corp: string, options: SyncCommandOptions): Promise<number> {
  const progress = options.json ? undefined : progressReporter();
  let app: App | undefined;
  try {
    app = await openApp(appDir, options);
    const element = getCorp(app, corp);
    const report = await element.initCorp({
      dryRun: options.dryRun,
      force: options.force,
      wait: options.wait === false ? false : undefined,
      startedBy: 'cli',
      onProgress: progress?.onProgress,
    });
    progress?.done();
    if (options.json) out(JSON.stringify(report, null, 2));
    else {
      for (const line of reportLines(report)) out(line);
      const max = Number(options.changes ?? (options.dryRun ? 50 : 20));
      if (report.changes.length && max > 0) {
        out(options.dryRun ? 'plan:' : 'changes:');
        for (const line of changeLines(report, max)) out(line);
      }
    }
    if (report.notificationsQueued) {
      const line = await deliverPending(element, WEBHOOK_WAIT_MS);
      if (!options.json) out(line);
    }
    return 0;
  } catch (e) {
    progress?.done();
    if (options.json)
      out(
        JSON.stringify(
          {
            error: {
              ...(isJitError(e) ? e.details : {}),
              code: isJitError(e) ? e.code : 'ERROR',
              message: e instanceof Error ? e.message : String(e),
            },
            // A guarded or failed sync still has its report: what it would have done, how far it got.
            ...(reportOf(e) ? { report: reportOf(e) } : {}),
          },
          null,
          2,
        ),
      );
    else {
      err(`sync failed: ${describeError(e)}`);
      if (!isJitError(e, 'SYNC_GUARD') && !isJitError(e, 'SYNC_BUSY'))
        err(`  jitkit doctor ${appDir} ${corp} checks the corp's setup and says what to fix`);
    }
    return exitCodeOf(e); // declared with each code: SYNC_GUARD 2, SYNC_BUSY 3, else 1
  } finally {
    await app?.close();
  }
}
