import { loadApp, type App } from '@jitkit/core';
import type { Corp } from '@jitkit/corps';

export interface AppOptions {
  database?: string;
}

/** Loads an app for a command: env from the process, the database from --database or env. */
export function openApp(dir: string, options: AppOptions = {}): Promise<App> {
  return loadApp(dir, { env: process.env, ...(options.database ? { database: options.database } : {}) });
}

/** `corps.MyQywxCorp` or just `MyQywxCorp`. */
export function corpName(name: string): string {
  return name.includes('.') ? name : `corps.${name}`;
}

export function getCorp(app: App, name: string): Corp {
  return app.getElement<Corp>(corpName(name));
}
