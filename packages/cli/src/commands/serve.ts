import { loadApp, parseLogLevel, type App } from '@jitkit/core';
import { describeError, err, out } from '../output.js';
import { databaseOption } from '../load.js';
import { createServer, type Served } from '../serve/server.js';
import { parseCount, parsePort, parseTrustProxy } from '../serve/settings.js';

export interface ServeCommandOptions {
  port?: string;
  host?: string;
  publicUrl?: string;
  database?: string;
  replayWindow?: string;
  trustProxy?: string;
  eventRetention?: string;
}

/**
 * `jitkit serve <app>`: callbacks, member login and health for the app's corps, until
 * stopped. Every setting is checked before anything starts; a bad one ends the process at once
 * with a message naming it, and exit code 1.
 */
export async function serveCommand(appDir: string, options: ServeCommandOptions): Promise<number> {
  let app: App | undefined;
  try {
    // Flags first: they need no app, and a typo should not wait for one to load.
    const port = parsePort(options.port ?? '3000');
    const replayWindowSeconds = parseCount(options.replayWindow ?? '300', '--replay-window', 'seconds', 86_400);
    const retentionMs = parseCount(options.eventRetention ?? '7', '--event-retention', 'days', 3650) * 86_400_000;
    const trustProxy = parseTrustProxy(options.trustProxy);
    const env = { ...process.env, JITKIT_LOG_LEVEL: parseLogLevel(process.env.JITKIT_LOG_LEVEL, 'info') };
    const database = databaseOption(options.database);
    app = await loadApp(appDir, { env, ...(database ? { database } : {}) });
    const served = await createServer(app, {
      publicUrl: options.publicUrl,
      replayWindowSeconds,
      trustProxy,
      realtimeOptions: { retentionMs },
      eventWorker: { env, ...(database ? { database } : {}) },
    });
    const url = await served.listen(port, options.host ?? '127.0.0.1');
    printBanner(app.appId, url, served);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await served.close();
    return 0;
  } catch (e) {
    err(`jitkit serve: ${describeError(e)}`);
    return 1;
  } finally {
    await app?.close();
  }
}

function printBanner(appId: string, url: string, served: Served): void {
  out(`jitkit serve: ${appId} on ${url}`);
  out(`  health       ${url}/health`);
  for (const { name, corp } of served.corps.values()) {
    const offer = served.offers.get(name)!;
    out(`  ${corp.fullName}`);
    if (offer.login) out(`    login      ${url}/login/${name}   (QR: ?qr=1)   then ${url}/me`);
    for (const r of offer.routes)
      out(`    ${r.label.padEnd(10)} ${r.path.startsWith('/') ? url + r.path : r.path}${r.note ? `   (${r.note})` : ''}`);
    if (!offer.login && offer.routes.length === 0) out('    sync only  its Type serves no login and no routes');
    const schedule = (corp.config.sync as { schedule?: string } | undefined)?.schedule;
    if (schedule) out(`    schedule   full sync at "${schedule}"`);
  }
  out('  (Ctrl-C to stop)');
}
