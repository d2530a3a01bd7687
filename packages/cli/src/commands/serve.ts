import { parseLogLevel } from '@jitkit/core';
import { loadApp } from '@jitkit/core';
import { out } from '../output.js';
import { createServer } from '../serve/server.js';

/** `jitkit serve <app>`: callbacks, member login and health for the app's WeCom corps, until stopped. */
export async function serveCommand(appDir: string, options: { port?: string; host?: string; publicUrl?: string; database?: string; replayWindow?: string }): Promise<number> {
  const env = { ...process.env, JITKIT_LOG_LEVEL: parseLogLevel(process.env.JITKIT_LOG_LEVEL, 'info') };
  const app = await loadApp(appDir, { env, ...(options.database ? { database: options.database } : {}) });
  const served = await createServer(app, { publicUrl: options.publicUrl, replayWindowSeconds: options.replayWindow ? Number(options.replayWindow) : undefined });
  const url = await served.listen(Number(options.port ?? 3000), options.host ?? '127.0.0.1');
  out(`jitkit serve: ${app.appId} on ${url}`);
  out(`  health       ${url}/health`);
  for (const { name, corp } of served.corps.values()) {
    out(`  ${corp.fullName}`);
    out(`    login      ${url}/login/${name}   (QR: ?qr=1)   then ${url}/me`);
    out(`    callback   ${corp.callbacksConfigured ? `${url}/wecom/callback/${name}   (set this URL, the Token and the EncodingAESKey in WeCom)` : 'not configured (add token and encodingAESKey to its config)'}`);
    const schedule = (corp.config.sync as { schedule?: string } | undefined)?.schedule;
    if (schedule) out(`    schedule   full sync at "${schedule}"`);
  }
  out('  (Ctrl-C to stop)');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.close();
  await app.close();
  return 0;
}
