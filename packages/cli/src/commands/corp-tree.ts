import type { LocalCorpData } from '@jitkit/corps';
import { getCorp, openApp, type AppOptions } from '../load.js';
import { isJitError } from '@jitkit/core';
import { err, out } from '../output.js';

interface Node {
  id: string;
  name: string;
  members: number;
  total: number;
  children: Node[];
}

/**
 * The department tree with member counts (active members only). `total` counts each member of
 * the subtree once, however many of its departments they are in.
 */
export function buildTree(data: LocalCorpData): Node | undefined {
  const active = new Set(data.userList.filter((u) => u.status === 1).map((u) => u.memberId));
  const paths = new Map(data.deptList.map((d) => [d.deptId, d.idPath]));
  const nodes = new Map<string, Node>(
    data.deptList.map((d) => [d.deptId, { id: d.deptId, name: d.name, members: 0, total: 0, children: [] }]),
  );
  const under = new Map<string, Set<string>>();
  for (const dm of data.deptMemberList) {
    if (!active.has(dm.memberId) || !nodes.has(dm.deptId)) continue;
    nodes.get(dm.deptId)!.members++;
    let seen = under.get(dm.memberId);
    if (!seen) under.set(dm.memberId, (seen = new Set()));
    for (const id of paths.get(dm.deptId) ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      nodes.get(id)!.total++;
    }
  }
  let root: Node | undefined;
  for (const d of data.deptList) {
    const node = nodes.get(d.deptId)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    if (parent) parent.children.push(node);
    else if (d.deptId === data.corp.rootDeptId) root = node;
  }
  return root;
}

export function treeLines(root: Node, maxDepth: number): string[] {
  const lines: string[] = [`${root.name} (${root.id})  ${root.total} members`];
  const walk = (n: Node, prefix: string, depth: number) => {
    const kids = [...n.children].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
    kids.forEach((c, i) => {
      const last = i === kids.length - 1;
      lines.push(
        `${prefix}${last ? '└─ ' : '├─ '}${c.name} (${c.id})  ${c.total} members${c.children.length && depth + 1 >= maxDepth ? `, ${c.children.length} sub-departments` : ''}`,
      );
      if (depth + 1 < maxDepth) walk(c, prefix + (last ? '   ' : '│  '), depth + 1);
    });
  };
  walk(root, '', 0);
  return lines;
}

/** `jitkit corp tree <app> <corp>`: the synced department tree. */
export async function corpTreeCommand(
  appDir: string,
  corp: string,
  options: AppOptions & { depth?: string; json?: boolean },
): Promise<number> {
  const app = await openApp(appDir, options);
  try {
    const c = getCorp(app, corp);
    // A corp whose first sync failed has a row but no organisation: say so, and why.
    const runs = await c.listSyncRuns(50).catch((e: unknown) => (isJitError(e, 'CORP_NOT_INITIALIZED') ? [] : Promise.reject(e)));
    if (!runs.some((r) => r.status === 'succeeded')) {
      const failed = runs.find((r) => r.error);
      err(`${c.fullName} was never synced${failed ? `: its last sync failed (${failed.error})` : ''}; run jitkit sync ${appDir} ${corp}`);
      return 1;
    }
    const data = await c.getLocalCorpData();
    const root = buildTree(data);
    if (!root) {
      out('no departments yet: run jitkit sync first');
      return 1;
    }
    if (options.json) out(JSON.stringify(root, null, 2));
    else for (const line of treeLines(root, Number(options.depth ?? 3))) out(line);
    return 0;
  } finally {
    await app.close();
  }
}
