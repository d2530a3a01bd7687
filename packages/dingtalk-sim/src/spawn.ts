import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DtSimControl } from './control-client.js';

export interface SpawnedDingTalkSim {
  url: string;
  corpId: string;
  agentId: string;
  appKey: string;
  appSecret: string;
  token: string;
  aesKey: string;
  users: number;
  depts: number;
  /** Time from spawn to listening, generation included. */
  startMs: number;
  control: DtSimControl;
  stop(): Promise<void>;
}

/**
 * Runs the DingTalk emulator in a child process (for benchmarks: its CPU is then not the
 * measured process's). Resolves once it listens; stop() ends it.
 */
export async function spawnDingTalkSim(options: {
  users: number;
  depts: number;
  seed?: number;
  roles?: number;
  qps?: number;
  corpId?: string;
  agentId?: string;
  appKey?: string;
  appSecret?: string;
}): Promise<SpawnedDingTalkSim> {
  const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
  const args = ['--users', String(options.users), '--depts', String(options.depts), '--seed', String(options.seed ?? 1), '--json'];
  for (const [flag, v] of [
    ['--roles', options.roles],
    ['--qps', options.qps],
    ['--corp-id', options.corpId],
    ['--agent-id', options.agentId],
    ['--app-key', options.appKey],
    ['--app-secret', options.appSecret],
  ] as const)
    if (v !== undefined) args.push(flag, String(v));
  const started = Date.now();
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`the DingTalk emulator exited with code ${code} before listening`)));
  });
  const info = JSON.parse(line) as Omit<SpawnedDingTalkSim, 'startMs' | 'control' | 'stop'>;
  return {
    ...info,
    startMs: Date.now() - started,
    control: new DtSimControl(info.url),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
