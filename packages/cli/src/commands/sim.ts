import { spawn } from 'node:child_process';
import { describeSim, simAppEnv, startWeComSim } from '@jitkit/wecom-sim';

type SimOptions = {
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

/** The variables an app's config reads (the demo's names), as a line a shell can source. */
function exportLine(info: { url: string; secret: string; token: string; encodingAESKey: string }, pid: number): string {
  const q = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;
  const vars = { ...simAppEnv(info), JITKIT_SIM_PID: String(pid) };
  return `export ${Object.entries(vars)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(' ')}`;
}

/**
 * `jitkit sim --background`: starts the emulator as its own process, waits until it listens,
 * prints an `export …` line with its credentials (and JITKIT_SIM_PID, to `kill` it), and exits.
 */
async function simInBackground(options: SimOptions): Promise<number> {
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
  process.stdout.write(
    exportLine(JSON.parse(line) as { url: string; secret: string; token: string; encodingAESKey: string }, child.pid!) + '\n',
  );
  return 0;
}

/**
 * `jitkit sim`: the WeCom emulator, until Ctrl-C. It prints the emulator's own credentials on
 * purpose (they are what a test app must be configured with); they are not real secrets.
 */
export async function simCommand(options: SimOptions): Promise<number> {
  if (options.background) return simInBackground(options);
  const num = (v?: string) => (v === undefined ? undefined : Number(v));
  const sim = await startWeComSim({
    port: num(options.port),
    users: num(options.users) ?? 200,
    depts: num(options.depts) ?? 20,
    seed: num(options.seed),
    tags: num(options.tags),
    corpId: options.corpId,
    agentId: options.agentId,
  });
  const counts = { users: sim.state.org.users.size, depts: sim.state.org.depts.size };
  const { url, corpId, agentId, secret, contactSecret, token, encodingAESKey } = sim;
  process.stdout.write(
    (options.json
      ? JSON.stringify({ url, corpId, agentId, secret, contactSecret, token, encodingAESKey, ...counts })
      : describeSim(sim, counts) + '\n  (Ctrl-C to stop)') + '\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}
