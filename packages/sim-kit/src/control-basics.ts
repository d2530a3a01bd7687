import type { SimClock } from './clock.js';
import type { FaultRule, Faults } from './faults.js';

/** What every emulator's state has for the control API's common endpoints. */
export interface BasicSimState {
  calls: Map<string, number>;
  faults: Faults;
  clock: SimClock;
}

type Handler<S> = (state: S, body: Record<string, unknown>) => unknown;

/**
 * The control endpoints every emulator serves alike: call counts, fault rules, latency, the
 * clock. An emulator spreads these into its own table (and may replace `GET stats` with more).
 */
export function basicControlHandlers<S extends BasicSimState>(): Record<string, Handler<S>> {
  return {
    'GET stats': (s) => ({ total: [...s.calls.values()].reduce((a, b) => a + b, 0), byApi: Object.fromEntries(s.calls) }),
    'POST stats/reset': (s) => {
      s.calls.clear();
      return {};
    },
    'POST faults': (s, b) => {
      s.faults.add(b as unknown as FaultRule);
      return { pending: s.faults.pending() };
    },
    'DELETE faults': (s) => {
      s.faults.clear();
      return {};
    },
    'POST latency': (s, b) => {
      s.faults.setLatency(Number(b.ms ?? 0), typeof b.api === 'string' ? b.api : undefined);
      return {};
    },
    'POST clock/advance': (s, b) => {
      s.clock.advance(Number(b.ms));
      return { now: s.clock.now() };
    },
  };
}
