import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Issue 9, items 3 and 13: settings refused at start; machine-readable output stays parseable.
const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const demoApp = fileURLToPath(new URL('../../../apps/demo', import.meta.url));
const env = {
  ...process.env,
  VITEST: '',
  WECOM_SECRET: 'cli-startup-secret',
  WECOM_CALLBACK_TOKEN: 'tok',
  WECOM_CALLBACK_AES_KEY: 'a'.repeat(43),
  WECOM_API_BASE: 'http://127.0.0.1:9',
  DD_APP_SECRET: 'cli-startup-dd-secret',
  DD_API_BASE: 'http://127.0.0.1:9',
  DD_API_V1_BASE: 'http://127.0.0.1:9',
  JITKIT_DATABASE_URL: `sqlite:${path.join(mkdtempSync(path.join(os.tmpdir(), 'jitkit-startup-')), 'pool.sqlite')}`,
};

async function jitkit(
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t = Date.now();
  try {
    const r = await exec(process.execPath, [bin, ...args], { env: { ...env, ...extra }, timeout: 20_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string; killed?: boolean };
    if (x.killed) throw new Error(`jitkit ${args.join(' ')} did not exit within 20 s`);
    return { code: x.code, stdout: x.stdout, stderr: x.stderr, ms: Date.now() - t };
  }
}

describe('3. jitkit serve validates its settings at start', () => {
  it('--replay-window 5m ends at once, naming the flag and what it accepts', async () => {
    const r = await jitkit(['serve', demoApp, '--port', '0', '--replay-window', '5m']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--replay-window "5m"');
    expect(r.stderr).toContain('whole number of seconds');
  });

  it('a cron that does not parse ends at once, naming the setting and the file', async () => {
    const r = await jitkit(['serve', demoApp, '--port', '0'], { WECOM_SYNC_SCHEDULE: 'every morning' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sync.schedule "every morning"');
    expect(r.stderr).toContain('MyQywxCorp.json');
    expect(r.stderr).toContain('cron');
  });

  it('a port already in use ends at once, naming the port', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const r = await jitkit(['serve', demoApp, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`--port ${port}`);
      expect(r.stderr).toContain('already in use');
    } finally {
      holder.close();
    }
  });
});

describe('13. machine-readable output stays parseable', () => {
  it('sync --json with a dead database prints one JSON object on stdout: DATABASE_UNAVAILABLE, which database, which setting', async () => {
    for (const url of ['postgres://root:pw@127.0.0.1:1/pool', 'mysql://root@127.0.0.1:1/pool']) {
      const r = await jitkit(['sync', demoApp, 'MyQywxCorp', '--json', '--database', url]);
      expect(r.code).toBe(1);
      const parsed = JSON.parse(r.stdout) as { error: Record<string, unknown> };
      expect(parsed.error).toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
        database: url.replace('root:pw@', '').replace('root@', ''),
        setting: expect.stringContaining('--database'),
      });
      expect(r.stdout).not.toContain(':pw@');
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
