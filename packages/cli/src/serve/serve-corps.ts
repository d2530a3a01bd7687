import type { App } from '@jitkit/core';
import type { Corp } from '@jitkit/corps';

export interface ServedCorp {
  /** Short name used in URLs (MyQywxCorp for corps.MyQywxCorp). */
  name: string;
  corp: Corp;
}

/** Every corp instance of the app, of any Type, by the name its routes use. */
export function servedCorps(app: App): Map<string, ServedCorp> {
  const out = new Map<string, ServedCorp>();
  for (const d of app.findElements({ type: 'corps.Meta', layer: 'instance' })) {
    const name = d.fullName.startsWith('corps.') ? d.fullName.slice(6) : d.fullName;
    out.set(name, { name, corp: app.getElement<Corp>(d.fullName) });
  }
  return out;
}
