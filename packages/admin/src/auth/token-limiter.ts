/**
 * Wrong bootstrap tokens, counted per client address in a sliding window: after `max` misses the
 * address waits until the oldest miss leaves the window. A right token does not reset the count,
 * so guessing cannot be interleaved with a known token.
 */
export class TokenLimiter {
  private readonly misses = new Map<string, number[]>();

  constructor(
    private readonly max = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Milliseconds this address must wait before trying again (0: it may try now). */
  waitMs(address: string, now: number): number {
    const recent = (this.misses.get(address) ?? []).filter((t) => t > now - this.windowMs);
    this.misses.set(address, recent);
    return recent.length < this.max ? 0 : recent[0]! + this.windowMs - now;
  }

  miss(address: string, now: number): void {
    const list = this.misses.get(address) ?? [];
    list.push(now);
    this.misses.set(address, list);
    // Bound the memory a flood of addresses can take.
    if (this.misses.size > 10_000) this.misses.delete(this.misses.keys().next().value!);
  }
}
