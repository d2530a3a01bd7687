import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.js';
import { MANIFEST_FILE, readManifest, type AppManifest } from './manifest.js';

export interface AppNode {
  appId: string;
  title: string;
  /** Real path of the app folder. */
  dir: string;
  manifest: AppManifest;
  parents: AppNode[];
}

export interface AppGraph {
  root: AppNode;
  /** Every app, highest priority first: the root, then its ancestors in C3 order. */
  order: AppNode[];
}

/** A package name is looked up the way Node does: node_modules folders from here upwards. */
function findPackageApp(spec: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', spec);
    if (existsSync(path.join(candidate, MANIFEST_FILE))) return realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

function locateParent(spec: string, childDir: string): string | undefined {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const dir = path.resolve(childDir, spec);
    return existsSync(path.join(dir, MANIFEST_FILE)) ? realpathSync(dir) : undefined;
  }
  return findPackageApp(spec, childDir);
}

/**
 * C3 linearization (Python's MRO): a parent always comes before its own parents, and declared
 * order is kept. In a diamond (A extends B, C; both extend D) the order is A, B, C, D, so C's
 * overrides of D's elements are seen by A.
 */
function linearize(node: AppNode, memo: Map<AppNode, AppNode[] | null>): AppNode[] | null {
  if (memo.has(node)) return memo.get(node)!;
  const seqs: AppNode[][] = [];
  for (const p of node.parents) {
    const l = linearize(p, memo);
    if (!l) return null;
    seqs.push([...l]);
  }
  seqs.push([...node.parents]);
  const out: AppNode[] = [node];
  for (;;) {
    const live = seqs.filter((s) => s.length > 0);
    if (live.length === 0) break;
    const head = live.map((s) => s[0]!).find((h) => !live.some((s) => s.indexOf(h) > 0));
    if (!head) {
      memo.set(node, null);
      return null;
    }
    out.push(head);
    for (const s of live) if (s[0] === head) s.shift();
  }
  memo.set(node, out);
  return out;
}

/**
 * Reads the root app and every ancestor. Missing parents, cycles and bad manifests are all
 * collected; the graph is only returned when there are none.
 */
export async function resolveAppGraph(rootDir: string, problems: Problem[]): Promise<AppGraph | undefined> {
  const nodes = new Map<string, AppNode>();
  const start = problems.length;

  async function visit(dir: string, stack: string[]): Promise<AppNode | undefined> {
    const existing = nodes.get(dir);
    if (existing) return existing;
    const { manifest, problems: found } = await readManifest(dir);
    problems.push(...found);
    if (!manifest) return undefined;
    const node: AppNode = { appId: manifest.appId, title: manifest.title, dir, manifest, parents: [] };
    nodes.set(dir, node);
    const file = path.join(dir, MANIFEST_FILE);
    for (const [i, spec] of manifest.extends.entries()) {
      const parentDir = locateParent(spec, dir);
      if (!parentDir) {
        problems.push({
          code: 'APP_NOT_FOUND',
          file,
          pointer: `/extends/${i}`,
          message: `parent app '${spec}' not found (${spec.startsWith('.') ? `no app.json in ${path.resolve(dir, spec)}` : `no installed package with an app.json by that name: add "${spec}" to the dependencies in ${path.join(dir, 'package.json')} and run pnpm install (or npm install)`})`,
        });
        continue;
      }
      if (stack.includes(parentDir)) {
        const names = [...stack, parentDir].map((d) => nodes.get(d)?.appId ?? d);
        problems.push({
          code: 'APP_CYCLE',
          file,
          pointer: `/extends/${i}`,
          message: `apps extend each other in a cycle: ${names.join(' -> ')}`,
        });
        continue;
      }
      const parent = await visit(parentDir, [...stack, parentDir]);
      if (parent) node.parents.push(parent);
    }
    return node;
  }

  let realRoot: string;
  try {
    realRoot = realpathSync(rootDir);
  } catch {
    problems.push({ code: 'APP_NOT_FOUND', file: path.resolve(rootDir), pointer: '', message: 'app folder does not exist' });
    return undefined;
  }
  const root = await visit(realRoot, [realRoot]);
  if (!root || problems.length > start) return undefined;

  const ids = new Map<string, string>();
  for (const n of nodes.values()) {
    const other = ids.get(n.appId);
    if (other)
      problems.push({
        code: 'APP_INVALID',
        file: path.join(n.dir, MANIFEST_FILE),
        pointer: '/appId',
        message: `appId '${n.appId}' is also used by ${other}`,
      });
    ids.set(n.appId, n.dir);
  }
  const order = linearize(root, new Map());
  if (!order) {
    problems.push({
      code: 'APP_INVALID',
      file: path.join(root.dir, MANIFEST_FILE),
      pointer: '/extends',
      message: 'parent apps cannot be put in a consistent order (an app is listed before one of its own ancestors); reorder "extends"',
    });
    return undefined;
  }
  return problems.length > start ? undefined : { root, order };
}
