/**
 * The emulator's clock: real time plus an offset a test can move forward, so token expiry,
 * OAuth code lifetime and rate-limit windows can be tested without waiting.
 */
export class SimClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
  }
}
