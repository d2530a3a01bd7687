import path from 'node:path';
import fg from 'fast-glob';

export interface DiscoveredElement {
  fullName: string;
  /** Absolute path of the element folder. */
  dir: string;
  file: string;
}

const IGNORE = ['**/node_modules/**', '**/dist/**'];

/**
 * Every folder holding an e.json is an element; its fullName is the folder path with dots.
 * Dot-folders, node_modules and dist are skipped, and so is any sub-folder that is an app of its
 * own (has an app.json), so fixtures and nested apps never leak into their host.
 */
export async function discoverElements(appDir: string): Promise<DiscoveredElement[]> {
  // One walk of the tree for both patterns.
  const files = await fg(['**/e.json', '*/**/app.json'], { cwd: appDir, ignore: IGNORE, dot: false, onlyFiles: true });
  const elementFiles = files.filter((f) => f.endsWith('e.json'));
  const nestedDirs = files.filter((f) => f.endsWith('app.json')).map((f) => path.posix.dirname(f) + '/');
  const out: DiscoveredElement[] = [];
  for (const rel of elementFiles) {
    if (nestedDirs.some((d) => rel.startsWith(d))) continue;
    const relDir = path.posix.dirname(rel);
    out.push({ fullName: relDir === '.' ? '' : relDir.split('/').join('.'), dir: path.join(appDir, relDir), file: path.join(appDir, rel) });
  }
  return out.sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
}
