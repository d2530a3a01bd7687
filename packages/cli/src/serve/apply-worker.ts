// The worker thread `jitkit serve` applies callback events in: its own copy of the app (its own
// database connection and event loop), so a batch's re-reads, planning and writes never hold up
// the callback answers on the main thread. The queue is durable and shared through the database.
import { parentPort, workerData } from 'node:worker_threads';
import { loadApp } from '@jitkit/core';
import type { Corp, EventApplier } from '@jitkit/corps';
import type { ApplyWorkerData, ToApplyWorker } from './apply-messages.js';

const data = workerData as ApplyWorkerData;
const port = parentPort!;
const app = await loadApp(data.appDir, { env: data.env, ...(data.database ? { database: data.database } : {}) });
const appliers = new Map<string, EventApplier | undefined>();
for (const fullName of data.corps) appliers.set(fullName, app.getElement<Corp>(fullName).startRealtime(data.options));

port.on('message', (message: ToApplyWorker) => {
  if (message.wake) appliers.get(message.wake)?.wake();
  // Closing the app stops each applier after the batch it is in; then the thread ends.
  if (message.stop) void app.close().finally(() => port.close());
});
port.postMessage({ ready: true });
