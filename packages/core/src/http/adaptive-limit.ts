import { Semaphore } from './semaphore.js';

/**
 * Calls in flight, adapted to what the server tolerates: halved when it answers "too many at
 * once" (WeCom 45033), then raised by one for every full window of calls that went through,
 * back up to `max`. Answers to calls sent before a cut do not cut again: they describe the old
 * limit, and counting each would drop the limit to the floor on a single burst.
 */
export class AdaptiveLimit {
  private readonly gate: Semaphore;
  private generation = 0;
  private succeeded = 0;
  private cuts = 0;

  constructor(
    readonly max: number,
    readonly min = Math.min(4, max),
  ) {
    this.gate = new Semaphore(max);
  }

  /** A slot, with what to report when the call ends. */
  async acquire(): Promise<{ release: (outcome: 'ok' | 'busy' | 'other') => void }> {
    const free = await this.gate.acquire();
    const startedIn = this.generation;
    return {
      release: (outcome) => {
        free();
        if (outcome === 'busy' && startedIn === this.generation) this.cut();
        else if (outcome === 'ok' && ++this.succeeded >= this.gate.capacity && this.gate.capacity < this.max) {
          this.succeeded = 0;
          this.gate.setLimit(this.gate.capacity + 1);
        }
      },
    };
  }

  private cut(): void {
    this.generation++;
    this.cuts++;
    this.succeeded = 0;
    this.gate.setLimit(Math.max(this.min, Math.floor(this.gate.capacity / 2)));
  }

  /** The limit now, and how many times the server made it lower. */
  get current(): { limit: number; cuts: number } {
    return { limit: this.gate.capacity, cuts: this.cuts };
  }
}
