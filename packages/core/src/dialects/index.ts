import type { Knex } from 'knex';
import { JitError } from '../errors.js';
import type { Dialect } from './dialect.js';
import { mysql } from './mysql.js';
import { postgres } from './postgres.js';
import { sqlite } from './sqlite.js';

/** Every database jitkit runs on. Adding one: a module like ./sqlite.ts and its entry here. */
export const DIALECTS: Readonly<Record<Dialect['name'], Dialect>> = Object.freeze({ sqlite, postgres, mysql });

const list = Object.values(DIALECTS);
const accepted = () => list.flatMap((d) => d.schemes).join(', ');

/** The dialect of a database URL's scheme; DATABASE_INVALID listing the accepted ones otherwise. */
export function dialectForUrl(value: string): Dialect {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0]?.toLowerCase();
  const found = scheme ? list.find((d) => d.schemes.includes(scheme)) : undefined;
  if (found) return found;
  throw new JitError(
    'DATABASE_INVALID',
    scheme
      ? `database URL scheme '${scheme}' is not supported: use ${accepted()}`
      : `database setting is not a URL: expected sqlite:FILE, postgres://… or mysql://… (schemes: ${accepted()})`,
    { accepted: list.flatMap((d) => d.schemes) },
  );
}

export function dialectByName(name: string): Dialect {
  const d = (DIALECTS as Record<string, Dialect | undefined>)[name];
  if (!d) throw new JitError('DATABASE_INVALID', `unknown database '${name}': jitkit runs on ${Object.keys(DIALECTS).join(', ')}`);
  return d;
}

const ofKnex = new WeakMap<Knex, Dialect>();

/** The dialect of a knex instance, by its client; an unknown client is an error, never a guess. */
export function dialectOf(knex: Knex | Knex.Transaction): Dialect {
  const cached = ofKnex.get(knex as Knex);
  if (cached) return cached;
  const client = (knex.client as { config?: { client?: unknown }; dialect?: unknown }).config?.client;
  const name = typeof client === 'function' ? String((knex.client as { dialect?: unknown }).dialect) : String(client);
  const found = list.find((d) => d.knexClients.includes(name));
  if (!found)
    throw new JitError(
      'DATABASE_INVALID',
      `knex client '${name}' is not a database jitkit knows: ${list.flatMap((d) => d.knexClients).join(', ')}`,
    );
  ofKnex.set(knex as Knex, found);
  return found;
}

export type { Dialect, KnexLog } from './dialect.js';
