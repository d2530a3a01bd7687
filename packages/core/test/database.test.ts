import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE, DATABASE_SETTINGS, loadApp, parseDatabaseUrl } from '@jitkit/core';
import { copyToyApps, removeTmpDirs, toyEnv, writeTree } from './helpers/tmp-tree.js';
import { loadProblems } from './helpers/expect-load-error.js';

afterAll(removeTmpDirs);

describe('the app database', () => {
  it('defaults to a SQLite file under the app, created on first use and closed by app.close', async () => {
    const { base } = await copyToyApps();
    const app = await loadApp(base, { env: toyEnv });
    const file = path.join(base, '.jitkit/jitkit.sqlite');
    expect(existsSync(file)).toBe(false);
    const knex = app.resolve(DATABASE);
    expect(app.resolve(DATABASE)).toBe(knex);
    const rows = (await knex.raw('PRAGMA journal_mode')) as { journal_mode: string }[];
    expect(rows[0]!.journal_mode).toBe('wal');
    const cache = (await knex.raw('PRAGMA cache_size')) as { cache_size: number }[];
    expect(cache[0]!.cache_size).toBe(-16384); // 16 MB (negative: KiB)
    expect(existsSync(file)).toBe(true);
    await app.close();
    // An element that still holds the database after close says why it cannot work.
    await expect(knex.raw('select 1')).rejects.toMatchObject({ code: 'APP_CLOSED' });
  });

  it('takes the setting from options, then env JITKIT_DATABASE_URL, then app.json (templated)', async () => {
    const { base } = await copyToyApps();
    await writeTree(base, { 'app.json': { appId: 'toy-base', title: 'b', database: 'sqlite:{{DATA_DIR}}/from-manifest.db' } });
    const settings = async (opts: Parameters<typeof loadApp>[1]) => {
      const app = await loadApp(base, opts);
      const s = app.resolve(DATABASE_SETTINGS);
      await app.close();
      return s;
    };
    expect((await settings({ env: { ...toyEnv, DATA_DIR: '/var/data' } })).filename).toBe('/var/data/from-manifest.db');
    expect((await settings({ env: { ...toyEnv, DATA_DIR: 'x', JITKIT_DATABASE_URL: 'postgres://u:pw@db.local:5432/app' } })).label).toBe(
      'postgres://db.local:5432/app',
    );
    expect((await settings({ env: { ...toyEnv, DATA_DIR: 'x' }, database: 'mysql://root@127.0.0.1:3306/test' })).client).toBe('mysql');
    const [p] = await loadProblems(base, { env: toyEnv });
    expect(p).toMatchObject({ code: 'ENV_MISSING', pointer: '/database' });
  });

  it('parses URLs without ever printing the password', () => {
    expect(parseDatabaseUrl('sqlite:data/x.db', '/srv/app')).toEqual({
      client: 'sqlite',
      filename: '/srv/app/data/x.db',
      label: 'sqlite:/srv/app/data/x.db',
    });
    expect(parseDatabaseUrl('postgresql://me:hunter22@h:5432/db', '/')).toMatchObject({
      client: 'postgres',
      label: 'postgres://h:5432/db',
    });
    expect(parseDatabaseUrl('mariadb://me:hunter22@h/db', '/')).toMatchObject({
      client: 'mysql',
      url: 'mysql://me:hunter22@h/db',
      label: 'mysql://h/db',
    });
    expect(() => parseDatabaseUrl('redis://h', '/')).toThrow(expect.objectContaining({ code: 'DATABASE_INVALID' }));
    expect(() => parseDatabaseUrl('not a url', '/')).toThrow(/expected sqlite:FILE/);
  });
});
