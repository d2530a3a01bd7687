import { isJitError, type ErrorCode } from './errors.js';

/** What an error code means outside the program: the HTTP status a route answers, the CLI's exit code. */
export interface ErrorMeaning {
  /** HTTP status, or a function of the error's details (WECOM_CALLBACK: 403 for a bad signature, 400 for bad XML). */
  status: number | ((details: Readonly<Record<string, unknown>>) => number);
  /** Process exit code of a CLI command that ends with this error (default 1). */
  exit?: number;
}

const catalogue = new Map<string, ErrorMeaning>();

/**
 * Declares a package's error codes once, with their HTTP status and exit code (as fastify's
 * lib/errors.js does), so routes and commands look them up instead of mapping by hand. Each
 * package calls it from its errors module; declaring a code twice with another meaning throws.
 */
export function declareErrors(entries: Readonly<Record<string, ErrorMeaning>>): void {
  for (const [code, meaning] of Object.entries(entries)) {
    const known = catalogue.get(code);
    if (known && (known.status !== meaning.status || known.exit !== meaning.exit))
      throw new Error(`error code ${code} is declared twice with different meanings`);
    catalogue.set(code, meaning);
  }
}

/** The HTTP status of an error: its declared one, else 500 (an undeclared failure is ours). */
export function httpStatusOf(err: unknown): number {
  if (!isJitError(err)) return 500;
  const m = catalogue.get(err.code);
  if (!m) return 500;
  return typeof m.status === 'function' ? m.status(err.details) : m.status;
}

/** The exit code of a CLI command that ends with this error: its declared one, else 1. */
export function exitCodeOf(err: unknown): number {
  return (isJitError(err) && catalogue.get(err.code)?.exit) || 1;
}

export function declaredMeaning(code: ErrorCode): ErrorMeaning | undefined {
  return catalogue.get(code);
}

// The runtime's own codes.
declareErrors({
  APP_INVALID: { status: 500 },
  APP_NOT_FOUND: { status: 500 },
  APP_CYCLE: { status: 500 },
  APP_CLOSED: { status: 503 },
  ELEMENT_NOT_FOUND: { status: 404 },
  ELEMENT_INVALID: { status: 500 },
  ELEMENT_DUPLICATE: { status: 409 },
  ELEMENT_PROTECTED: { status: 500 },
  ELEMENT_PRIVATE: { status: 403 },
  TYPE_NOT_FOUND: { status: 500 },
  TYPE_CYCLE: { status: 500 },
  MODULE_INVALID: { status: 500 },
  CONFIG_INVALID: { status: 500 },
  ENV_MISSING: { status: 500 },
  JSON_INVALID: { status: 400 },
  DATABASE_INVALID: { status: 500 },
  DATABASE_UNAVAILABLE: { status: 503 },
  INVALID_ARGUMENT: { status: 400 },
  NOT_FOUND: { status: 404 },
});
