import { inspect } from 'node:util';

const REDACTED = '[redacted]';
const knownSecrets = new Set<string>();

/**
 * A value that must never be printed: config fields marked `writeOnly` in their Type's schema
 * (the WeCom secret, callback token and key) become Secrets. Every way of turning it into text
 * gives "[redacted]"; only `reveal()` gives the value, and only code that sends it should call it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    // Short strings would scrub ordinary words out of log lines; real secrets are long.
    if (value.length >= 6) knownSecrets.add(value);
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

export function revealSecret(value: Secret | string): string {
  return value instanceof Secret ? value.reveal() : value;
}

/** Last line of defence for logs and CLI output: any known secret text is replaced. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const s of knownSecrets) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return out;
}

/** Registers a secret that did not come through a config file (tests, CLI flags). */
export function registerSecret(value: string): void {
  if (value.length >= 6) knownSecrets.add(value);
}
