import { loadApp } from '@jitkit/core';
import { out } from '../output.js';

/** `jitkit elements <app>`: every element with its layer, type and defining app. No env needed. */
export async function elementsCommand(appDir: string, options: { json?: boolean; layer?: string }): Promise<number> {
  const app = await loadApp(appDir, { env: process.env, configs: 'skip' });
  try {
    const list = app.findElements(options.layer ? { layer: options.layer as 'meta' | 'type' | 'instance' } : {});
    if (options.json) {
      out(
        JSON.stringify(
          list.map(({ raw: _raw, ...d }) => d),
          null,
          2,
        ),
      );
      return 0;
    }
    out(`${app.appId} — ${app.title}`);
    out(`apps: ${app.apps.map((a) => a.appId).join(' -> ')}`);
    const w = Math.max(8, ...list.map((d) => d.fullName.length));
    out(`${'fullName'.padEnd(w)}  ${'layer'.padEnd(8)}  ${'type'.padEnd(24)}  app`);
    for (const d of list) {
      const app = d.overrides.length ? `${d.appId} (overrides ${d.overrides.join(', ')})` : d.appId;
      out(`${d.fullName.padEnd(w)}  ${d.layer.padEnd(8)}  ${(d.type || '-').padEnd(24)}  ${app}  ${d.title}`);
    }
    return 0;
  } finally {
    await app.close();
  }
}
