import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import knex from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, leakedSecrets, type TestDatabase } from '@jitkit/testing';
import { startWeComSim, type WeComSim, simAppEnv } from '@jitkit/wecom-sim';
import { ddSimAppEnv, startDingTalkSim, type DingTalkSim } from '@jitkit/dingtalk-sim';
import { DEMO_DINGTALK } from '@jitkit/testing';

const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const demoApp = fileURLToPath(new URL('../../../apps/demo', import.meta.url));

let sim: WeComSim;
let dd: DingTalkSim;
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
const outputs: string[] = [];

async function jitkit(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 });
    outputs.push(r.stdout, r.stderr);
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    outputs.push(x.stdout, x.stderr);
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

beforeAll(async () => {
  sim = await startWeComSim({ corpId: 'ww1234567890abcdef', agentId: '1000001', users: 150, depts: 15, seed: 4 });
  dd = await startDingTalkSim({ ...DEMO_DINGTALK, users: 12, depts: 3, qps: 1000 });
  db = await createTestDatabase('sqlite');
  env = {
    ...process.env,
    VITEST: '',
    ...simAppEnv(sim),
    ...ddSimAppEnv(dd),
    JITKIT_DATABASE_URL: db.url,
  };
});
afterAll(async () => {
  await sim?.close();
  await dd?.close();
  await db?.drop();
});

describe('jitkit CLI', () => {
  it('elements lists the demo app, its override and parents, without any env', async () => {
    const r = await jitkit(['elements', demoApp], { WECOM_SECRET: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('apps: jitkit-demo -> @jitkit/corps-qywx-inner -> @jitkit/corps');
    expect(r.stdout).toMatch(/corps\.MyQywxCorp\s+instance\s+corps\.QywxInnerType\s+jitkit-demo/);
    expect(r.stdout).toMatch(/corps\.QywxInnerType\s+type\s+corps\.Meta\s+jitkit-demo \(overrides @jitkit\/corps-qywx-inner\)/);
    expect(r.stdout).toMatch(/corps\.Meta\s+meta/);
  });

  it('sync --dry-run prints the plan and writes nothing', async () => {
    const r = await jitkit(['sync', demoApp, 'MyQywxCorp', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(dry run: nothing written): planned');
    expect(r.stdout).toContain('+150 added');
    expect(r.stdout).toMatch(/plan:\n\s+dept\.created/);
    const runs = await jitkit(['runs', demoApp, 'MyQywxCorp']);
    expect(runs.code).toBe(1);
    expect(runs.stderr).toContain('CORP_NOT_INITIALIZED');
  });

  it('sync applies, shows plain progress lines when not on a terminal, and records the run', async () => {
    const r = await jitkit(['sync', demoApp, 'corps.MyQywxCorp']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('lock…\nfetch…\nplan…\napply…');
    expect(r.stdout).toContain('sync corps.MyQywxCorp full: succeeded');
    const again = await jitkit(['sync', demoApp, 'MyQywxCorp', '--json']);
    const report = JSON.parse(again.stdout);
    expect(report).toMatchObject({ status: 'succeeded', rowsWritten: 0, corpFullName: 'corps.MyQywxCorp' });
    const runs = await jitkit(['runs', demoApp, 'MyQywxCorp', '--json']);
    expect(JSON.parse(runs.stdout).map((x: { status: string }) => x.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('sync --dry-run needs only the secret: the callback token and key are needed only by serve', async () => {
    const r = await jitkit(['sync', demoApp, 'MyQywxCorp', '--dry-run'], {
      WECOM_CALLBACK_TOKEN: undefined,
      WECOM_CALLBACK_AES_KEY: undefined,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(dry run: nothing written)');
  });

  it('read-only commands need no secret at all', async () => {
    const none = { WECOM_SECRET: undefined, WECOM_CALLBACK_TOKEN: undefined, WECOM_CALLBACK_AES_KEY: undefined };
    expect((await jitkit(['corp', 'tree', demoApp, 'MyQywxCorp'], none)).code).toBe(0);
    expect((await jitkit(['runs', demoApp, 'MyQywxCorp'], none)).code).toBe(0);
    const sync = await jitkit(['sync', demoApp, 'MyQywxCorp'], none);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toMatch(
      /ENV_MISSING: environment variable WECOM_SECRET is not set; it is needed now \(corps\.MyQywxCorp: .*MyQywxCorp\.json#\/secret\)/,
    );
  });

  it('--database: a relative SQLite path is relative to the current directory; a missing folder or a bad scheme blames the flag', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-cwd-'));
    try {
      const r = await exec(process.execPath, [bin, 'sync', demoApp, 'MyQywxCorp', '--database', 'sqlite:pool.sqlite'], { cwd: dir, env });
      expect(r.stdout).toContain('succeeded');
      expect(existsSync(path.join(dir, 'pool.sqlite'))).toBe(true);
      const missing = await jitkit([
        'corp',
        'tree',
        demoApp,
        'MyQywxCorp',
        '--database',
        `sqlite:${path.join(dir, 'no/such/folder/x.sqlite')}`,
      ]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(
        `--database "sqlite:${path.join(dir, 'no/such/folder/x.sqlite')}": the folder ${path.join(dir, 'no/such/folder')} does not exist`,
      );
      expect(existsSync(path.join(dir, 'no'))).toBe(false);
      const scheme = await jitkit(['runs', demoApp, 'MyQywxCorp', '--database', 'foo://bar']);
      expect(scheme.stderr).toContain(
        '--database "foo://bar": database URL scheme \'foo:\' is not supported: use sqlite:, sqlite3:, postgres:, postgresql:, mysql:, mariadb:',
      );
      expect(scheme.stderr).not.toContain('app.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('corp tree of a corp whose first sync failed says it was never synced, and why', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-never-'));
    try {
      const database = `sqlite:${path.join(dir, 'p.sqlite')}`;
      await sim.control.fault({ api: 'department/list', kind: 'errcode', errcode: 60011, times: 1 });
      expect((await jitkit(['sync', demoApp, 'MyQywxCorp', '--database', database])).code).toBe(1);
      const tree = await jitkit(['corp', 'tree', demoApp, 'MyQywxCorp', '--database', database]);
      expect(tree.code).toBe(1);
      expect(tree.stderr).toMatch(/corps\.MyQywxCorp was never synced: its last sync failed \(WECOM_API: .*60011/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('demo with an app that does not load exits 1 at once', async () => {
    const r = await jitkit(['demo', path.join(os.tmpdir(), 'no-such-jitkit-app'), '--users', '10', '--depts', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('APP_NOT_FOUND');
  });

  it('corp tree prints the departments with member counts', async () => {
    const r = await jitkit(['corp', 'tree', demoApp, 'MyQywxCorp', '--depth', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('示例科技有限公司 (1)  150 members');
    expect(r.stdout).toMatch(/├─ .+ \(\d+\) {2}\d+ members/);
  });

  it('a guarded sync exits 2 and says what it would have done; --force applies it', async () => {
    const small = (await sim.control.snapshot()).departments.find((d) => d.parentid === 1)!;
    await sim.control.configureApp({ visibleRange: { departments: [small.id] } });
    const r = await jitkit(['sync', demoApp, 'MyQywxCorp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sync failed: SYNC_GUARD: sync stopped: it would resign \d+ of 150 active members/);
    // --json: the error and the full report of what the sync would have done (issue 11, item 2).
    const json = await jitkit(['sync', demoApp, 'MyQywxCorp', '--json']);
    expect(json.code).toBe(2);
    const guarded = JSON.parse(json.stdout) as {
      error: { code: string };
      report: { status: string; counts: { membersResigned: number }; changes: unknown[] };
    };
    expect(guarded.error.code).toBe('SYNC_GUARD');
    expect(guarded.report.status).toBe('guarded');
    expect(guarded.report.counts.membersResigned).toBeGreaterThan(30);
    expect(guarded.report.changes.length).toBeGreaterThanOrEqual(guarded.report.counts.membersResigned);
    const forced = await jitkit(['sync', demoApp, 'MyQywxCorp', '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ status: 'succeeded', forced: true });
    await sim.control.configureApp({ visibleRange: { departments: [1] } });
  });

  it('a failed sync exits 1 with the WeCom error', async () => {
    await sim.control.fault({ api: 'department/list', kind: 'errcode', errcode: 60011, times: 1 });
    const r = await jitkit(['sync', demoApp, 'MyQywxCorp']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sync failed: WECOM_API: WeCom department\/list failed: 60011 no privilege/);
    expect(r.stderr).toContain(`jitkit doctor ${demoApp} MyQywxCorp checks the corp's setup`);
    // The history shows the failed run with its error, never "+undefined".
    const runs = await jitkit(['runs', demoApp, 'MyQywxCorp', '--limit', '1']);
    expect(runs.stdout).toMatch(/full\s+failed .*60011/);
    expect(runs.stdout).not.toContain('undefined');
  });

  it('numeric options are refused with a message and exit 1', async () => {
    for (const args of [
      ['sim', '--users', 'abc'],
      ['corp', 'tree', demoApp, 'MyQywxCorp', '--depth', '-1'],
      ['runs', demoApp, 'MyQywxCorp', '--limit', 'abc'],
      ['sync', demoApp, 'MyQywxCorp', '--changes', 'x'],
    ]) {
      const r = await jitkit(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/is invalid\. expected a whole number/);
    }
  });

  it('a reader that closes the pipe early (| head) is no crash', async () => {
    const child = spawn(process.execPath, [bin, 'runs', demoApp, 'MyQywxCorp', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('a bad app or corp name is a clear error', async () => {
    const r = await jitkit(['sync', demoApp, 'NoSuchCorp']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ELEMENT_NOT_FOUND: no element 'corps.NoSuchCorp'");
    const missing = await jitkit(['sync', demoApp, 'MyQywxCorp'], { WECOM_SECRET: '' });
    expect(missing.stderr).toMatch(/\[CONFIG_INVALID\] .*MyQywxCorp\.json#\/secret: must NOT have fewer than 1 characters/);
  });

  it('sim prints its URL and credentials and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'sim', '--users', '30', '--depts', '4', '--json'], { env });
    const line = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
    const info = JSON.parse(line);
    expect(info).toMatchObject({ users: 30, depts: 4, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    const t = (await (await fetch(`${info.url}/cgi-bin/gettoken?corpid=${info.corpId}&corpsecret=${info.secret}`)).json()) as {
      errcode: number;
    };
    expect(t.errcode).toBe(0);
    child.kill('SIGTERM');
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  });
});

describe('jitkit serve', () => {
  it('serves health, login and the callback URL, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', demoApp, '--port', '0'], {
      env: { ...env, JITKIT_LOG_LEVEL: 'warn', JITKIT_ADMIN_TOKEN: 'cli-admin' },
    });
    let text = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        text += d;
        if (text.includes('(Ctrl-C to stop)')) resolve();
      }),
    );
    outputs.push(text);
    const url = /on (http:\/\/[\d.:]+)/.exec(text)![1]!;
    expect(text).toContain(`login      ${url}/login/MyQywxCorp`);
    expect(text).toContain(`callback   ${url}/wecom/callback/MyQywxCorp`);
    expect(text).toContain('schedule   full sync at "0 * * * *"');
    // The thread that applies events loads the app after serve listens: callbacks are queued meanwhile.
    const anon = async () => (await (await fetch(`${url}/health`)).json()) as { status: string; checks: Record<string, string> };
    expect(['starting', 'ready']).toContain((await anon()).checks.applier);
    await vi.waitFor(async () => expect(await anon()).toEqual({ status: 'ok', checks: { database: 'ok', applier: 'ready' } }), {
      timeout: 20_000,
      interval: 100,
    });
    const health = (await (await fetch(`${url}/health`, { headers: { authorization: 'Bearer cli-admin' } })).json()) as {
      status: string;
      corps: { name: string; callbacks: boolean }[];
    };
    expect(health).toMatchObject({ status: 'ok' });
    expect(health.corps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'MyQywxCorp', callbacks: true }),
        expect.objectContaining({ name: 'MyDDCorp' }),
      ]),
    );
    const login = await fetch(`${url}/login/MyQywxCorp`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toContain(`${sim.url}/connect/oauth2/authorize?appid=ww1234567890abcdef`);

    // A change in WeCom reaches the pool: the callback is answered here and applied by serve's event worker thread.
    const { users } = await sim.control.snapshot();
    const userid = users[0]!.userid;
    await sim.control.setCallback({ url: `${url}/wecom/callback/MyQywxCorp` });
    await sim.control.org('user/update', { userid, position: 'applied by the worker' });
    const pool = knex({ client: 'sqlite3', connection: { filename: db.url.replace(/^sqlite:/, '') }, useNullAsDefault: true });
    try {
      let position: string | undefined;
      for (let i = 0; i < 100 && position !== 'applied by the worker'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        position = (
          await pool('jk_members as m')
            .join('jk_bindings as b', (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
            .where('b.upstream_id', userid)
            .first('m.position')
        )?.position;
      }
      expect(position).toBe('applied by the worker');
    } finally {
      await pool.destroy();
      await sim.control.clearCallback();
    }
    child.kill('SIGTERM');
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  });
});

describe('output', () => {
  it('never prints the secret, the callback token or the key', () => {
    expect(outputs.length).toBeGreaterThan(10);
    expect(leakedSecrets(outputs.join('\n'), { secret: sim.secret, token: sim.token, encodingAESKey: sim.encodingAESKey })).toEqual([]);
  });
});
