import type { Diagnosis } from '@jitkit/corps';
import { Layout, When, type Viewer } from './layout.js';

export interface CorpOverview {
  name: string;
  title: string;
  fullName: string;
  type: string;
  /** Apps whose definition of the Type this app overrides (empty: the official one). */
  typeOverrides: readonly string[];
  upstreamCorpId: string | null;
  initialized: boolean;
  active: number;
  resigned: number;
  departments: number;
  lastRun: { runId: string; status: string; startedAt: number; counts: Record<string, number> | null } | null;
  nextRun: Date | null;
  pendingEvents: number;
  health: Diagnosis[];
}

function HealthLine(props: { checks: Diagnosis[] }) {
  const worst = props.checks.find((c) => c.status === 'fail') ?? props.checks.find((c) => c.status === 'warn');
  const n = (s: Diagnosis['status']) => props.checks.filter((c) => c.status === s).length;
  return (
    <span class={`health ${worst?.status ?? 'ok'}`}>
      {`${n('ok')} ok, ${n('warn')} warn, ${n('fail')} fail`}
      {worst && ` — ${worst.area}: ${worst.message}`}
    </span>
  );
}

export function OverviewPage(props: { viewer: Viewer; corps: CorpOverview[] }) {
  return (
    <Layout title="Organisations" viewer={props.viewer}>
      {props.corps.length === 0 && <p class="muted">This app has no corp instances yet: create one under New corp.</p>}
      <div class="cards">
        {props.corps.map((c) => (
          <section class="card corp" key={c.name}>
            <h2>
              <a href={`/admin/corps/${encodeURIComponent(c.name)}`}>{c.title}</a>
            </h2>
            <dl>
              <dt>fullName</dt>
              <dd>{c.fullName}</dd>
              <dt>Type</dt>
              <dd>
                {c.type}
                {c.typeOverrides.length > 0 && <span class="tag">overridden (official: {c.typeOverrides.join(', ')})</span>}
              </dd>
              <dt>Upstream corp id</dt>
              <dd>{c.upstreamCorpId ?? '—'}</dd>
              <dt>Members</dt>
              <dd>
                {c.initialized
                  ? `${c.active.toLocaleString('en-US')} active, ${c.resigned.toLocaleString('en-US')} resigned`
                  : 'never synced'}
              </dd>
              <dt>Departments</dt>
              <dd>{c.departments.toLocaleString('en-US')}</dd>
              <dt>Last run</dt>
              <dd>
                {c.lastRun ? (
                  <a href={`/admin/corps/${encodeURIComponent(c.name)}/runs/${c.lastRun.runId}`}>
                    <span class={`status ${c.lastRun.status}`}>{c.lastRun.status}</span> <When ms={c.lastRun.startedAt} />
                    {c.lastRun.counts &&
                      ` +${c.lastRun.counts.membersAdded ?? 0} ~${c.lastRun.counts.membersUpdated ?? 0} -${c.lastRun.counts.membersResigned ?? 0}`}
                  </a>
                ) : (
                  '—'
                )}
              </dd>
              <dt>Next scheduled run</dt>
              <dd>{c.nextRun ? <When ms={c.nextRun.getTime()} /> : 'no schedule'}</dd>
              <dt>Pending events</dt>
              <dd>{c.pendingEvents}</dd>
              <dt>Health</dt>
              <dd>
                <HealthLine checks={c.health} />
              </dd>
            </dl>
            <p class="actions">
              <a href={`/admin/corps/${encodeURIComponent(c.name)}`}>Organisation</a>
              <a href={`/admin/corps/${encodeURIComponent(c.name)}/members`}>Members</a>
              <a href={`/admin/corps/${encodeURIComponent(c.name)}/runs`}>Runs</a>
            </p>
          </section>
        ))}
      </div>
    </Layout>
  );
}
