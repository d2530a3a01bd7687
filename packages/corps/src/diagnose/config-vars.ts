import { readFileSync } from 'node:fs';
import path from 'node:path';

/** An instance's config file (`corps/MyCorp/MyCorp.json`), from its element folder. */
export function configFileOfDir(dir: string): string {
  return path.join(dir, `${path.basename(dir)}.json`);
}

/**
 * The {{VAR}} a config field takes its value from, as written in the file, so a fix can say
 * "set WECOM_SECRET" rather than "set secret". `field` may be a dotted path (`events.token`).
 */
export function envVarOf(configFile: string, field: string): string | undefined {
  try {
    let raw: unknown = JSON.parse(readFileSync(configFile, 'utf8'));
    for (const key of field.split('.')) raw = (raw as Record<string, unknown> | undefined)?.[key];
    return typeof raw === 'string' ? /\{\{\s*([A-Za-z_]\w*)/.exec(raw)?.[1] : undefined;
  } catch {
    return undefined;
  }
}
