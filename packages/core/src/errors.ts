/**
 * One error family for the whole runtime. `code` is stable and meant for programs; `message`
 * is meant for the person who has to fix the problem, so it names the file, field or value.
 */
export type ErrorCode =
  | 'APP_INVALID'
  | 'APP_NOT_FOUND'
  | 'APP_CYCLE'
  | 'ELEMENT_NOT_FOUND'
  | 'ELEMENT_INVALID'
  | 'ELEMENT_DUPLICATE'
  | 'ELEMENT_PROTECTED'
  | 'ELEMENT_PRIVATE'
  | 'TYPE_NOT_FOUND'
  | 'TYPE_CYCLE'
  | 'MODULE_INVALID'
  | 'CONFIG_INVALID'
  | 'ENV_MISSING'
  | 'JSON_INVALID'
  | 'SERVICE_LOCKED'
  | 'APP_CLOSED'
  | 'DATABASE_INVALID'
  | 'DATABASE_UNAVAILABLE'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'WECOM_API'
  | 'WECOM_PROTOCOL'
  | 'WECOM_CALLBACK'
  | 'SYNC_GUARD'
  | 'SYNC_BUSY'
  | 'SYNC_FAILED'
  | 'AUTH_FAILED'
  // Packages may define further codes; they stay plain strings.
  | (string & {});

export class JitError extends Error {
  readonly code: ErrorCode;
  /** Structured facts about the failure (never secrets). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JitError';
    this.code = code;
    this.details = details;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, ...this.details };
  }
}

/** A single thing wrong with an app's definitions: where it is and what is wrong. */
export interface Problem {
  code: ErrorCode;
  /** Absolute path of the file at fault. */
  file: string;
  /** JSON pointer into that file ('' for the whole document). */
  pointer: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const at = p.pointer ? `${p.file}#${p.pointer}` : p.file;
  return `[${p.code}] ${at}: ${p.message}`;
}

/**
 * loadApp reports every problem it finds at once: one error, one line per problem.
 * When there is a single problem its own code is kept, so callers can branch on it.
 */
export class AppLoadError extends JitError {
  readonly problems: readonly Problem[];

  constructor(appDir: string, problems: Problem[]) {
    const head = `app ${appDir} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`;
    super(problems.length === 1 ? problems[0]!.code : 'APP_INVALID', [head, ...problems.map((p) => '  ' + formatProblem(p))].join('\n'), {
      appDir,
    });
    this.name = 'AppLoadError';
    this.problems = problems;
  }
}

export function isJitError(err: unknown, code?: ErrorCode): err is JitError {
  return err instanceof JitError && (code === undefined || err.code === code);
}
