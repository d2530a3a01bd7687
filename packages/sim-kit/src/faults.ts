/** What the emulator can do to a call instead of answering it properly. */
export type FaultKind = 'errcode' | 'http500' | 'hang' | 'drop' | 'malformed' | 'truncated';

export interface FaultRule {
  /** An API name like 'user/list' or 'v2/user/get', or '*' for every API. */
  api: string;
  kind: FaultKind;
  /** How many calls to affect. */
  times: number;
  /** For kind 'errcode'. */
  errcode?: number;
}

/** Faults queued through the control API, each applying to the next N calls of its API. */
export class Faults {
  private rules: FaultRule[] = [];
  private readonly latency = new Map<string, number>();

  add(rule: FaultRule): void {
    if (!(rule.times > 0)) throw new Error('times must be at least 1');
    if (rule.kind === 'errcode' && typeof rule.errcode !== 'number') throw new Error('kind errcode needs an errcode');
    this.rules.push({ ...rule });
  }

  take(api: string): FaultRule | undefined {
    const rule = this.rules.find((r) => r.times > 0 && (r.api === api || r.api === '*'));
    if (!rule) return undefined;
    rule.times--;
    this.rules = this.rules.filter((r) => r.times > 0);
    return rule;
  }

  setLatency(ms: number, api = '*'): void {
    if (ms > 0) this.latency.set(api, ms);
    else this.latency.delete(api);
  }

  latencyFor(api: string): number {
    return this.latency.get(api) ?? this.latency.get('*') ?? 0;
  }

  clear(): void {
    this.rules = [];
    this.latency.clear();
  }

  pending(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }
}
