import { fileURLToPath } from 'node:url';
import { spawnJsonLine } from '@jitkit/sim-kit';
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
  /** The emulator's process id. */
  pid: number;
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
  const { info, startMs, pid, stop } = await spawnJsonLine<Omit<SpawnedDingTalkSim, 'startMs' | 'pid' | 'control' | 'stop'>>(
    bin,
    args,
    'the DingTalk emulator',
  );
  return { ...info, startMs, pid, control: new DtSimControl(info.url), stop };
}
