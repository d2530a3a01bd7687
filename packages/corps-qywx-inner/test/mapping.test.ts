import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppLoadError, loadApp } from '@jitkit/core';
import { availability, DB_KINDS, dbTitle } from '@jitkit/testing';
import { corpFixture, type CorpFixture } from './helpers.js';

const mappedApp = fileURLToPath(new URL('./fixtures/mapped-app/', import.meta.url));

// Issue 13, field mapping: config templates, defaults, attributes, attributes the app owns, and
// load errors naming the field; on every database, against the emulator over HTTP.
for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`config mapping on ${dbTitle(kind)}`, () => {
    let f: CorpFixture;
    const member = async (userid: string) => (await f.corp.getMember((await f.corp.memberIdOf(userid))!))!;
    const setExtattr = (userid: string, attrs: { name: string; value: string }[]) =>
      f.sim.control.org('user/update', {
        userid,
        extattr: { attrs: attrs.map((a) => ({ type: 0, name: a.name, text: { value: a.value } })) },
      });

    beforeAll(async () => {
      f = await corpFixture(kind, { users: 30, depts: 6, tags: 1 }, mappedApp);
      await f.corp.initCorp();
    });
    afterAll(() => f?.close());

    it('templates and fields fill the pool; an empty field falls back to the stated default', async () => {
      const snapshot = await f.sim.control.snapshot();
      const withEnglish = snapshot.users.find((u) => u.english_name && u.status === 1)!;
      await f.sim.control.org('user/update', { userid: withEnglish.userid, english_name: '' });
      await f.corp.syncCorp();
      const other = snapshot.users.find((u) => u.english_name && u.status === 1 && u.userid !== withEnglish.userid)!;
      const m = await member(other.userid);
      expect(m.name).toBe(`${other.name} (${other.english_name})`);
      expect(m.attributes).toEqual({ employeeNo: other.extattr.attrs[0]!.text!.value, level: 'P1', city: other.address });
      // No English name: "{{name}} ({{english_name}})" yields nothing, so the default "{{name}}" applies.
      expect((await member(withEnglish.userid)).name).toBe(withEnglish.name);
    });

    it('an attribute change upstream is an update with its before and after', async () => {
      const userid = (await f.sim.control.snapshot()).users.find((u) => u.status === 1)!.userid;
      await setExtattr(userid, [{ name: '职级', value: 'P3' }]);
      const r = await f.corp.syncCorp();
      const change = r.changes.find((c) => c.kind === 'member.updated' && c.externalId === userid)!;
      // The employee number is gone with the replaced extattr: no value, no default, so no attribute.
      expect(change.detail).toContain('attributes.level: P1 -> P3');
      expect(change.detail).toMatch(/attributes\.employeeNo: E\d+ -> null/);
      expect((await member(userid)).attributes).toMatchObject({ level: 'P3' });
    });

    it('an attribute the app owns keeps its local value; the change list says so', async () => {
      const userid = (await f.sim.control.snapshot()).users.filter((u) => u.status === 1)[3]!.userid;
      const memberId = (await f.corp.memberIdOf(userid))!;
      await f.corp.updateMember(memberId, { 'attributes.level': 'P9' });
      await setExtattr(userid, [{ name: '职级', value: 'P4' }]);
      const r = await f.corp.syncCorp();
      const change = r.changes.find((c) => c.kind === 'member.updated' && c.externalId === userid)!;
      expect(change.detail).toContain('kept local value: attributes.level');
      expect((await member(userid)).attributes.level).toBe('P9');
      expect((await f.corp.syncCorp()).rowsWritten).toBe(0);
    });
  });
}

describe('config mapping load errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jitkit-mapping-'));
    await cp(mappedApp, dir, { recursive: true });
    const config = path.join(dir, 'corps/TestCorp/TestCorp.json');
    const fixture = fileURLToPath(new URL('./fixtures/mapped-app/corps/TestCorp/TestCorp.json', import.meta.url));
    const base = JSON.parse(await readFile(fixture, 'utf8')) as Record<string, unknown>;
    // The copied app must still find its parent (this package) from the temporary folder.
    await writeFile(
      path.join(dir, 'app.json'),
      JSON.stringify({ appId: 'bad-mapping', title: 'Bad mapping', extends: [path.resolve(mappedApp, '../../..')] }),
    );
    await writeFile(
      config,
      JSON.stringify({
        ...base,
        mapping: { displayName: '{{nmae}} ({{english_name}})', 'attributes.no': 'extattr' },
      }),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the file, the entry and the unknown field, and loads nothing', async () => {
    const env = { CORP_ID: 'ww1', AGENT_ID: '1', SECRET: 's', API_BASE: 'http://127.0.0.1:9' };
    const err = (await loadApp(dir, { env }).catch((e: unknown) => e)) as AppLoadError;
    expect(err).toBeInstanceOf(AppLoadError);
    const problems = err.problems.map((p) => `${path.basename(p.file)}#${p.pointer}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^TestCorp\.json#\/mapping\/displayName: unknown source field nmae: WeCom members have userid, name/),
        expect.stringMatching(/^TestCorp\.json#\/mapping\/attributes\.no: source field extattr: name one of its keys/),
      ]),
    );
  });
});
