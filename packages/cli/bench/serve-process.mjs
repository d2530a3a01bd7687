// `jitkit serve` in its own process, as in production, for the events benchmark.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** CPU seconds (user + system) a process has used so far (Linux: /proc/<pid>/stat; 100 ticks a second). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs `jitkit <args>` to the end; throws with its output when it fails. */
export function jitkit(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`jitkit ${args[0]} exited ${code}:\n${out}`))));
  });
}

/**
 * Starts `jitkit serve <app>` and resolves once it listens and its event applier thread is ready
 * (/health's checks.applier; it loads the app after serve listens, and deliveries before it is
 * ready wait in the queue): { url, pid, peakRssMB(), stop() }.
 */
export async function startServe(appDir, database, env) {
  const port = await freePort();
  // BENCH_SERVE_NODE_ARGS: node flags for the server only (e.g. --cpu-prof, to see where its time goes).
  const nodeArgs = (process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, bin, 'serve', appDir, '--port', String(port), '--database', database], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('jitkit serve:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`jitkit serve exited with code ${code} before listening:\n${out}`)));
  });
  // BENCH_SERVE_LOG: a file for the server's output (its warnings and errors), else it is dropped.
  if (process.env.BENCH_SERVE_LOG) child.stdout.pipe(createWriteStream(process.env.BENCH_SERVE_LOG));
  else child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 50))) {
    const applier = (await (await fetch(`${url}/health`)).json()).checks.applier;
    if (applier === undefined || applier === 'ready') break;
    if (Date.now() > end) throw new Error(`jitkit serve: the event applier thread is still ${applier} after 60 s`);
  }
  return {
    url,
    pid: child.pid,
    /** The server's peak resident memory so far (Linux: VmHWM). */
    peakRssMB: () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
