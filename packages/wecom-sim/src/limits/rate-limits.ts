import type { SimClock } from '@jitkit/sim-kit';
import { fault } from '../errors.js';

export interface RateLimitSettings {
  /** Per corp, per API (WeCom: 10,000/min, 150,000/hour). */
  perMinute: number;
  perHour: number;
  /** Per IP, per API (WeCom: 20,000/min, 600,000/hour). */
  ipPerMinute: number;
  ipPerHour: number;
  /** How long a caller stays blocked after going over (WeCom: 60 s, 60 min). */
  minuteBlockMs: number;
  hourBlockMs: number;
  /** Calls in flight per corp before 45033. (?) WeCom does not publish the number. */
  maxConcurrent: number;
  /** jsapi tickets: 400/hour per corp; agent_config tickets: 100/hour per app. */
  jsapiTicketPerHour: number;
  agentTicketPerHour: number;
}

export const WECOM_LIMITS: RateLimitSettings = {
  perMinute: 10_000,
  perHour: 150_000,
  ipPerMinute: 20_000,
  ipPerHour: 600_000,
  minuteBlockMs: 60_000,
  hourBlockMs: 3_600_000,
  maxConcurrent: 200,
  jsapiTicketPerHour: 400,
  agentTicketPerHour: 100,
};

interface Window {
  start: number;
  count: number;
}

/** Fixed-window counters per key, with the block WeCom applies after a breach (45009). */
export class RateLimits {
  private readonly windows = new Map<string, Window>();
  private readonly blockedUntil = new Map<string, number>();
  private inFlight = 0;

  constructor(
    private readonly clock: SimClock,
    public settings: RateLimitSettings,
  ) {}

  private count(key: string, windowMs: number, limit: number, blockMs: number): void {
    const now = this.clock.now();
    const start = Math.floor(now / windowMs) * windowMs;
    let w = this.windows.get(key);
    if (!w || w.start !== start) this.windows.set(key, (w = { start, count: 0 }));
    w.count++;
    if (w.count > limit) {
      // The block takes the place of the window: once it is over, counting starts afresh.
      this.windows.delete(key);
      this.blockedUntil.set(key.replace(/\|[mh]$/, ''), now + blockMs);
      throw fault(45009);
    }
  }

  /** Counts one call of `api` from `ip`; throws 45009 when over a limit or still blocked. */
  hit(api: string, ip: string): void {
    const now = this.clock.now();
    const s = this.settings;
    for (const k of [`corp:${api}`, `ip:${ip}:${api}`]) {
      const until = this.blockedUntil.get(k);
      if (until !== undefined && until > now) throw fault(45009);
    }
    this.count(`corp:${api}|m`, 60_000, s.perMinute, s.minuteBlockMs);
    this.count(`corp:${api}|h`, 3_600_000, s.perHour, s.hourBlockMs);
    this.count(`ip:${ip}:${api}|m`, 60_000, s.ipPerMinute, s.minuteBlockMs);
    this.count(`ip:${ip}:${api}|h`, 3_600_000, s.ipPerHour, s.hourBlockMs);
    if (api === 'get_jsapi_ticket') this.count(`ticket:corp|h`, 3_600_000, s.jsapiTicketPerHour, s.hourBlockMs);
    if (api === 'ticket/get') this.count(`ticket:agent|h`, 3_600_000, s.agentTicketPerHour, s.hourBlockMs);
  }

  /** Enters a call; 45033 when too many are in flight. The returned function leaves it. */
  enter(): () => void {
    if (this.inFlight >= this.settings.maxConcurrent) throw fault(45033);
    this.inFlight++;
    let left = false;
    return () => {
      if (!left) this.inFlight--;
      left = true;
    };
  }

  reset(): void {
    this.windows.clear();
    this.blockedUntil.clear();
  }
}
