// The main job, as `pnpm demo` runs it (the built CLI in its own process), on a small org:
// it must succeed, show the seed's methods working, and never print the secret, token or key.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { leakedSecrets } from '@jitkit/testing';
import { demoAppDir, repoRoot } from './helpers/demo-fixture.js';

const exec = promisify(execFile);

describe('the demo', () => {
  it('runs end to end and prints no secret', async () => {
    const secrets = {
      WECOM_SECRET: 'demoSecretValueThatMustNeverBePrinted0123456',
      WECOM_CALLBACK_TOKEN: 'DemoCallbackToken123',
      WECOM_CALLBACK_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      DD_APP_SECRET: 'ddDemoAppSecretThatMustNeverBePrinted987654',
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-demo-'));
    try {
      const { stdout, stderr } = await exec(
        process.execPath,
        [
          path.join(repoRoot, 'packages/cli/dist/bin.js'),
          'demo',
          demoAppDir,
          '--users',
          '400',
          '--depts',
          '30',
          '--database',
          `sqlite:${path.join(dir, 'demo.sqlite')}`,
        ],
        {
          env: { ...process.env, ...secrets, VITEST: '', JITKIT_LOG_LEVEL: 'debug' },
          maxBuffer: 1 << 24,
        },
      );
      expect(stdout).toContain('sync corps.MyQywxCorp full: succeeded');
      expect(stdout).toContain('+400 added');
      expect(stdout).toContain('Root Department: 示例科技有限公司 (deptId 1)');
      expect(stdout).toMatch(/A re-sync with nothing changed upstream:\n {2}succeeded: 0 rows written/);
      expect(stdout).toContain('SYNC_GUARD: sync stopped: it would resign');
      // One app, two organisations: the DingTalk one is staffed with WeCom's first people.
      expect(stdout).toContain('sync corps.MyDDCorp full: succeeded');
      expect(stdout).toMatch(/80 of 80 DingTalk members are people already in the pool from WeCom/);
      expect(stdout).toContain('offlineMember in DingTalk: resigned there; in WeCom still active');
      expect(leakedSecrets(stdout + stderr, secrets)).toEqual([]);
      // The closing hint works when copied: same database, and no env needed to read the pool.
      const hints = stdout.split('\n').filter((l) => /^ {2}(pnpm -s jitkit|node \S+bin\.js) (corp tree|runs) /.test(l));
      expect(hints).toHaveLength(3);
      const bare = { PATH: process.env.PATH, HOME: process.env.HOME };
      for (const hint of hints) {
        const [cmd, ...args] = hint.trim().split(/\s+/);
        const r = await exec(cmd === 'node' ? process.execPath : cmd!, args, { env: bare as NodeJS.ProcessEnv });
        const tree = hint.includes('MyDDCorp') ? /示例钉钉科技有限公司 \(1\)\s+\d+ members/ : /示例科技有限公司 \(1\)\s+\d+ members/;
        expect(r.stdout, hint).toMatch(hint.includes('corp tree') ? tree : /full\s+succeeded/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
