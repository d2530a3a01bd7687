import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type FileTree = Record<string, string | { symlink: string }>;

/**
 * Writes every file of a tree, or nothing: it is built in a temporary sibling folder and moved
 * into place at the end, so a failure leaves no half-made app. An existing, non-empty target is
 * refused.
 */
export function writeNewFolder(target: string, files: FileTree): void {
  if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`${target} exists and is not empty: choose a new folder`);
  const tmp = `${target}.jitkit-new-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    writeInto(tmp, files);
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Adds files to an existing folder; refuses (before writing any) if one of them exists. */
export function addFiles(dir: string, files: FileTree): void {
  const taken = Object.keys(files).filter((f) => existsSync(path.join(dir, f)));
  if (taken.length)
    throw new Error(`${taken.map((f) => path.join(dir, f)).join(', ')} already exist${taken.length === 1 ? 's' : ''}: nothing was written`);
  writeInto(dir, files);
}

function writeInto(dir: string, files: FileTree): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') writeFileSync(file, content);
    else symlinkSync(content.symlink, file, 'dir');
  }
}
