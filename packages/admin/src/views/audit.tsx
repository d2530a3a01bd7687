import type { AuditEntry } from '../audit.js';
import { Layout, Pager, When, type Viewer } from './layout.js';

export function AuditPage(props: { viewer: Viewer; entries: AuditEntry[]; offset: number; limit: number; total: number }) {
  return (
    <Layout title="Audit log" viewer={props.viewer}>
      <table class="list">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Detail</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.id}>
              <td>
                <When ms={e.at} />
              </td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.target ?? ''}</td>
              <td>{e.detail ?? ''}</td>
              <td class={e.result === 'ok' ? '' : 'error'}>{e.result}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager base="/admin/audit" offset={props.offset} limit={props.limit} total={props.total} />
    </Layout>
  );
}
