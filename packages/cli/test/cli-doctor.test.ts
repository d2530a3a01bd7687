import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakedSecrets } from '@jitkit/testing';
import { startWeComSim, type WeComSim, simAppEnv } from '@jitkit/wecom-sim';
import { ddSimAppEnv, startDingTalkSim, type DingTalkSim } from '@jitkit/dingtalk-sim';
import { DEMO_DINGTALK } from '@jitkit/testing';

// Issue 10: `jitkit doctor` names each problem of a corp's setup and its fix.
const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const demoApp = fileURLToPath(new URL('../../../apps/demo', import.meta.url));
let sim: WeComSim;
let dd: DingTalkSim;
let dir: string;
let env: NodeJS.ProcessEnv;

interface Doctor {
  code: number;
  stdout: string;
  checks: { area: string; status: string; message: string; fix?: string }[];
}

async function doctor(args: string[] = [], extra: NodeJS.ProcessEnv = {}): Promise<Doctor> {
  const run = async () => {
    try {
      return {
        code: 0,
        ...(await exec(process.execPath, [bin, 'doctor', demoApp, 'MyQywxCorp', '--json', ...args], { env: { ...env, ...extra } })),
      };
    } catch (e) {
      return e as { code: number; stdout: string; stderr: string };
    }
  };
  const r = await run();
  return { code: r.code, stdout: r.stdout, checks: (JSON.parse(r.stdout) as { checks: Doctor['checks'] }).checks };
}
const line = (d: Doctor, area: string, status: string) => d.checks.find((c) => c.area === area && c.status === status);

beforeAll(async () => {
  sim = await startWeComSim({ corpId: 'ww1234567890abcdef', agentId: '1000001', users: 40, depts: 6, seed: 8 });
  dd = await startDingTalkSim({ ...DEMO_DINGTALK, users: 12, depts: 3, qps: 1000 });
  dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-doctor-'));
  env = {
    PATH: process.env.PATH,
    ...simAppEnv(sim),
    ...ddSimAppEnv(dd),
    JITKIT_DATABASE_URL: `sqlite:${path.join(dir, 'p.sqlite')}`,
  };
});
afterAll(async () => {
  await sim?.close();
  await dd?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('jitkit doctor', () => {
  it('a good setup: token, visibility, fields and callbacks OK; never synced and no public URL are warnings (exit 2)', async () => {
    const d = await doctor();
    expect(d.code).toBe(2);
    for (const area of ['config', 'database', 'token', 'visibility', 'fields', 'callbacks'])
      expect(line(d, area, 'ok'), area).toBeDefined();
    expect(line(d, 'sync', 'warn')!.message).toContain('never synced');
    expect(line(d, 'login', 'warn')).toBeDefined();
    expect(d.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(leakedSecrets(d.stdout, { secret: sim.secret, token: sim.token, key: sim.encodingAESKey })).toEqual([]);
  });

  it('all OK after a sync and with a trusted public URL that answers: exit 0', async () => {
    await exec(process.execPath, [bin, 'sync', demoApp, 'MyQywxCorp'], { env });
    const serve = execFile(process.execPath, [bin, 'serve', demoApp, '--port', '0'], { env: { ...env, JITKIT_LOG_LEVEL: 'warn' } });
    const url = await new Promise<string>((resolve) =>
      serve.stdout!.on(
        'data',
        (d: Buffer) => /on (http:\/\/[\d.:]+)/.test(String(d)) && resolve(/on (http:\/\/[\d.:]+)/.exec(String(d))![1]!),
      ),
    );
    try {
      const d = await doctor(['--public-url', url]);
      expect(d.checks.filter((c) => c.status !== 'ok')).toEqual([]);
      expect(d.code).toBe(0);
    } finally {
      serve.kill('SIGTERM');
    }
  });

  it('a wrong secret: 40001, naming the env var it comes from', async () => {
    const d = await doctor([], { WECOM_SECRET: 'not-the-secret-of-this-app' });
    expect(d.code).toBe(1);
    expect(line(d, 'token', 'fail')).toMatchObject({
      message: 'the secret is wrong (40001)',
      fix: expect.stringContaining('set WECOM_SECRET'),
    });
  });

  it('a wrong corpId: 40013, naming the config key and file', async () => {
    const other = await startWeComSim({ corpId: 'wwsomeothercorp00', users: 5, depts: 2, secret: sim.secret });
    try {
      const d = await doctor([], { WECOM_API_BASE: other.url });
      expect(line(d, 'token', 'fail')).toMatchObject({
        message: expect.stringContaining('(40013)'),
        fix: expect.stringContaining('MyQywxCorp.json'),
      });
    } finally {
      await other.close();
    }
  });

  it('an unreachable API: the URL and the apiBaseUrl key', async () => {
    const d = await doctor([], { WECOM_API_BASE: 'http://127.0.0.1:9' });
    expect(line(d, 'api', 'fail')).toMatchObject({
      message: expect.stringContaining('cannot reach http://127.0.0.1:9'),
      fix: expect.stringContaining('apiBaseUrl'),
    });
  });

  it('nothing visible and an app without mobile and email (after 2022-06-20)', async () => {
    await sim.control.configureApp({ visibleRange: { departments: [], users: [], tags: [] } });
    const hidden = await doctor();
    expect(line(hidden, 'visibility', 'fail')).toMatchObject({
      message: expect.stringContaining('can see no department'),
      fix: expect.stringContaining('可见范围'),
    });
    await sim.control.configureApp({ visibleRange: { departments: [1], users: [], tags: [] }, createdAfter20220620: true });
    const newer = await doctor();
    expect(line(newer, 'fields', 'warn')!.message).toContain('without mobile or email');
    await sim.control.configureApp({ createdAfter20220620: false });
  });

  it('a public URL whose host is not a trusted domain; missing callback variables; --offline', async () => {
    const d = await doctor(['--public-url', 'http://evil.example:1'], { WECOM_CALLBACK_TOKEN: undefined });
    expect(line(d, 'login', 'fail')!.message).toContain('evil.example is not a trusted domain');
    expect(line(d, 'callbacks', 'fail')).toMatchObject({
      message: expect.stringContaining('WECOM_CALLBACK_TOKEN is not set'),
      fix: expect.stringContaining('set WECOM_CALLBACK_TOKEN'),
    });
    const offline = await doctor(['--offline'], { WECOM_API_BASE: 'http://127.0.0.1:9' });
    expect(line(offline, 'api', 'warn')).toBeDefined();
    expect(offline.checks.find((c) => c.area === 'token')).toBeUndefined();
  });
});
