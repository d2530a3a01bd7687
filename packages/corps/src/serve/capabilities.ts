import type { Logger } from '@jitkit/core';
import type { EventApplierOptions } from '../realtime/event-applier.js';

/**
 * What a corp Type may offer `jitkit serve`, beyond syncing. serve knows no vendor: it asks each
 * corp which of these it has. A corp with none is served as "sync only" (scheduled syncs).
 */

/** Members log in through the upstream directory (OAuth, QR). */
export interface MemberLogin {
  loginUrl(options: { redirectUri: string; state: string; qr?: boolean }): string;
  /** The code the upstream redirected back with -> the member; AUTH_FAILED with a `reason` otherwise. */
  completeLogin(code: string): Promise<{ memberId: string; userId: string; name: string }>;
}

/** Members log in inside the upstream's own app, with a one-time code from its JS API (no redirect). */
export interface InAppLogin {
  completeInAppLogin(code: string): Promise<{ memberId: string; userId: string; name: string }>;
}

/** What serve gives a Type's routes. */
export interface RouteContext {
  /** The corp's short name in URLs (MyQywxCorp for corps.MyQywxCorp). */
  name: string;
  logger: Logger;
  /** Refuse signed deliveries whose timestamp is further than this from now, seconds. */
  replayWindowSeconds: number;
  /** Largest request body the Type's routes accept, bytes. */
  bodyLimit: number;
  /** Options for the event applier that drains what the Type's routes queue, passed through from serve. */
  realtime?: EventApplierOptions;
}

/** The routes a Type brings: a fastify plugin (typed loosely here: corps does not depend on fastify). */
export interface CorpRoutes {
  /** Registers the routes on the fastify instance it is given (paths are absolute). */
  plugin(fastify: unknown): Promise<void> | void;
  /**
   * Each route for the start-up banner: `{ label: 'callback', path: '/wecom/callback/MyQywxCorp', note }`. A path
   * not starting with `/` is shown as it is (e.g. 'Stream mode': an outbound connection, no URL).
   */
  describe: { label: string; path: string; note?: string }[];
  /** Background work the routes feed (an event applier), started once the port is ours. */
  start?(): void;
}

/** A Type that serves HTTP routes of its own (callbacks, webhooks …). */
export interface ServesRoutes {
  /**
   * The corp's routes, or undefined when its config enables none (e.g. no callback token).
   * Throws when the config names them but they cannot work (an unset secret): serve then stops.
   */
  routes(ctx: RouteContext): CorpRoutes | undefined;
}

export function hasMemberLogin(x: unknown): x is MemberLogin {
  return (
    typeof (x as Partial<MemberLogin> | null)?.loginUrl === 'function' && typeof (x as Partial<MemberLogin>).completeLogin === 'function'
  );
}

export function hasInAppLogin(x: unknown): x is InAppLogin {
  return typeof (x as Partial<InAppLogin> | null)?.completeInAppLogin === 'function';
}

export function servesRoutes(x: unknown): x is ServesRoutes {
  return typeof (x as Partial<ServesRoutes> | null)?.routes === 'function';
}
