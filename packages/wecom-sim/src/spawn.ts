import { fileURLToPath } from 'node:url';
import { spawnJsonLine } from '@jitkit/sim-kit';
import { SimControl } from './control-client.js';
import type { SimCredentials } from './start.js';

export interface SpawnedWeComSim extends SimCredentials {
  users: number;
  depts: number;
  /** Time from spawn to listening, generation included. */
  startMs: number;
  /** The emulator's process id. */
  pid: number;
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
  const { info, startMs, pid, stop } = await spawnJsonLine<Omit<SpawnedWeComSim, 'startMs' | 'pid' | 'control' | 'stop'>>(
    bin,
    args,
    'the emulator',
  );
  return { ...info, startMs, pid, control: new SimControl(info.url), stop };
}
