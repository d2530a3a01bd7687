import { AppLoadError, DATABASE, isJitError, type App } from '@jitkit/core';
import { isDiagnosable, MIGRATIONS, type Corp, type Diagnosis } from '@jitkit/corps';
import { corpName, openApp } from '../load.js';
import { out } from '../output.js';
import { parseCount } from '../serve/settings.js';

export interface DoctorOptions {
  offline?: boolean;
  json?: boolean;
  publicUrl?: string;
  replayWindow?: string;
  database?: string;
}

const MARK = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL' } as const;

/**
 * `jitkit doctor <app> <corp>`: a pre-flight of a corp's setup, one line per check with its
 * fix. Exit 0 when all is OK, 1 when anything FAILs, 2 when there are only WARNs.
 */
export async function doctorCommand(appDir: string, corp: string, options: DoctorOptions): Promise<number> {
  const checks: Diagnosis[] = [];
  const fullName = corpName(corp);
  let app: App | undefined;
  try {
    app = await openApp(appDir, options);
    checks.push({
      area: 'config',
      status: 'ok',
      message: `${appDir} loads; ${fullName} is a ${app.getElementDefine(fullName).typeChain[0]}`,
    });
    const c = app.getElement<Corp>(fullName);
    await databaseChecks(app, c, checks);
    if (isDiagnosable(c))
      checks.push(
        ...(await c.diagnose({
          offline: options.offline,
          publicUrl: options.publicUrl,
          replayWindowSeconds: options.replayWindow ? parseCount(options.replayWindow, '--replay-window', 'seconds', 86_400) : undefined,
        })),
      );
    else checks.push({ area: 'upstream', status: 'warn', message: `${c.corpType} has no diagnose(): its upstream was not checked` });
  } catch (e) {
    if (e instanceof AppLoadError)
      for (const p of e.problems)
        checks.push({
          area: 'config',
          status: 'fail',
          message: `${p.file}${p.pointer ? `#${p.pointer}` : ''}: ${p.message}`,
          fix: p.code === 'ENV_MISSING' ? "set the variable (see the app's .env.example), or give it a {{VAR:-default}}" : undefined,
        });
    else checks.push({ area: 'config', status: 'fail', message: isJitError(e) ? `${e.code}: ${e.message}` : String(e) });
  } finally {
    await app?.close().catch(() => undefined);
  }
  const status = checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'ok';
  if (options.json) out(JSON.stringify({ corp: fullName, status, checks }, null, 2));
  else {
    for (const c of checks) {
      out(`${MARK[c.status]} ${c.area.padEnd(10)} ${c.message}`);
      if (c.fix) out(`     ${''.padEnd(10)} fix: ${c.fix}`);
    }
    out(status === 'ok' ? 'all checks passed' : status === 'warn' ? 'warnings only: syncing works' : 'fix the FAIL lines first');
  }
  return status === 'ok' ? 0 : status === 'fail' ? 1 : 2;
}

/** The database: reachable, migrated, the corp initialised, its last run. */
async function databaseChecks(app: App, corp: Corp, checks: Diagnosis[]): Promise<void> {
  const db = app.resolve(DATABASE);
  try {
    await db.raw('select 1');
  } catch (e) {
    checks.push({
      area: 'database',
      status: 'fail',
      message: isJitError(e) ? e.message : String(e),
      fix: 'start the database, or fix --database / JITKIT_DATABASE_URL / app.json "database"',
    });
    return;
  }
  const applied = (await db.schema.hasTable('jk_migrations'))
    ? ((await db('jk_migrations').select('name')) as { name: string }[]).map((r) => r.name)
    : [];
  const pending = MIGRATIONS.filter((m) => !applied.includes(m.name)).length;
  checks.push({
    area: 'database',
    status: 'ok',
    message: `reachable; ${pending ? `${pending} migration(s) will run on first use` : 'schema up to date'}`,
  });
  const runs = await corp.listSyncRuns(1).catch((e: unknown) => (isJitError(e, 'CORP_NOT_INITIALIZED') ? undefined : Promise.reject(e)));
  if (!runs)
    checks.push({
      area: 'sync',
      status: 'warn',
      message: `${corp.fullName} was never synced`,
      fix: `jitkit sync ${app.dir} ${corp.fullName.replace(/^corps\./, '')}`,
    });
  else if (runs[0]?.status === 'succeeded')
    checks.push({
      area: 'sync',
      status: 'ok',
      message: `last run ${runs[0].kind} succeeded at ${new Date(runs[0].finishedAt ?? runs[0].startedAt).toISOString()}`,
    });
  else
    checks.push({
      area: 'sync',
      status: 'warn',
      message: runs[0] ? `last run ${runs[0].kind} ${runs[0].status}${runs[0].error ? `: ${runs[0].error}` : ''}` : 'no run yet',
    });
}
