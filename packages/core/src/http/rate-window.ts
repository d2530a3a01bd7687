import type { Clock } from '../services/clock.js';

/**
 * A sliding-window limit: at most `limit` calls in any `windowMs`. Callers over the limit wait
 * for the oldest call to leave the window, so the client stays under WeCom's per-API limits
 * instead of finding them with 45009 (which blocks for a minute or an hour).
 */
export class RateWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds until one more call fits (0: now), without taking a place. */
  delay(): number {
    const now = this.clock.now();
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    if (this.times.length - this.head < this.limit) return 0;
    return this.times[this.times.length - this.limit]! + this.windowMs - now;
  }

  /** Calls that fit in the window now. */
  left(): number {
    this.delay(); // drops the calls that left the window
    return Math.max(0, this.limit - (this.times.length - this.head));
  }

  take(): void {
    this.times.push(this.clock.now());
  }
}
