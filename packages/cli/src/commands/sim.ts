import { spawn } from 'node:child_process';
import type { SimPlatform } from '@jitkit/sim-kit';

type SimOptions = {
  platform?: string;
  port?: string;
  users?: string;
  depts?: string;
  seed?: string;
  tags?: string;
  corpId?: string;
  agentId?: string;
  json?: boolean;
  background?: boolean;
};

/** The emulator packages `--platform` can name; each exports a `simPlatform`. */
export const SIM_PLATFORMS: Record<string, () => Promise<{ simPlatform: SimPlatform }>> = {
  wecom: () => import('@jitkit/wecom-sim'),
  dingtalk: () => import('@jitkit/dingtalk-sim'),
};

async function platformOf(name = 'wecom'): Promise<SimPlatform> {
  const load = SIM_PLATFORMS[name];
  if (!load) throw new Error(`--platform ${name}: not an emulator here; choose ${Object.keys(SIM_PLATFORMS).join(' or ')}`);
  return (await load()).simPlatform;
}

/** The variables an app's config reads (the demo's names), as a line a shell can source. */
function exportLine(vars: Record<string, string>, pidVariable: string, pid: number): string {
  const q = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;
  return `export ${Object.entries({ ...vars, [pidVariable]: String(pid) })
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(' ')}`;
}

/**
 * `jitkit sim --background`: starts the emulator as its own process, waits until it listens,
 * prints an `export …` line with its credentials (and its pid: JITKIT_SIM_PID, JITKIT_DD_SIM_PID), and exits.
 */
async function simInBackground(platform: SimPlatform, options: SimOptions): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--background' && a !== '--json');
  const child = spawn(process.execPath, [process.argv[1]!, ...args, '--json'], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')));
    });
    child.once('exit', (code) =>
      reject(new Error(`the emulator exited (code ${code}) before listening${options.port ? `: is port ${options.port} free?` : ''}`)),
    );
  });
  child.stdout!.destroy();
  child.unref();
  process.stdout.write(exportLine(platform.appEnv(JSON.parse(line) as Record<string, unknown>), platform.pidVariable, child.pid!) + '\n');
  return 0;
}

/**
 * `jitkit sim [--platform wecom|dingtalk]`: an upstream emulator, until Ctrl-C. It prints the
 * emulator's own credentials on purpose (they are what a test app must be configured with);
 * they are not real secrets.
 */
export async function simCommand(options: SimOptions): Promise<number> {
  const platform = await platformOf(options.platform);
  if (options.background) return simInBackground(platform, options);
  const num = (v?: string) => (v === undefined ? undefined : Number(v));
  const sim = await platform.start({
    port: num(options.port),
    users: num(options.users) ?? 200,
    depts: num(options.depts) ?? 20,
    seed: num(options.seed),
    groups: num(options.tags),
    corpId: options.corpId,
    agentId: options.agentId,
  });
  process.stdout.write((options.json ? JSON.stringify(sim.info()) : sim.describe() + '\n  (Ctrl-C to stop)') + '\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}
