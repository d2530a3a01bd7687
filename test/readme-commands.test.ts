// Every shell command in the READMEs runs as written on a fresh clone (after the two set-up
// commands, which are this suite's own preconditions): each ```sh block is run as one bash
// script from the repository root, with nothing in the environment but PATH and HOME.
// Commands that run until stopped (serve, a foreground sim) get SIGTERM after a while and must
// then exit 0 (143 through pnpm, which dies of the signal); a trailing "# … (exit N: …)" comment states another expected exit code.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/demo-fixture.js';

const exec = promisify(execFile);
const SETUP = /^npm install -g pnpm/;
const UNTIL_STOPPED = /jitkit (serve|sim)\b(?!.*--background)/;

function shBlocks(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')));
}

function script(lines: string[]): string {
  const body = lines.map((line) => {
    const expected = /#.*\bexit (\d+)\b/.exec(line)?.[1];
    const command = line.replace(/\s+#.*$/, '');
    // Stopped by our SIGTERM: 0 from jitkit, or 143 from pnpm, which dies of the signal.
    const run = UNTIL_STOPPED.test(command) ? `{ timeout --preserve-status -s TERM 12 ${command}; } || [ $? -eq 143 ]` : command;
    return [`echo ">>> ${command.replace(/(["$`\\])/g, '\\$1')}" >&2`, expected ? `{ ${run}; } || [ $? -eq ${expected} ]` : run].join('\n');
  });
  return [
    'set -eo pipefail',
    'trap \'s=$?; echo "<<< exit $s" >&2; if [ -n "${JITKIT_SIM_PID:-}" ]; then kill $JITKIT_SIM_PID 2>/dev/null || true; fi; exit $s\' EXIT',
    ...body,
  ].join('\n');
}

const readmes = [
  path.join(repoRoot, 'README.md'),
  ...readdirSync(path.join(repoRoot, 'packages')).map((p) => path.join(repoRoot, 'packages', p, 'README.md')),
  ...readdirSync(path.join(repoRoot, 'docs')).map((p) => path.join(repoRoot, 'docs', p)),
];
const cleanup = () => {
  for (const p of ['my-apps', '.jitkit-sim.env', 'apps/demo/.jitkit', 'apps/csv-org/.jitkit'])
    rmSync(path.join(repoRoot, p), { recursive: true, force: true });
};

describe('README commands run as written', () => {
  for (const file of readmes) {
    let blocks: string[][];
    try {
      blocks = shBlocks(file)
        .map((b) => b.filter((l) => !SETUP.test(l)))
        .filter((b) => b.length);
    } catch {
      continue;
    }
    blocks.forEach((lines, i) => {
      it(`${path.relative(repoRoot, file)}, block ${i + 1} (${lines.length} commands)`, async () => {
        cleanup();
        try {
          const r = await exec('bash', ['-c', script(lines)], {
            cwd: repoRoot,
            env: { PATH: process.env.PATH, HOME: process.env.HOME },
            maxBuffer: 1 << 26,
            timeout: 170_000,
          }).catch((e: { code: number; stdout: string; stderr: string }) => e);
          const code = 'code' in r ? r.code : 0;
          if (code !== 0)
            writeFileSync(
              path.join(os.tmpdir(), 'readme-commands.log'),
              `${JSON.stringify({ code, signal: (r as { signal?: unknown }).signal, message: (r as { message?: string }).message?.slice(0, 300) })}\n${r.stderr}`,
            );
          expect(code, `${r.stderr.slice(-3000)}`).toBe(0);
        } finally {
          cleanup();
        }
      }, 180_000);
    });
  }
});
