import { loadApp } from '@jitkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availability } from '@jitkit/testing';
import type { DDInnerType } from '@jitkit/corps-dd-inner';
import { ddFixture, fixtureApp, type DDFixture } from './helpers.js';

// `jitkit doctor` for a DingTalk corp: each problem named, with its fix.
describe.skipIf(!availability('sqlite').available)('DDInnerType.diagnose', () => {
  let f: DDFixture;
  beforeAll(async () => {
    f = await ddFixture('sqlite', { users: 20, depts: 3 });
  });
  afterAll(() => f?.close());
  const line = (d: { area: string; status: string }[], area: string) => d.find((x) => x.area === area);

  it('a good setup: token, scope, fields and HTTP push all OK', async () => {
    const d = await f.corp.diagnose();
    for (const area of ['token', 'scope', 'fields', 'events']) expect(line(d, area), area).toMatchObject({ status: 'ok' });
  });

  it('a wrong appSecret is 40096, and the fix names the variable', async () => {
    const app = await loadApp(fixtureApp, { env: { ...f.env, DD_APP_SECRET: 'not-the-secret' }, database: f.db.url });
    try {
      const d = await app.getElement<DDInnerType>('corps.TestDDCorp').diagnose();
      expect(line(d, 'token')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('40096'),
        fix: expect.stringContaining('DD_APP_SECRET'),
      });
      expect(JSON.stringify(d)).not.toContain('not-the-secret');
    } finally {
      await app.close();
    }
  });

  it('missing personal-field permissions are a warning; Stream mode checks the gateway', async () => {
    await f.sim.control.setFieldPermissions({ mobile: false });
    try {
      expect(line(await f.corp.diagnose(), 'fields')).toMatchObject({ status: 'warn', message: expect.stringContaining('mobile') });
    } finally {
      await f.sim.control.setFieldPermissions({});
    }
    const app = await loadApp(fixtureApp, { env: { ...f.env, DD_EVENT_MODE: 'stream' }, database: f.db.url });
    try {
      expect(line(await app.getElement<DDInnerType>('corps.TestDDCorp').diagnose(), 'events')).toMatchObject({
        status: 'ok',
        message: expect.stringContaining('Stream'),
      });
    } finally {
      await app.close();
    }
  });
});
