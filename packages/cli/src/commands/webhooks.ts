import type { Corp, DeliveryRow, DeliveryState } from '@jitkit/corps';
import { getCorp, openApp, type AppOptions } from '../load.js';
import { out } from '../output.js';

export interface WebhooksCommandOptions extends AppOptions {
  status?: DeliveryState;
  run?: string;
  event?: string;
  limit?: string;
  deliver?: boolean;
  json?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

function deliveryLine(d: DeliveryRow): string {
  const tries = `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
  const last = d.lastError ?? (d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '');
  const when = d.status === 'pending' ? `next ${iso(d.nextAt)}` : d.deliveredAt ? `at ${iso(d.deliveredAt)}` : '';
  return `  #${d.id}  ${iso(d.createdAt)}  ${d.event.padEnd(20)} ${d.eventId}  ${d.status.padEnd(9)} ${tries.padEnd(11)} ${last}  ${when}`.trimEnd();
}

/** Delivers what is due, within `timeoutMs`; what is left waits for the next deliverer (jitkit serve). */
export async function deliverPending(corp: Corp, timeoutMs: number): Promise<string> {
  const round = await corp.webhooks.deliver({ timeoutMs });
  if (!round.ran) return 'webhooks: another process is delivering them';
  const waiting = (await corp.webhooks.summary()).filter((s) => s.status === 'pending').reduce((n, s) => n + s.count, 0);
  return `webhooks: ${round.delivered} delivered${round.failed ? `, ${round.failed} failed (retried later)` : ''}${waiting ? `, ${waiting} waiting` : ''}`;
}

/**
 * `jitkit webhooks <app> <corp>`: the corp's receivers, its outbox by state, and recent
 * deliveries with their attempts; `--deliver` sends what is due now.
 */
export async function webhooksCommand(appDir: string, name: string, options: WebhooksCommandOptions): Promise<number> {
  const app = await openApp(appDir, options);
  try {
    const corp = getCorp(app, name);
    const hooks = corp.webhooks;
    const delivered = options.deliver ? await deliverPending(corp, 600_000) : undefined;
    const summary = await hooks.summary();
    const deliveries = await hooks.list({
      ...(options.status ? { status: options.status } : {}),
      ...(options.run ? { runId: options.run } : {}),
      ...(options.event ? { eventId: options.event } : {}),
      limit: Number(options.limit ?? 20),
    });
    const attempts = options.event
      ? await Promise.all(deliveries.map(async (d) => ({ id: d.id, attempts: await hooks.attempts(d.id) })))
      : [];
    if (options.json) {
      out(JSON.stringify({ receivers: hooks.describe(), outbox: summary, deliveries, ...(options.event ? { attempts } : {}) }, null, 2));
      return 0;
    }
    if (delivered) out(delivered);
    if (!hooks.configured) out(`${corp.fullName} has no webhooks in its config (add "webhooks": [{ "url", "secret", "events" }])`);
    for (const r of hooks.describe()) out(`receiver ${r.url}  events: ${r.events.join(', ')}  timeout ${r.timeoutMs} ms`);
    out('outbox:');
    if (summary.length === 0) out('  empty');
    for (const s of summary) out(`  ${s.url}  ${s.status.padEnd(9)} ${String(s.count).padStart(7)}  oldest ${iso(s.oldest)}`);
    out(`deliveries (newest ${deliveries.length}):`);
    for (const d of deliveries) {
      out(deliveryLine(d));
      for (const a of attempts.find((x) => x.id === d.id)?.attempts ?? [])
        out(`      attempt ${iso(a.at)}  ${a.status ?? '-'}  ${a.error ?? 'ok'}  ${a.ms} ms`);
    }
    return 0;
  } finally {
    await app.close();
  }
}
