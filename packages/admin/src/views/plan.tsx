import type { SyncReport } from '@jitkit/corps';
import { ChangeList } from './changes.js';
import { CorpNav } from './org.js';
import { CsrfField, Layout, type Viewer } from './layout.js';

/** Changes shown on the plan page; the counts cover them all. */
export const PLAN_SHOWN = 2_000;

export function PlanPage(props: {
  viewer: Viewer;
  name: string;
  title: string;
  plan: SyncReport;
  guard?: { code: string; message: string };
}) {
  const { plan, guard, viewer } = props;
  const base = `/admin/corps/${encodeURIComponent(props.name)}`;
  const byKind = new Map<string, number>();
  for (const c of plan.changes) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  return (
    <Layout title={`${props.title}: planned sync`} viewer={viewer}>
      <CorpNav name={props.name} title={props.title} />
      <section class="card">
        <p>
          {plan.changes.length === 0
            ? 'Nothing to change: the pool matches upstream.'
            : `${plan.changes.length.toLocaleString('en-US')} change${plan.changes.length === 1 ? '' : 's'}, read with ${plan.upstreamCalls} upstream calls.`}
        </p>
        <p class="kinds">
          {[...byKind].map(([k, n]) => (
            <span class="tag" key={k}>
              {k} {n.toLocaleString('en-US')}
            </span>
          ))}
        </p>
        {guard && (
          <p class="error" role="alert">
            The guard would stop this sync: {guard.message}
          </p>
        )}
        {plan.changes.length > 0 && (
          <form method="post" action={`${base}/apply`}>
            <CsrfField csrf={viewer.csrf} />
            <input type="hidden" name="fingerprint" value={plan.fingerprint} />
            {guard && (
              <label class="confirm">
                <input type="checkbox" name="confirmGuard" value="yes" required /> I have reviewed this plan and confirm it despite the
                guard
              </label>
            )}
            <button type="submit">Apply this plan</button>
          </form>
        )}
      </section>
      <ChangeList changes={plan.changes.slice(0, PLAN_SHOWN)} />
      {plan.changes.length > PLAN_SHOWN && (
        <p class="muted">
          … and {(plan.changes.length - PLAN_SHOWN).toLocaleString('en-US')} more (the run page lists every change once applied).
        </p>
      )}
    </Layout>
  );
}
