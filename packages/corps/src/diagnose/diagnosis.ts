/** One line of `jitkit doctor`: what was checked, how it went, and what to do about it. */
export interface Diagnosis {
  /** config, database, token, api, visibility, fields, callbacks, login, sync … */
  area: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  /** What to change, when the status is not ok. */
  fix?: string;
}

export interface DiagnoseOptions {
  /** Skip everything that talks to the upstream API or the public URL. */
  offline?: boolean;
  /** The URL browsers and the upstream reach the server at (jitkit serve --public-url). */
  publicUrl?: string;
  /** The callback replay window jitkit serve uses, seconds. */
  replayWindowSeconds?: number;
}

/** A corp Type that can check its own setup (its upstream, credentials, callbacks, login). */
export interface Diagnosable {
  diagnose(options: DiagnoseOptions): Promise<Diagnosis[]>;
}

export function isDiagnosable(x: unknown): x is Diagnosable {
  return typeof (x as Partial<Diagnosable> | null)?.diagnose === 'function';
}
