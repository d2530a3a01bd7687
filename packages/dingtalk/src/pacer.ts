import type { Clock } from '@jitkit/core';

/**
 * Even spacing of calls to one API: one every `intervalMs`, never a burst. A per-second limit
 * counted where the calls arrive is then kept even when the network delays some calls more than
 * others (a burst at the start of each second is not: jitter merges two bursts).
 */
export class Pacer {
  private next = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds until the next call may go (0: now), without taking the slot. */
  delay(): number {
    return Math.max(0, this.next - this.clock.now());
  }

  take(): void {
    this.next = Math.max(this.next, this.clock.now()) + this.intervalMs;
  }
}
