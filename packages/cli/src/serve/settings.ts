import path from 'node:path';
import { Cron } from 'croner';
import { JitError } from '@jitkit/core';
import type { ServedCorp } from './serve-corps.js';

/**
 * A whole number from a flag (`--replay-window 300`, `--event-retention 7`): anything else, a
 * unit suffix included, is an error naming the flag and what it accepts. A NaN must never
 * switch a check off.
 */
export function parseCount(value: string, flag: string, unit: string, max = 1e9): number {
  const n = /^\s*\d{1,10}\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max))
    throw new JitError(
      'INVALID_ARGUMENT',
      `${flag} "${value}" is not accepted: give a whole number of ${unit} from 1 to ${max} (e.g. ${flag} ${unit === 'seconds' ? 300 : 7})`,
      { flag, value },
    );
  return n;
}

/** A TCP port from a flag: 0 (any free port) to 65535. */
export function parsePort(value: string, flag = '--port'): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new JitError('INVALID_ARGUMENT', `${flag} "${value}" is not a port: use a whole number from 0 to 65535`, { flag, value });
  return port;
}

/**
 * `--trust-proxy`: the proxies whose X-Forwarded-For is believed, as addresses or CIDR ranges
 * separated by commas. Default none: the client address is the socket's.
 */
export function parseTrustProxy(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const list = value.split(',').map((s) => s.trim());
  for (const item of list) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(item))
      throw new JitError(
        'INVALID_ARGUMENT',
        `--trust-proxy "${item}" is not an IP address or CIDR range (e.g. 10.0.0.1 or 10.0.0.0/8, separated by commas)`,
        { flag: '--trust-proxy', value: item },
      );
  }
  return list;
}

/** The config file of a corp instance (corps/MyQywxCorp/MyQywxCorp.json). */
function configFileOf(c: ServedCorp): string {
  return path.join(c.corp.define.dir, `${path.basename(c.corp.define.dir)}.json`);
}

/** Every corp's `sync.schedule` must parse before anything starts: a bad cron is a start-up error. */
export function checkSchedules(corps: Iterable<ServedCorp>): void {
  const problems: string[] = [];
  for (const c of corps) {
    const expr = (c.corp.config.sync as { schedule?: unknown } | undefined)?.schedule;
    if (expr === undefined || expr === '') continue;
    try {
      if (typeof expr !== 'string') throw new Error('not a string');
      new Cron(expr, { paused: true }).stop();
    } catch (err) {
      problems.push(
        `${c.corp.fullName}: sync.schedule "${String(expr)}" in ${configFileOf(c)} is not a cron expression (${err instanceof Error ? err.message : String(err)}); use 5 or 6 fields, e.g. "0 * * * *" (hourly) or "*/30 * * * * *"`,
      );
    }
  }
  if (problems.length) throw new JitError('CONFIG_INVALID', problems.join('\n'), { setting: 'sync.schedule' });
}
