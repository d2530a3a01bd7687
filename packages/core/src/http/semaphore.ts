/** At most `limit` holders at once; the rest wait in order. The limit may change while in use. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private limit: number) {
    if (!(limit >= 1)) throw new RangeError('a semaphore needs a limit of at least 1');
  }

  async acquire(): Promise<() => void> {
    // A waiter is counted as active by whoever wakes it.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.wake();
    };
  }

  /** A lower limit lets current holders finish and admits no one until they are under it. */
  setLimit(limit: number): void {
    if (!(limit >= 1)) throw new RangeError('a semaphore needs a limit of at least 1');
    this.limit = limit;
    this.wake();
  }

  private wake(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }

  get inUse(): number {
    return this.active;
  }

  get capacity(): number {
    return this.limit;
  }
}
