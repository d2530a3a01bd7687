import { describeSim, startWeComSim } from '@jitkit/wecom-sim';

/**
 * `jitkit sim`: the WeCom emulator, until Ctrl-C. It prints the emulator's own credentials on
 * purpose (they are what a test app must be configured with); they are not real secrets.
 */
export async function simCommand(options: { port?: string; users?: string; depts?: string; seed?: string; tags?: string; corpId?: string; agentId?: string; json?: boolean }): Promise<number> {
  const num = (v?: string) => (v === undefined ? undefined : Number(v));
  const sim = await startWeComSim({ port: num(options.port), users: num(options.users) ?? 200, depts: num(options.depts) ?? 20, seed: num(options.seed), tags: num(options.tags), corpId: options.corpId, agentId: options.agentId });
  const counts = { users: sim.state.org.users.size, depts: sim.state.org.depts.size };
  const { url, corpId, agentId, secret, contactSecret, token, encodingAESKey } = sim;
  process.stdout.write((options.json ? JSON.stringify({ url, corpId, agentId, secret, contactSecret, token, encodingAESKey, ...counts }) : describeSim(sim, counts) + '\n  (Ctrl-C to stop)') + '\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}
