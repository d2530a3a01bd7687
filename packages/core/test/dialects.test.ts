import knexFactory, { type Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectForUrl, dialectOf, parseDatabaseUrl } from '@jitkit/core';

// Issue 11, item 5: one home per database, failing loudly on anything unknown.
describe('the dialect registry', () => {
  it('maps every accepted URL scheme to its dialect', () => {
    expect(Object.keys(DIALECTS)).toEqual(['sqlite', 'postgres', 'mysql']);
    for (const [url, name] of [
      ['sqlite:x.db', 'sqlite'],
      ['sqlite3:/tmp/x.db', 'sqlite'],
      ['postgres://u@h/db', 'postgres'],
      ['postgresql://u@h/db', 'postgres'],
      ['mysql://u@h/db', 'mysql'],
      ['mariadb://u@h/db', 'mysql'],
    ] as const) {
      expect(dialectForUrl(url).name, url).toBe(name);
    }
    expect(parseDatabaseUrl('mariadb://root:pw@127.0.0.1:3306/test', '/')).toMatchObject({
      client: 'mysql',
      url: 'mysql://root:pw@127.0.0.1:3306/test',
      label: 'mysql://127.0.0.1:3306/test',
    });
  });

  it('an unknown scheme lists the accepted ones', () => {
    expect(() => parseDatabaseUrl('foo://bar', '/')).toThrow(
      expect.objectContaining({
        code: 'DATABASE_INVALID',
        message: expect.stringContaining('sqlite:, sqlite3:, postgres:, postgresql:, mysql:, mariadb:'),
      }),
    );
    expect(() => parseDatabaseUrl('not a url', '/')).toThrow(expect.objectContaining({ code: 'DATABASE_INVALID' }));
  });

  it('an unknown knex client is an error, never treated as MySQL', () => {
    const oracle = { client: { config: { client: 'oracledb' } } } as unknown as Knex;
    expect(() => dialectOf(oracle)).toThrow(
      expect.objectContaining({ code: 'DATABASE_INVALID', message: expect.stringContaining("knex client 'oracledb'") }),
    );
    const sqlite = knexFactory({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    expect(dialectOf(sqlite).name).toBe('sqlite');
    void sqlite.destroy();
  });

  it('each dialect quotes, upserts and recognises its own duplicate-key error', () => {
    expect(DIALECTS.mysql.quote('a`b')).toBe('`a``b`');
    expect(DIALECTS.postgres.quote('a"b')).toBe('"a""b"');
    expect(DIALECTS.mysql.upsertClause(['k'], ['v'])).toBe(' ON DUPLICATE KEY UPDATE `v`=VALUES(`v`)');
    expect(DIALECTS.sqlite.upsertClause(['k'], ['v'])).toBe(' ON CONFLICT ("k") DO UPDATE SET "v"=excluded."v"');
    expect(DIALECTS.postgres.isUniqueViolation({ code: '23505' })).toBe(true);
    expect(DIALECTS.mysql.isUniqueViolation({ code: 'ER_DUP_ENTRY' })).toBe(true);
    expect(DIALECTS.sqlite.isUniqueViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })).toBe(true);
    expect(DIALECTS.sqlite.isUniqueViolation({ code: '23505' })).toBe(false);
  });
});
