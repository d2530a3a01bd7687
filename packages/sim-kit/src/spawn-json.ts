import { spawn } from 'node:child_process';

export interface SpawnedProcess<T> {
  /** The first line the process printed, parsed as JSON (an emulator's `--json` credentials). */
  info: T;
  /** Time from spawn to that line. */
  startMs: number;
  /** The child's process id (benchmarks read its CPU time and memory from /proc). */
  pid: number;
  /** Ends the process (SIGTERM) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Runs a node script in a child process and waits for its first stdout line, a JSON object:
 * how an emulator in its own process says it listens (benchmarks, `jitkit sim --background`).
 */
export async function spawnJsonLine<T>(script: string, args: string[], what: string): Promise<SpawnedProcess<T>> {
  const started = Date.now();
  // JITKIT_SIM_NODE_ARGS: node flags for emulators a benchmark spawns (e.g. --cpu-prof, to see where their time goes).
  const nodeArgs = (process.env.JITKIT_SIM_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with code ${code} before listening`)));
  });
  return {
    info: JSON.parse(line) as T,
    startMs: Date.now() - started,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
