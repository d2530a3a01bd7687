import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeComSim, type WeComSim } from '@jitkit/wecom-sim';

// Issue 10: `jitkit new` makes an app that works anywhere, at once.
const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let tmp: string;
let sim: WeComSim;

const jitkit = (args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) =>
  exec(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, cwd });

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'jitkit-new-'));
  sim = await startWeComSim({ corpId: 'ww0000000000000000', agentId: '1000001', users: 40, depts: 6, seed: 3 });
});
afterAll(async () => {
  await sim?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The blocks of a README section that start with `// <path>`: path -> content (comment line removed). */
function readmeFiles(readme: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of readFileSync(readme, 'utf8').matchAll(/^```(?:ts|json)\n\/\/ (corps\/QywxInnerType\/\S+)\n([\s\S]*?)^```/gm))
    out[m[1]!] = m[2]!;
  return out;
}

describe('jitkit new', () => {
  it("the corps-qywx-inner README's override of the official Type loads and syncs as written", async () => {
    const dir = path.join(tmp, 'overrides');
    await jitkit(['new', 'app', dir]);
    const files = readmeFiles(fileURLToPath(new URL('../../corps-qywx-inner/README.md', import.meta.url)));
    expect(Object.keys(files).sort()).toEqual(['corps/QywxInnerType/e.json', 'corps/QywxInnerType/index.ts']);
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
    expect((await jitkit(['elements', dir])).stdout).toMatch(
      /corps\.QywxInnerType\s+type\s+corps\.Meta\s+overrides \(overrides @jitkit\/corps-qywx-inner\)/,
    );
    const env = { WECOM_CORP_ID: sim.corpId, WECOM_AGENT_ID: sim.agentId, WECOM_SECRET: sim.secret, WECOM_API_BASE: sim.url };
    const report = JSON.parse((await jitkit(['sync', dir, 'MyQywxCorp', '--json'], env)).stdout) as { changes: { name?: string }[] };
    const withEnglish = [...sim.state.org.users.values()].find((u) => u.english_name)!;
    expect(report.changes.some((c) => c.name === `${withEnglish.name} (${withEnglish.english_name})`)).toBe(true);
    // A subclass Type written as a factory gets the override's behaviour (issue 11, item 1).
    for (const d of ['corps/AcmeType', 'corps/AcmeCorp']) mkdirSync(path.join(dir, d), { recursive: true });
    writeFileSync(
      path.join(dir, 'corps/AcmeType/e.json'),
      JSON.stringify({ title: 'Acme', type: 'corps.QywxInnerType', layer: 'type', backendBundleEntry: './index.ts' }),
    );
    writeFileSync(path.join(dir, 'corps/AcmeType/index.ts'), 'export default (Base) => class AcmeType extends Base {};\n');
    writeFileSync(path.join(dir, 'corps/AcmeCorp/e.json'), JSON.stringify({ title: 'Acme corp', type: 'corps.AcmeType' }));
    copyFileSync(path.join(dir, 'corps/MyQywxCorp/MyQywxCorp.json'), path.join(dir, 'corps/AcmeCorp/AcmeCorp.json'));
    const acme = JSON.parse((await jitkit(['sync', dir, 'AcmeCorp', '--json'], env)).stdout) as { changes: { name?: string }[] };
    expect(acme.changes.some((c) => c.name === `${withEnglish.name} (${withEnglish.english_name})`)).toBe(true);
  });

  it('new app creates an app that jitkit elements lists at once, and that syncs with the env it documents', async () => {
    const dir = path.join(tmp, 'acme-org');
    const created = await jitkit(['new', 'app', dir]);
    expect(created.stdout).toContain(`jitkit elements ${dir}`);
    for (const f of [
      'app.json',
      'package.json',
      'corps/MyQywxCorp/e.json',
      'corps/MyQywxCorp/MyQywxCorp.json',
      '.env.example',
      'README.md',
    ])
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(readFileSync(path.join(dir, 'corps/MyQywxCorp/MyQywxCorp.json'), 'utf8')).toContain('"secret": "{{WECOM_SECRET}}"');
    const elements = await jitkit(['elements', dir]);
    expect(elements.stdout).toMatch(/corps\.MyQywxCorp\s+instance\s+corps\.QywxInnerType\s+acme-org/);
    const env = { WECOM_CORP_ID: sim.corpId, WECOM_AGENT_ID: sim.agentId, WECOM_SECRET: sim.secret, WECOM_API_BASE: sim.url };
    const sync = await jitkit(['sync', dir, 'MyQywxCorp'], env);
    expect(sync.stdout).toContain('sync corps.MyQywxCorp full: succeeded');
    expect(sync.stdout).toContain('+40 added');
    // Your own scripts: TypeScript that imports @jitkit/core, run from the app.
    const script = await exec(process.execPath, ['--import', 'tsx', 'scripts/hello.mts'], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...env },
    });
    expect(script.stdout).toContain('My WeCom Organization');
    expect(script.stdout).toContain(sim.corpId);
    // A second `new app` into the same folder changes nothing.
    await expect(jitkit(['new', 'app', dir])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('exists and is not empty'),
    });
  });

  it('new type writes a custom Type that loads, appears in elements, and works for an instance', async () => {
    const dir = path.join(tmp, 'typed');
    await jitkit(['new', 'app', dir]);
    const r = await jitkit(['new', 'type', dir, 'corps.AcmeType', '--extends', 'corps.QywxInnerType']);
    expect(r.stdout).toContain('created corps.AcmeType');
    expect(JSON.parse(readFileSync(path.join(dir, 'corps/AcmeType/e.json'), 'utf8'))).toMatchObject({
      type: 'corps.QywxInnerType',
      layer: 'type',
    });
    expect((await jitkit(['elements', dir])).stdout).toMatch(/corps\.AcmeType\s+type\s+corps\.QywxInnerType\s+typed/);
    // An instance of the new Type syncs through its class (English names in display names).
    mkdirSync(path.join(dir, 'corps/AcmeCorp'));
    writeFileSync(path.join(dir, 'corps/AcmeCorp/e.json'), JSON.stringify({ title: 'Acme', type: 'corps.AcmeType' }));
    copyFileSync(path.join(dir, 'corps/MyQywxCorp/MyQywxCorp.json'), path.join(dir, 'corps/AcmeCorp/AcmeCorp.json'));
    const env = { WECOM_CORP_ID: sim.corpId, WECOM_AGENT_ID: sim.agentId, WECOM_SECRET: sim.secret, WECOM_API_BASE: sim.url };
    const synced = JSON.parse((await jitkit(['sync', dir, 'AcmeCorp', '--json'], env)).stdout) as {
      status: string;
      changes: { kind: string; name?: string }[];
    };
    expect(synced.status).toBe('succeeded');
    const withEnglish = [...sim.state.org.users.values()].find((u) => u.english_name)!;
    expect(synced.changes.some((c) => c.name === `${withEnglish.name} (${withEnglish.english_name})`)).toBe(true);
    await expect(jitkit(['new', 'type', dir, 'corps.AcmeType'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('already exists'),
    });
    await expect(jitkit(['new', 'type', dir, 'corps.Other', '--extends', 'corps.Nope'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('can extend corps.QywxInnerType'),
    });
  });
});
