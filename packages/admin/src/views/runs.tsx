import type { Change, SyncRunRow } from '@jitkit/corps';
import { ChangeList } from './changes.js';
import { CorpNav } from './org.js';
import { CsrfField, Layout, Pager, When, type Viewer } from './layout.js';

const counts = (c: Record<string, number> | null) =>
  c && typeof c.membersAdded === 'number'
    ? `+${c.membersAdded} ~${c.membersUpdated ?? 0} -${c.membersResigned ?? 0} members, +${c.deptsCreated ?? 0} -${c.deptsRemoved ?? 0} depts`
    : '';

export function RunsPage(props: { viewer: Viewer; name: string; title: string; runs: SyncRunRow[] }) {
  const base = `/admin/corps/${encodeURIComponent(props.name)}`;
  return (
    <Layout title={`${props.title}: sync runs`} viewer={props.viewer}>
      <CorpNav name={props.name} title={props.title} />
      <form method="post" action={`${base}/plan`} class="card">
        <CsrfField csrf={props.viewer.csrf} />
        <p>Read the organisation upstream and show what a sync would change, without writing anything.</p>
        <button type="submit">Plan a sync</button>
      </form>
      <table class="list">
        <thead>
          <tr>
            <th>Started</th>
            <th>Kind</th>
            <th>Status</th>
            <th>Started by</th>
            <th>Changes</th>
            <th>Rows</th>
            <th>Upstream calls</th>
            <th>Fetch / apply</th>
          </tr>
        </thead>
        <tbody>
          {props.runs.map((r) => (
            <tr key={r.runId}>
              <td>
                <a href={`${base}/runs/${r.runId}`}>
                  <When ms={r.startedAt} />
                </a>
              </td>
              <td>{r.kind}</td>
              <td>
                <span class={`status ${r.status}`}>{r.status}</span>
                {r.forced && ' (forced)'}
              </td>
              <td>{r.startedBy ?? 'api'}</td>
              <td>{counts(r.counts)}</td>
              <td>{r.rowsWritten ?? '—'}</td>
              <td>{r.upstreamCalls ?? '—'}</td>
              <td>{r.fetchMs !== null ? `${r.fetchMs} / ${r.applyMs ?? 0} ms` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export const CHANGE_KINDS = [
  'member.added',
  'member.updated',
  'member.renamed',
  'member.resigned',
  'member.reactivated',
  'dept.created',
  'dept.renamed',
  'dept.moved',
  'dept.updated',
  'dept.removed',
  'role.created',
  'role.renamed',
  'role.removed',
  'role.member.added',
  'role.member.removed',
];

export function RunPage(props: {
  viewer: Viewer;
  name: string;
  title: string;
  run: SyncRunRow;
  kind?: string;
  offset: number;
  limit: number;
  total: number;
  changes: Change[];
}) {
  const { run } = props;
  const base = `/admin/corps/${encodeURIComponent(props.name)}/runs/${run.runId}`;
  return (
    <Layout title={`Run ${run.runId.slice(0, 8)}`} viewer={props.viewer}>
      <CorpNav name={props.name} title={props.title} />
      <section class="card">
        <dl>
          <dt>Kind / status</dt>
          <dd>
            {run.kind} · <span class={`status ${run.status}`}>{run.status}</span>
            {run.forced && ' (forced)'}
          </dd>
          <dt>Started by</dt>
          <dd>{run.startedBy ?? 'api'}</dd>
          <dt>Started / finished</dt>
          <dd>
            <When ms={run.startedAt} /> / <When ms={run.finishedAt} />
          </dd>
          <dt>Counts</dt>
          <dd>{counts(run.counts)}</dd>
          <dt>Timings</dt>
          <dd>{run.fetchMs !== null ? `fetch ${run.fetchMs} ms, apply ${run.applyMs ?? 0} ms` : '—'}</dd>
          <dt>Upstream calls / rows</dt>
          <dd>
            {run.upstreamCalls ?? '—'} / {run.rowsWritten ?? '—'}
          </dd>
          {run.error && <dt>Error</dt>}
          {run.error && <dd class="error">{run.error}</dd>}
        </dl>
      </section>
      <p class="filters">
        <a href={base} class={!props.kind ? 'current' : undefined}>
          all
        </a>
        {CHANGE_KINDS.map((k) => (
          <a key={k} href={`${base}?kind=${k}`} class={props.kind === k ? 'current' : undefined}>
            {k}
          </a>
        ))}
      </p>
      <ChangeList changes={props.changes} />
      <Pager base={props.kind ? `${base}?kind=${props.kind}` : base} offset={props.offset} limit={props.limit} total={props.total} />
    </Layout>
  );
}
