// The authoring guide's worked example, apps/csv-org: a second corp Type on the same engine.
// The guide's code blocks are the example's files, and the example behaves as the engine promises.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp } from '@jitkit/core';
import type { Corp } from '@jitkit/corps';
import { repoRoot } from './helpers/demo-fixture.js';

const exec = promisify(execFile);
const appDir = path.join(repoRoot, 'apps/csv-org');
const data = path.join(appDir, 'corps/MyCsvCorp/data');
let tmp: string;
let env: NodeJS.ProcessEnv;

async function jitkit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await exec(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.js'), ...args], { env })) };
  } catch (e) {
    return e as { code: number; stdout: string; stderr: string };
  }
}
const report = async (...extra: string[]) =>
  JSON.parse((await jitkit(['sync', appDir, 'MyCsvCorp', '--json', ...extra])).stdout) as {
    status: string;
    rowsWritten: number;
    counts: Record<string, number>;
    changes: { kind: string; id: string }[];
  };

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'jitkit-csv-'));
  for (const f of ['departments.csv', 'members.csv']) copyFileSync(path.join(data, f), path.join(tmp, f));
  env = {
    PATH: process.env.PATH,
    JITKIT_DATABASE_URL: `sqlite:${path.join(tmp, 'pool.sqlite')}`,
    CSV_DEPARTMENTS: path.join(tmp, 'departments.csv'),
    CSV_MEMBERS: path.join(tmp, 'members.csv'),
  };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('docs/authoring-a-corp-type.md', () => {
  it("its code blocks are apps/csv-org's files, as they are", () => {
    const guide = readFileSync(path.join(repoRoot, 'docs/authoring-a-corp-type.md'), 'utf8');
    const blocks = [...guide.matchAll(/`(apps\/csv-org\/[^`]+)`:\n\n```\w+\n([\s\S]*?)```\n/g)];
    expect(blocks.map((b) => b[1])).toEqual(
      expect.arrayContaining([
        'apps/csv-org/corps/CsvType/index.ts',
        'apps/csv-org/corps/CsvType/org.ts',
        'apps/csv-org/corps/CsvType/csv.ts',
      ]),
    );
    for (const [, file, code] of blocks) expect(code, file).toBe(readFileSync(path.join(repoRoot, file!), 'utf8'));
  });
});

describe('apps/csv-org end to end', () => {
  it('dry run, exact report, then a re-sync that writes nothing', async () => {
    const plan = await report('--dry-run');
    expect(plan).toMatchObject({ status: 'planned', rowsWritten: 0 });
    // Before the first sync the pool is empty: the root department is planned too.
    expect(plan.counts).toMatchObject({ membersAdded: 10, deptsCreated: 6 });
    const first = await report();
    expect(first.status).toBe('succeeded');
    // initCorp makes the corp's root first (named after the corp), then the sync names it.
    expect(first.counts).toMatchObject({ membersAdded: 10, deptsCreated: 5, deptsRenamed: 1, membersResigned: 0 });
    const again = await report();
    expect(again).toMatchObject({ status: 'succeeded', rowsWritten: 0, changes: [] });
  });

  it('a changed file gives exactly its changes; corp tree and runs show the result', async () => {
    const members = path.join(tmp, 'members.csv');
    const text = readFileSync(members, 'utf8');
    writeFileSync(
      members,
      text.replace(
        'wangfang,王芳,3,13800000003,wangfang@example.com,客户经理',
        'wangfang,王芳,3,13800000003,wangfang@example.com,高级客户经理',
      ) + 'newbie,新人,6,13800000011,newbie@example.com,实习生\n',
    );
    const r = await report();
    expect(r.changes.map((c) => `${c.kind} ${c.id}`).sort()).toEqual(['member.added newbie', 'member.updated wangfang']);
    const tree = await jitkit(['corp', 'tree', appDir, 'MyCsvCorp']);
    expect(tree.stdout.split('\n')[0]).toBe('示例贸易有限公司 (1)  11 members');
    expect((await jitkit(['runs', appDir, 'MyCsvCorp'])).stdout.trim().split('\n')).toHaveLength(3);
    writeFileSync(members, text);
    expect((await report()).counts).toMatchObject({ membersResigned: 1, membersUpdated: 1 });
  });

  it('the guard stops a file that lost most of its members, and leaves the pool as it was; --force applies it', async () => {
    const members = path.join(tmp, 'members.csv');
    const text = readFileSync(members, 'utf8');
    writeFileSync(members, text.split('\n').slice(0, 3).join('\n') + '\n');
    const guarded = await jitkit(['sync', appDir, 'MyCsvCorp']);
    expect(guarded.code).toBe(2);
    expect(guarded.stderr).toContain('SYNC_GUARD');
    expect((await jitkit(['corp', 'tree', appDir, 'MyCsvCorp'])).stdout).toContain('10 members');
    expect((await report('--force')).counts.membersResigned).toBe(8);
    writeFileSync(members, text);
    expect((await report()).counts.membersReactivated).toBe(8);
  });

  it('a bad file is an error naming the file and line; nothing is written', async () => {
    const members = path.join(tmp, 'members.csv');
    const text = readFileSync(members, 'utf8');
    writeFileSync(members, text + 'ghost,幽灵,99,,,\n');
    const r = await jitkit(['sync', appDir, 'MyCsvCorp']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${members}: member ghost is in unknown department(s) 99`);
    writeFileSync(members, text);
    expect((await report()).rowsWritten).toBe(0);
  });

  it('jitkit serve serves a Type it does not know: listed as sync only, no login pages', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.js'), 'serve', appDir, '--port', '0'], {
      env: { ...env, JITKIT_LOG_LEVEL: 'warn' },
    });
    let text = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        text += d;
        if (text.includes('(Ctrl-C to stop)')) resolve();
      }),
    );
    try {
      expect(text).toMatch(/corps\.MyCsvCorp\n\s+sync only/);
      const url = /on (http:\/\/[\d.:]+)/.exec(text)![1]!;
      expect((await fetch(`${url}/login/MyCsvCorp`, { redirect: 'manual' })).status).toBe(404);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it("the seed document's methods work on the CSV corp", async () => {
    const app = await loadApp(appDir, { env, database: env.JITKIT_DATABASE_URL });
    try {
      const corp = app.getElement<Corp>('corps.MyCsvCorp');
      expect((await corp.getRootDept()).name.value).toBe('示例贸易有限公司');
      const local = await corp.getLocalCorpData();
      expect(local.userList.filter((u) => u.status === 1)).toHaveLength(10);
      await corp.createRole({ roleId: 'csv.reviewer', name: 'Reviewer' });
      expect(await corp.setUserRole('liwei', ['csv.reviewer'])).toEqual([
        { memberId: 'liwei', roleId: 'csv.reviewer', corpFullName: 'corps.MyCsvCorp', source: 'manual' },
      ]);
      await corp.offlineMember(['zhaolei']);
      expect((await corp.getMember('zhaolei'))!.status).toBe(2);
      const registered = await corp.bulkRegister(await corp.getThirdCorpData());
      expect(registered.unplaced).toEqual([]);
      expect(corp.corpData).toMatchObject({ fullName: 'corps.MyCsvCorp', type: 'corps.CsvType' });
    } finally {
      await app.close();
    }
  });
});
