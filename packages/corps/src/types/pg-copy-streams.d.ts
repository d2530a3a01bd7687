// pg-copy-streams ships no types; this is the one function the bulk write uses.
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  /** `COPY … FROM STDIN`: a stream to pass to pg's `client.query`, then write rows into. */
  export function from(sql: string): Writable;
}
