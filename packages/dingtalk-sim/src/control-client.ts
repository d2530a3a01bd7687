import { controlRequest, type FaultRule } from '@jitkit/sim-kit';
import type { DtDept, DtUser } from './model.js';
import type { OrgEvent } from './org.js';
import type { PushRecord, PushSettings } from './push.js';

export interface DtSnapshot {
  departments: DtDept[];
  users: DtUser[];
  roles: { id: number; name: string; groupId: number; userids: string[] }[];
}

/** Control POSTs that set a value or read one: sending one twice does what sending it once does. */
const REPEATABLE = new Set(['stats/reset', 'latency', 'qps', 'scope', 'fields', 'push', 'login/as']);

/** The DingTalk emulator's control API over HTTP: the same for an emulator in this process or another. */
export class DtSimControl {
  constructor(readonly baseUrl: string) {}

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return controlRequest<T>({
      baseUrl: this.baseUrl,
      label: 'DingTalk emulator control',
      method,
      path,
      body,
      idempotent: REPEATABLE.has(path),
    });
  }

  info() {
    return this.call<{ corpId: string; agentId: string; departments: number; users: number; roles: number; version: number; now: number }>(
      'GET',
      'info',
    );
  }
  snapshot(): Promise<DtSnapshot> {
    return this.call('GET', 'snapshot');
  }
  stats(): Promise<{ total: number; byApi: Record<string, number> }> {
    return this.call('GET', 'stats');
  }
  async resetStats(): Promise<void> {
    await this.call('POST', 'stats/reset');
  }
  /** One DingTalk write API with its own body, as an admin would in the console: `org('v2/user/update', { userid, title })`. */
  org<T = unknown>(api: string, body: Record<string, unknown>): Promise<{ result: T; events: OrgEvent[] }> {
    return this.call('POST', 'org', { api, body });
  }
  async fault(rule: FaultRule): Promise<void> {
    await this.call('POST', 'faults', rule);
  }
  async clearFaults(): Promise<void> {
    await this.call('DELETE', 'faults');
  }
  async latency(ms: number, api?: string): Promise<void> {
    await this.call('POST', 'latency', { ms, api });
  }
  async advanceClock(ms: number): Promise<number> {
    return (await this.call<{ now: number }>('POST', 'clock/advance', { ms })).now;
  }
  async setQps(qps: number): Promise<void> {
    await this.call('POST', 'qps', { qps });
  }
  /** The app's contact scope: these departments' subtrees, or null for the whole org. */
  async setScope(depts: number[] | null): Promise<void> {
    await this.call('POST', 'scope', { depts });
  }
  async setFieldPermissions(fields: { mobile?: boolean; email?: boolean }): Promise<void> {
    await this.call('POST', 'fields', fields);
  }
  async revokeToken(): Promise<void> {
    await this.call('POST', 'token/revoke');
  }
  /** Where to push events (HTTP push mode); check_url must pass. null stops pushing. */
  async setPush(settings: PushSettings | null): Promise<void> {
    await this.call('POST', 'push', settings ?? {});
  }
  /** Every push so far, once the queued ones are done. */
  async pushLog(): Promise<PushRecord[]> {
    return (await this.call<{ log: PushRecord[] }>('GET', 'push/log')).log;
  }
  /** Stream mode: connections, ACKs received, pong count, events still unacknowledged. */
  stream(): Promise<{
    connections: number;
    opened: number;
    acks: { eventId: string; eventType: string; status: string; attempts: number }[];
    pongs: number;
    unacked: number;
  }> {
    return this.call('GET', 'stream');
  }
  async streamPing(): Promise<void> {
    await this.call('POST', 'stream/ping');
  }
  /** The gateway asks every connection to reconnect. */
  async streamDisconnect(): Promise<void> {
    await this.call('POST', 'stream/disconnect');
  }
  /** Every Stream socket cut without a word. */
  async streamDrop(): Promise<void> {
    await this.call('POST', 'stream/drop');
  }
  /** How long an unacknowledged event waits before it is delivered again (DingTalk: about a minute). */
  async streamRedeliverAfter(ms: number): Promise<void> {
    await this.call('POST', 'stream/redeliver', { ms });
  }
  /** Who the login page signs in without asking (null: it asks). */
  async loginAs(userid: string | null): Promise<void> {
    await this.call('POST', 'login/as', { userid });
  }
  /** A one-time login code for a member: `web` for the QR/web redirect's authCode, `h5` for dd.requestAuthCode. */
  async loginCode(userid: string, kind: 'web' | 'h5' = 'web'): Promise<string> {
    return (await this.call<{ code: string }>('POST', 'login/code', { userid, kind })).code;
  }
}
