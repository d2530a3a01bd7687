import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SimControl } from './control-client.js';
import type { SimCredentials } from './start.js';

export interface SpawnedWeComSim extends SimCredentials {
  users: number;
  depts: number;
  /** Time from spawn to listening, generation included. */
  startMs: number;
  control: SimControl;
  stop(): Promise<void>;
}

/**
 * Runs the emulator in a child process (for benchmarks: the emulator's CPU is then not the
 * measured process's). Resolves once it listens; stop() ends it.
 */
export async function spawnWeComSim(options: {
  users: number;
  depts: number;
  seed?: number;
  tags?: number;
  corpId?: string;
  agentId?: string;
}): Promise<SpawnedWeComSim> {
  const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
  const args = ['--users', String(options.users), '--depts', String(options.depts), '--seed', String(options.seed ?? 1), '--json'];
  if (options.tags !== undefined) args.push('--tags', String(options.tags));
  if (options.corpId !== undefined) args.push('--corp-id', options.corpId);
  if (options.agentId !== undefined) args.push('--agent-id', options.agentId);
  const started = Date.now();
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited with code ${code} before listening`)));
  });
  const info = JSON.parse(line) as Omit<SpawnedWeComSim, 'startMs' | 'control' | 'stop'>;
  return {
    ...info,
    startMs: Date.now() - started,
    control: new SimControl(info.url),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
