import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { App, Clock, Logger } from '@jitkit/core';
import type { Corp } from '@jitkit/corps';
import type { Knex } from 'knex';
import type { AdminSession, AdminSessions } from './auth/admin-sessions.js';
import { audit } from './audit.js';
import type { Viewer } from './views/layout.js';

export interface AdminOptions {
  app: App;
  /** The app's corp instances by short name (MyQywxCorp). */
  corps: Map<string, { name: string; corp: Corp }>;
  /** The bootstrap token (JITKIT_ADMIN_TOKEN); without it only member sign-in works. */
  token?: string;
  /** When a corp's next scheduled sync runs (serve's crons). */
  nextRun?: (name: string) => Date | null;
  /** The URL the server is reached at, for doctor's login and callback checks. */
  publicUrl?: () => string;
  /** Cookies only over HTTPS (the public URL is https). */
  secure?: boolean;
  logger: Logger;
  /** Environment the new-corp check loads the app with (process.env). */
  env: Readonly<Record<string, string | undefined>>;
}

export interface AdminContext extends AdminOptions {
  db: Knex;
  clock: Clock;
  sessions: AdminSessions;
  audit(session: { actor: string } | string, action: string, target: string | null, detail: string | null, result: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    admin?: AdminSession;
  }
}

export const viewerOf = (req: FastifyRequest): Viewer => ({ actor: req.admin!.actor, csrf: req.admin!.csrf });

/** Sends a server-rendered page (preact escapes every value). */
export function page(reply: FastifyReply, vnode: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${render(vnode)}`);
}

export function auditor(db: Knex, clock: Clock, logger: Logger): AdminContext['audit'] {
  return async (who, action, target, detail, result) => {
    const actor = typeof who === 'string' ? who : who.actor;
    try {
      await audit(db, clock.now(), { actor, action, target, detail, result });
    } catch (err) {
      logger.error('could not write the admin audit log', { action, error: err instanceof Error ? err.message : String(err) });
    }
  };
}

/** A form field that may come once (string) or many times (array). */
export function listOf(v: unknown): string[] {
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
}

/** A page offset from the query string: a whole number from 0, anything else 0. */
export function offsetOf(v: unknown): number {
  return Math.max(0, Math.min(10_000_000, Number.parseInt(String(v ?? '0'), 10) || 0));
}
