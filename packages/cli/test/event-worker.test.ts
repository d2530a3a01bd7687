import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '@jitkit/core';
import { EventWorker } from '../src/serve/event-worker.js';

// Issue 16: serve's event appliers run in a worker thread. One that dies loses nothing (the
// queue is in the database), but it must come back: here a thread that says it is ready, then
// exits; the pool starts it again after 1 s, each time, until stopped. Wakes reach the thread.
const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(body: string): URL {
  const file = path.join(dir, `w${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, `import { parentPort, workerData } from 'node:worker_threads';\n${body}`);
  return pathToFileURL(file);
}

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the event worker thread', () => {
  it('is started again after it ends, and not after stop', async () => {
    const logger = new MemoryLogger('warn');
    const exiting = script(`setTimeout(() => parentPort.postMessage({ ready: true }), 100); setTimeout(() => process.exit(3), 300);`);
    const worker = new EventWorker('/app', { env: {} }, ['corps.A'], {}, logger, exiting);
    const restarts = () => logger.lines.filter((l) => l.includes('the event applier thread ended')).length;
    const started = Date.now();
    worker.start();
    // What /health shows: starting until the thread is ready, restarting between its end and its next ready.
    expect(worker.state).toBe('starting');
    await until(() => worker.state === 'ready');
    await until(() => restarts() === 1);
    expect(worker.state).toBe('restarting');
    await until(() => worker.state === 'ready');
    await until(() => restarts() >= 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000); // the second end came after a 1 s pause
    expect(logger.lines.find((l) => l.includes('thread ended'))).toContain('exitCode=3');
    await worker.stop();
    const after = restarts();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(restarts()).toBe(after);
  });

  it('gets its settings, and the wakes of one loop turn as one message per corp', async () => {
    const out = path.join(dir, 'seen.json');
    const echo = script(
      `const seen = { data: workerData, wakes: [] };
       parentPort.on('message', (m) => {
         if (m.wake) seen.wakes.push(m.wake);
         if (m.stop) { (await import('node:fs')).writeFileSync(${JSON.stringify(out)}, JSON.stringify(seen)); parentPort.close(); }
       });`.replace('(m) =>', 'async (m) =>'),
    );
    const worker = new EventWorker(
      '/app',
      { database: 'sqlite:/tmp/x.sqlite', env: { A: '1' } },
      ['corps.A', 'corps.B'],
      { pollMs: 5, onBatch: () => undefined },
      new MemoryLogger('warn'),
      echo,
    );
    worker.start();
    worker.wake('corps.A');
    worker.wake('corps.A');
    worker.wake('corps.B');
    await new Promise((r) => setTimeout(r, 200));
    await worker.stop();
    const { readFileSync } = await import('node:fs');
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    expect(seen.data).toEqual({
      appDir: '/app',
      database: 'sqlite:/tmp/x.sqlite',
      env: { A: '1' },
      corps: ['corps.A', 'corps.B'],
      options: { pollMs: 5 },
    });
    expect(seen.wakes).toEqual(['corps.A', 'corps.B']);
  });
});
