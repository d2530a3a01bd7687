import { Cron } from 'croner';
import { describeError } from '../output.js';
import type { Logger } from '@jitkit/core';
import type { ServedCorp } from './serve-corps.js';

/**
 * Scheduled full syncs from each corp's `sync.schedule` (cron). A run that is still going when
 * the next is due is skipped (and logged), never stacked; every run is recorded in sync runs.
 */
export function scheduleSyncs(corps: Iterable<ServedCorp>, logger: Logger): Cron[] {
  const jobs: Cron[] = [];
  for (const { name, corp } of corps) {
    const expr = (corp.config.sync as { schedule?: string } | undefined)?.schedule;
    if (!expr) continue;
    const job = new Cron(
      expr,
      {
        name: `sync ${name}`,
        protect: () => logger.info('scheduled sync skipped: the previous one is still running', { corp: name }),
        catch: (err) => logger.error('scheduled sync failed', { corp: name, error: describeError(err) }),
      },
      async () => {
        const r = await corp.initCorp({ startedBy: 'schedule' });
        logger.info('scheduled sync done', { corp: name, status: r.status, rowsWritten: r.rowsWritten, runId: r.runId });
      },
    );
    logger.info('sync scheduled', { corp: name, cron: expr, next: job.nextRun()?.toISOString() });
    jobs.push(job);
  }
  return jobs;
}
