import { statSync } from 'node:fs';
import path from 'node:path';

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the module a backendBundleEntry names, relative to the element folder: the file itself,
 * the file with a known extension, or the folder's index ("." as JitAI writes it).
 */
export function resolveModuleFile(elementDir: string, entry: string): { file?: string; tried: string[] } {
  const base = path.resolve(elementDir, entry);
  const tried = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, 'index' + e))];
  return { file: tried.find(isFile), tried };
}

export function isRelativeEntry(entry: string): boolean {
  return entry === '.' || entry.startsWith('./') || entry.startsWith('../');
}
