import type { EventApplierOptions } from '@jitkit/corps';

/** What the event worker thread is started with: enough to load the same app on the same database. */
export interface ApplyWorkerData {
  appDir: string;
  database?: string;
  env: Record<string, string | undefined>;
  /** The corps (fullNames) whose queues it applies. */
  corps: string[];
  options: PortableApplierOptions;
}

/** The applier options that can cross to a thread (data, no callbacks). */
export type PortableApplierOptions = Pick<
  EventApplierOptions,
  'pollMs' | 'batchSize' | 'retryDelayMs' | 'maxRetryDelayMs' | 'escalateAfterMs' | 'retentionMs' | 'pruneEveryMs'
>;

export interface ToApplyWorker {
  /** A delivery for this corp was queued. */
  wake?: string;
  /** Finish the batch in hand, close the app, end the thread. */
  stop?: true;
}

export function portableOptions(options: EventApplierOptions = {}): PortableApplierOptions {
  const { pollMs, batchSize, retryDelayMs, maxRetryDelayMs, escalateAfterMs, retentionMs, pruneEveryMs } = options;
  const picked = { pollMs, batchSize, retryDelayMs, maxRetryDelayMs, escalateAfterMs, retentionMs, pruneEveryMs };
  return Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined));
}
