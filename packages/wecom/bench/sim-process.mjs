// Starts the WeCom emulator in a child process and returns its credentials and a stop function.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export async function startSimProcess({ users, depts, seed = 1 }) {
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('@jitkit/wecom-sim')), 'bin.js');
  const started = Date.now();
  const child = spawn(process.execPath, [bin, '--users', String(users), '--depts', String(depts), '--seed', String(seed), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const info = JSON.parse(line);
  return { ...info, startMs: Date.now() - started, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

export async function control(url, method, pathName, body) {
  const res = await fetch(`${url}/__sim/${pathName}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`control ${pathName}: ${res.status}`);
  return res.json();
}
