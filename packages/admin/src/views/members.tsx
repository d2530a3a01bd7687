import { COUNT_CAP, type MemberHit } from '../queries/members.js';
import { CorpNav } from './org.js';
import { Layout, Pager, type Viewer } from './layout.js';

export const statusName = (s: number) => (s === 1 ? 'active' : s === 2 ? 'resigned' : `status ${s}`);

export function MembersPage(props: {
  viewer: Viewer;
  name: string;
  title: string;
  q: string;
  deptId?: string;
  offset: number;
  limit: number;
  total: number;
  members: MemberHit[];
}) {
  const base = `/admin/corps/${encodeURIComponent(props.name)}`;
  const query = new URLSearchParams({ ...(props.q ? { q: props.q } : {}), ...(props.deptId ? { dept: props.deptId } : {}) }).toString();
  return (
    <Layout title={`${props.title}: members`} viewer={props.viewer}>
      <CorpNav name={props.name} title={props.title} />
      <form method="get" action={`${base}/members`} class="search">
        <input type="search" name="q" value={props.q} placeholder="name, userid, mobile or email" aria-label="search members" />
        {props.deptId && <input type="hidden" name="dept" value={props.deptId} />}
        <button type="submit">Search</button>
      </form>
      {props.deptId && <p class="muted">In department {props.deptId}</p>}
      <table class="list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Upstream id</th>
            <th>Position</th>
            <th>Mobile</th>
            <th>Email</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {props.members.map((m) => (
            <tr key={m.memberId}>
              <td>
                <a href={`${base}/members/${encodeURIComponent(m.memberId)}`}>{m.name}</a>
              </td>
              <td>{m.upstreamId ?? '—'}</td>
              <td>{m.position ?? ''}</td>
              <td>{m.mobile ?? ''}</td>
              <td>{m.email ?? ''}</td>
              <td>{statusName(m.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        base={`${base}/members${query ? `?${query}` : ''}`}
        offset={props.offset}
        limit={props.limit}
        total={props.total}
        capped={props.total > COUNT_CAP}
        shown={props.members.length}
      />
    </Layout>
  );
}
