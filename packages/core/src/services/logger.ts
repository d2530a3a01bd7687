import { scrubSecrets } from '../secret.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export function parseLogLevel(value: string | undefined, fallback: LogLevel): LogLevel {
  return value && value in rank ? (value as LogLevel) : fallback;
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v) ?? String(v);
}

/**
 * Plain `time level msg key=value` lines on stderr. Every line goes through scrubSecrets, so a
 * secret that slipped into a field is still not printed.
 */
export class ConsoleLogger implements Logger {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly bindings: LogFields = {},
    private readonly write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {}

  private log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (rank[level] < rank[this.level]) return;
    const all = { ...this.bindings, ...fields };
    const kv = Object.entries(all)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(' ');
    this.write(scrubSecrets(`${new Date().toISOString()} ${level} ${msg}${kv ? ' ' + kv : ''}`));
  }

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  child(bindings: LogFields): Logger {
    return new ConsoleLogger(this.level, { ...this.bindings, ...bindings }, this.write);
  }
}

/** Collects log lines in memory; tests use it to check what was (and was not) logged. */
export class MemoryLogger extends ConsoleLogger {
  readonly lines: string[];

  constructor(level: LogLevel = 'debug', lines: string[] = []) {
    super(level, {}, (line) => lines.push(line));
    this.lines = lines;
  }
}
