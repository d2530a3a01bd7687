import type { Change } from '@jitkit/corps';
import { CorpNav } from './org.js';
import { CsrfField, Layout, When, type Viewer } from './layout.js';
import { statusName } from './members.js';

export interface MemberView {
  memberId: string;
  name: string;
  externalUserid: string | null;
  position: string | null;
  mobile: string | null;
  email: string | null;
  status: number;
  enabled: boolean;
  departments: { deptId: string; name: string; isLeader: boolean }[];
  attributes: Record<string, string>;
}

export function MemberPage(props: {
  viewer: Viewer;
  name: string;
  title: string;
  member: MemberView;
  roles: { roleId: string; name: string; source: string }[];
  allRoles: { roleId: string; name: string; source: string }[];
  isAdmin: boolean;
  signature: string | null;
  history: (Change & { runId: string; at: number })[];
  notice?: string;
  error?: string;
}) {
  const { member: m, viewer } = props;
  const base = `/admin/corps/${encodeURIComponent(props.name)}/members/${encodeURIComponent(m.memberId)}`;
  const manual = new Set(props.roles.filter((r) => r.source === 'manual').map((r) => r.roleId));
  return (
    <Layout title={m.name} viewer={viewer}>
      <CorpNav name={props.name} title={props.title} />
      {props.notice && <p class="notice">{props.notice}</p>}
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <section class="card">
        <dl>
          <dt>Member id</dt>
          <dd>{m.memberId}</dd>
          <dt>Upstream id</dt>
          <dd>{m.externalUserid ?? '—'}</dd>
          <dt>Status</dt>
          <dd>
            {statusName(m.status)}
            {!m.enabled && ' (disabled upstream)'}
          </dd>
          <dt>Admin</dt>
          <dd>{props.isAdmin ? 'yes' : 'no'}</dd>
          <dt>Position</dt>
          <dd>{m.position ?? ''}</dd>
          <dt>Mobile / email</dt>
          <dd>{[m.mobile, m.email].filter(Boolean).join(' · ') || '—'}</dd>
          <dt>Departments</dt>
          <dd>
            {m.departments.map((d) => (
              <span class="tag" key={d.deptId}>
                {d.name}
                {d.isLeader && ' ★'}
              </span>
            ))}
          </dd>
          <dt>Roles</dt>
          <dd>
            {props.roles.length === 0 && '—'}
            {props.roles.map((r) => (
              <span class="tag" key={`${r.roleId}:${r.source}`}>
                {r.name} <small>({r.source === 'manual' ? 'manual' : 'from a tag'})</small>
              </span>
            ))}
          </dd>
          <dt>Signature</dt>
          <dd>{props.signature ?? '—'}</dd>
          {Object.keys(m.attributes).length > 0 && <dt>Attributes</dt>}
          {Object.keys(m.attributes).length > 0 && (
            <dd>
              {Object.entries(m.attributes)
                .map(([k, v]) => `${k}: ${v}`)
                .join(' · ')}
            </dd>
          )}
        </dl>
      </section>
      <section class="card">
        <h2>Manual roles</h2>
        <form method="post" action={`${base}/roles`}>
          <CsrfField csrf={viewer.csrf} />
          <div class="checks">
            {props.allRoles.map((r) => (
              <label key={r.roleId}>
                <input type="checkbox" name="roleId" value={r.roleId} checked={manual.has(r.roleId)} /> {r.name}
              </label>
            ))}
          </div>
          {props.allRoles.length === 0 && <p class="muted">No roles yet (createRole, or tags synced as roles).</p>}
          <button type="submit">Save manual roles</button>
        </form>
      </section>
      <section class="card actions">
        <h2>Actions</h2>
        <form method="post" action={`${base}/admin`}>
          <CsrfField csrf={viewer.csrf} />
          <input type="hidden" name="admin" value={props.isAdmin ? 'no' : 'yes'} />
          <button type="submit">{props.isAdmin ? 'Remove admin' : 'Make admin'}</button>
        </form>
        {m.status === 1 && (
          <form method="post" action={`${base}/resign`}>
            <CsrfField csrf={viewer.csrf} />
            <label>
              <input type="checkbox" name="confirm" value="yes" required /> resign {m.name} in this corp only
            </label>
            <button type="submit" class="danger">
              Resign
            </button>
          </form>
        )}
      </section>
      <section class="card">
        <h2>History across sync runs</h2>
        {props.history.length === 0 && <p class="muted">No sync has changed this member.</p>}
        <table class="list">
          <tbody>
            {props.history.map((h) => (
              <tr key={`${h.runId}:${h.kind}`}>
                <td>
                  <a href={`/admin/corps/${encodeURIComponent(props.name)}/runs/${h.runId}`}>
                    <When ms={h.at} />
                  </a>
                </td>
                <td>{h.kind}</td>
                <td>{h.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
