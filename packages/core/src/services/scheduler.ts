import type { Logger } from './logger.js';

export interface ScheduledTask {
  stop(): void;
}

/**
 * Periodic jobs owned by the app; app.close() stops them all. A run that is still going when
 * the next one is due is skipped, never stacked.
 */
export interface Scheduler {
  every(ms: number, name: string, job: () => Promise<unknown>): ScheduledTask;
  stopAll(): Promise<void>;
}

export class IntervalScheduler implements Scheduler {
  private readonly tasks = new Set<{ timer: NodeJS.Timeout; running?: Promise<unknown> }>();

  constructor(private readonly logger: Logger) {}

  every(ms: number, name: string, job: () => Promise<unknown>): ScheduledTask {
    const task: { timer: NodeJS.Timeout; running?: Promise<unknown> } = {
      timer: setInterval(() => {
        if (task.running) {
          this.logger.info('scheduled job still running; this run is skipped', { job: name });
          return;
        }
        task.running = job()
          .catch((err: unknown) => this.logger.error('scheduled job failed', { job: name, error: err }))
          .finally(() => (task.running = undefined));
      }, ms),
    };
    task.timer.unref();
    this.tasks.add(task);
    return {
      stop: () => {
        clearInterval(task.timer);
        this.tasks.delete(task);
      },
    };
  }

  async stopAll(): Promise<void> {
    const running = [...this.tasks].map((t) => {
      clearInterval(t.timer);
      return t.running;
    });
    this.tasks.clear();
    await Promise.allSettled(running);
  }
}
