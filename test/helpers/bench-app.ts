import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DATABASE, loadApp, type App } from '@jitkit/core';
import { poolChecksum } from '@jitkit/corps';
import type { QywxInnerType } from '@jitkit/corps-qywx-inner';
import type { WeComSim } from '@jitkit/wecom-sim';

export const benchAppDir = fileURLToPath(new URL('../fixtures/app', import.meta.url));
const child = fileURLToPath(new URL('../fixtures/sync-child.mjs', import.meta.url));

export function benchEnv(sim: Pick<WeComSim, 'corpId' | 'agentId' | 'secret' | 'url'>): Record<string, string> {
  return { CORP_ID: sim.corpId, AGENT_ID: sim.agentId, SECRET: sim.secret, API_BASE: sim.url, JITKIT_LOG_LEVEL: 'silent' };
}

export async function openBenchApp(
  sim: WeComSim,
  dbUrl: string,
): Promise<{ app: App; corp: QywxInnerType; checksum: () => Promise<Record<string, string>> }> {
  const app = await loadApp(benchAppDir, { env: benchEnv(sim), database: dbUrl });
  return { app, corp: app.getElement<QywxInnerType>('corps.BenchCorp'), checksum: () => poolChecksum(app.resolve(DATABASE)) };
}

export interface ChildRun {
  lines: string[];
  /** Resolves with the exit code, or the signal that killed it. */
  exited: Promise<number | NodeJS.Signals>;
  waitFor(line: RegExp): Promise<void>;
  kill(): void;
}

/** Runs fixtures/sync-child.mjs (a sync of corps.BenchCorp) in its own process. */
export function syncInChild(
  sim: WeComSim,
  dbUrl: string,
  mode: 'wait' | 'nowait' | 'hold' = 'wait',
  env: Record<string, string> = {},
): ChildRun {
  // VITEST is cleared so the child registers tsx as the CLI would.
  const proc = spawn(process.execPath, [child, benchAppDir, dbUrl, mode], {
    env: { ...process.env, ...benchEnv(sim), ...env, VITEST: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  let buffer = '';
  proc.stdout.on('data', (d) => {
    buffer += d;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      for (const w of waiters.filter((x) => x.re.test(line))) w.resolve();
    }
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code ?? 0)));
  return {
    lines,
    exited,
    waitFor: (re) => (lines.some((l) => re.test(l)) ? Promise.resolve() : new Promise((resolve) => waiters.push({ re, resolve }))),
    kill: () => proc.kill('SIGKILL'),
  };
}
