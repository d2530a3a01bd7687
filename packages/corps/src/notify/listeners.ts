import type { Logger } from '@jitkit/core';
import { matches, notificationsOf, type SyncNotification } from './notifications.js';
import type { SyncReport } from '../sync/model.js';

export type NotificationHandler = (n: SyncNotification) => void | Promise<void>;

/**
 * In-process listeners of one corp (corp.on): called after a run committed (or failed, for
 * sync.failed / sync.guarded), one notification at a time, in change-list order. A listener that
 * throws is logged and does not stop the others, nor the sync.
 */
export class SyncListeners {
  private readonly handlers: { pattern: string; handler: NotificationHandler }[] = [];

  constructor(private readonly logger: Logger) {}

  on(pattern: string, handler: NotificationHandler): () => void {
    const entry = { pattern, handler };
    this.handlers.push(entry);
    return () => {
      const i = this.handlers.indexOf(entry);
      if (i >= 0) this.handlers.splice(i, 1);
    };
  }

  async emit(report: SyncReport): Promise<void> {
    if (this.handlers.length === 0) return;
    for (const n of notificationsOf(report))
      for (const { pattern, handler } of [...this.handlers]) {
        if (!matches(pattern, n.event)) continue;
        try {
          await handler(n);
        } catch (err) {
          this.logger.error('a sync listener failed', {
            event: n.event,
            id: n.id,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
  }
}
