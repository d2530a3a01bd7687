import type { App } from '@jitkit/core';
import { QywxInnerType } from '@jitkit/corps-qywx-inner';

export interface ServedCorp {
  /** Short name used in URLs (MyQywxCorp for corps.MyQywxCorp). */
  name: string;
  corp: QywxInnerType;
}

/** Every WeCom corp instance of the app, by the name its routes use. */
export function servedCorps(app: App): Map<string, ServedCorp> {
  const out = new Map<string, ServedCorp>();
  for (const d of app.findElements({ type: 'corps.Meta', layer: 'instance' })) {
    const corp = app.getElement(d.fullName);
    if (!(corp instanceof QywxInnerType)) continue;
    const name = d.fullName.startsWith('corps.') ? d.fullName.slice(6) : d.fullName;
    out.set(name, { name, corp });
  }
  return out;
}
