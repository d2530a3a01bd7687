import type { TreeNode } from '../queries/org-tree.js';
import { Layout, type Viewer } from './layout.js';

export function CorpNav(props: { name: string; title: string }) {
  const base = `/admin/corps/${encodeURIComponent(props.name)}`;
  return (
    <p class="subnav">
      <strong>{props.title}</strong>
      <a href={base}>Organisation</a>
      <a href={`${base}/members`}>Members</a>
      <a href={`${base}/runs`}>Runs</a>
    </p>
  );
}

/** One level of the tree; a department with children expands by fetching its own level once. */
export function TreeLevel(props: { corp: string; nodes: TreeNode[] }) {
  const base = `/admin/corps/${encodeURIComponent(props.corp)}`;
  return (
    <>
      {props.nodes.map((n) => {
        const label = (
          <>
            <a href={`${base}/members?dept=${encodeURIComponent(n.deptId)}`}>{n.name}</a>
            <span class="count">{n.members.toLocaleString('en-US')}</span>
            {n.leaders.map((l) => (
              <span class="leader" key={l.upstreamId} title="department leader">
                ★ {l.name ?? l.upstreamId}
              </span>
            ))}
          </>
        );
        return (
          <li key={n.deptId} data-dept={n.deptId}>
            {n.hasChildren ? (
              <details
                hx-get={`${base}/tree/${encodeURIComponent(n.deptId)}`}
                hx-trigger="toggle once"
                hx-target="find ul"
                hx-swap="innerHTML"
              >
                <summary>{label}</summary>
                <ul class="tree">
                  <li class="muted">loading…</li>
                </ul>
              </details>
            ) : (
              <span class="leaf">{label}</span>
            )}
          </li>
        );
      })}
    </>
  );
}

export function OrgPage(props: { viewer: Viewer; name: string; title: string; root?: TreeNode; level: TreeNode[] }) {
  const { root } = props;
  return (
    <Layout title={`${props.title}: organisation`} viewer={props.viewer}>
      <CorpNav name={props.name} title={props.title} />
      {!root ? (
        <p class="muted">Not synced yet: plan a sync from the Runs page.</p>
      ) : (
        <ul class="tree root">
          <li data-dept={root.deptId}>
            <a href={`/admin/corps/${encodeURIComponent(props.name)}/members?dept=${encodeURIComponent(root.deptId)}`}>{root.name}</a>
            <span class="count">{root.members.toLocaleString('en-US')}</span>
            <ul class="tree">
              <TreeLevel corp={props.name} nodes={props.level} />
            </ul>
          </li>
        </ul>
      )}
      <p class="muted">Numbers are each department's direct members; ★ marks its leaders.</p>
    </Layout>
  );
}
