import { Worker } from 'node:worker_threads';
import type { Logger } from '@jitkit/core';
import type { EventApplierOptions } from '@jitkit/corps';
import { portableOptions, type ApplyWorkerData, type ToApplyWorker } from './apply-messages.js';

/** How serve loads the app again in the worker thread. */
export interface EventWorkerSpec {
  database?: string;
  env: Record<string, string | undefined>;
}

const STOP_GRACE_MS = 30_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Runs the corps' event appliers in a worker thread: the main thread answers callbacks (verify,
 * queue, 200) and the worker re-reads and writes, each on its own event loop and database
 * connection. The queue is in the database, so a worker that dies loses nothing: it is started
 * again (after 1 s, doubling up to 30 s) and picks up what is queued.
 */
export class EventWorker {
  private worker?: Worker;
  private stopping = false;
  private failures = 0;
  private restartTimer?: NodeJS.Timeout;
  private readonly toWake = new Set<string>();
  private ready = false;
  private started = false;

  constructor(
    private readonly appDir: string,
    private readonly spec: EventWorkerSpec,
    private readonly corps: string[],
    private readonly options: EventApplierOptions | undefined,
    private readonly logger: Logger,
    /** The thread's script (its default, apply-worker.js beside this file; tests give their own). */
    private readonly script: URL = new URL('./apply-worker.js', import.meta.url),
  ) {}

  start(): void {
    const data: ApplyWorkerData = {
      appDir: this.appDir,
      database: this.spec.database,
      env: this.spec.env,
      corps: this.corps,
      options: portableOptions(this.options),
    };
    const worker = new Worker(this.script, { workerData: data });
    this.worker = worker;
    worker.on('message', (m: { ready?: boolean }) => {
      if (!m.ready) return;
      this.failures = 0;
      this.ready = this.started = true;
    });
    worker.on('error', (err) => this.logger.error('the event applier thread failed', { error: err.message }));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.ready = false;
      if (this.stopping) return;
      const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** this.failures++);
      this.logger.error('the event applier thread ended; starting it again (queued events wait for it)', { exitCode: code, inMs: delay });
      this.restartTimer = setTimeout(() => this.start(), delay);
    });
  }

  /**
   * Whether the thread applies events now: `starting` until it has loaded the app the first time
   * (deliveries are queued meanwhile, and applied once it is ready), `restarting` after it ended.
   */
  get state(): 'starting' | 'ready' | 'restarting' {
    return this.ready ? 'ready' : this.started ? 'restarting' : 'starting';
  }

  /**
   * A delivery for `corp` was queued: apply it now rather than at the worker's next poll. The
   * wakes of one turn of the event loop (a group commit answers many deliveries) go as one message.
   */
  wake(corp: string): void {
    if (this.toWake.size === 0) setImmediate(() => this.flushWakes());
    this.toWake.add(corp);
  }

  private flushWakes(): void {
    for (const corp of this.toWake) this.worker?.postMessage({ wake: corp } satisfies ToApplyWorker);
    this.toWake.clear();
  }

  /** Lets the batch in hand finish (up to 30 s), then ends the thread. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ stop: true } satisfies ToApplyWorker);
    const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}
