import type { SimApp, SimState } from '../state.js';
import type { Actor } from '../org/org.js';

export interface ApiContext {
  state: SimState;
  /** The app whose token made the call (undefined for gettoken and console calls). */
  app?: SimApp;
  actor: Actor;
  query: URLSearchParams;
  body: Record<string, unknown>;
  ip: string;
}

export type Payload = Record<string, unknown>;
export type Handler = (ctx: ApiContext) => Payload | Promise<Payload>;

export interface Route {
  method: 'GET' | 'POST';
  /** Needs the contacts-sync secret (write APIs, list_id): others get 48002. */
  contactsOnly?: boolean;
  handler: Handler;
}
