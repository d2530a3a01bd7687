import { JitError } from '@jitkit/core';
import type { Knex } from 'knex';
import { T } from '../store/tables.js';
import { requireId } from './args.js';
import { assertMembers } from './member-ops.js';

/** Member fields an app may own (`sync.localFields`), by the name methods use, with their pool column. */
export const LOCAL_FIELD_COLUMNS = {
  name: 'name',
  position: 'position',
  mobile: 'mobile',
  email: 'email',
  avatar: 'avatar',
  gender: 'gender',
  alias: 'alias',
  englishName: 'english_name',
  telephone: 'telephone',
} as const;

export type LocalField = keyof typeof LOCAL_FIELD_COLUMNS;

/** `attributes.<name>`: a member attribute (from a field mapping) the app owns. */
export const ATTRIBUTE_PREFIX = 'attributes.';
const ATTRIBUTE_NAME = /^[^.\s]+$/;

/** The pool key of a `sync.localFields` entry: a column, or `attributes.<name>` as it is. */
export function localFieldKey(field: string): string | undefined {
  if (field.startsWith(ATTRIBUTE_PREFIX)) return ATTRIBUTE_NAME.test(field.slice(ATTRIBUTE_PREFIX.length)) ? field : undefined;
  return LOCAL_FIELD_COLUMNS[field as LocalField];
}

/** A member's locally owned values, by column, as stored in `jk_members.local_fields`. */
export function parseLocalFields(raw: unknown): Record<string, string | null> | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    return JSON.parse(raw) as Record<string, string | null>;
  } catch {
    return undefined;
  }
}

/**
 * Sets fields the app owns on one member: written now, and kept by every later sync (which
 * reports "kept local value" where upstream differs). Only fields listed in the corp's
 * `sync.localFields` are accepted; the whole update is refused, naming the field, otherwise.
 */
export async function updateLocalFields(
  db: Knex,
  corpId: number,
  allowed: readonly string[],
  memberId: unknown,
  fields: unknown,
  now: number,
): Promise<Record<string, string | null>> {
  const id = requireId(memberId, 'updateMember', 'memberId');
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields) || Object.keys(fields).length === 0)
    throw new JitError('INVALID_ARGUMENT', 'updateMember: fields must be an object of the fields to set, e.g. { position: "…" }', {
      method: 'updateMember',
      param: 'fields',
    });
  const set: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(fields)) {
    const key = localFieldKey(name);
    if (!key)
      throw new JitError(
        'INVALID_ARGUMENT',
        `updateMember: ${name} is not a member field (${Object.keys(LOCAL_FIELD_COLUMNS).join(', ')}, or attributes.<name>)`,
        {
          method: 'updateMember',
          param: `fields.${name}`,
        },
      );
    if (!allowed.includes(name))
      throw new JitError('INVALID_ARGUMENT', `updateMember: ${name} is not in this corp's sync.localFields, so a sync would overwrite it`, {
        method: 'updateMember',
        param: `fields.${name}`,
      });
    if (value !== null && typeof value !== 'string')
      throw new JitError('INVALID_ARGUMENT', `updateMember: fields.${name} must be a string or null`, {
        method: 'updateMember',
        param: `fields.${name}`,
      });
    set[key] = value;
  }
  return db.transaction(async (trx) => {
    await assertMembers(trx, corpId, [id], 'updateMember');
    const row = await trx(T.members).where({ corp_id: corpId, member_id: id }).first('local_fields', 'attributes');
    const owned = { ...parseLocalFields(row?.local_fields), ...set };
    const columns: Record<string, string | null> = {};
    let attributes: Record<string, string> | undefined;
    for (const [key, value] of Object.entries(set)) {
      if (!key.startsWith(ATTRIBUTE_PREFIX)) {
        columns[key] = value;
        continue;
      }
      attributes ??= row?.attributes ? (JSON.parse(row.attributes as string) as Record<string, string>) : {};
      if (value === null) delete attributes[key.slice(ATTRIBUTE_PREFIX.length)];
      else attributes[key.slice(ATTRIBUTE_PREFIX.length)] = value;
    }
    if (attributes) columns.attributes = Object.keys(attributes).length ? JSON.stringify(attributes) : null;
    await trx(T.members)
      .where({ corp_id: corpId, member_id: id })
      .update({ ...columns, local_fields: JSON.stringify(owned), updated_at: now });
    return owned;
  });
}
