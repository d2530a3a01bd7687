import type { Change } from '@jitkit/corps';

/** `position: 总监 -> 经理; mobile: … -> …` as before/after rows; other details as they are. */
function fieldChanges(detail: string | undefined): { field: string; before?: string; after?: string; note?: string }[] {
  if (!detail) return [];
  return detail.split('; ').map((part) => {
    const m = /^([\w.]+): (.*) -> (.*)$/.exec(part);
    return m ? { field: m[1]!, before: m[2]!, after: m[3]! } : { field: '', note: part };
  });
}

const SIGN: Record<string, string> = {
  added: '+',
  created: '+',
  resigned: '−',
  removed: '−',
  updated: '~',
  renamed: '→',
  moved: '→',
  reactivated: '+',
};

/** A change as a code review shows it: what, who, and for an update each field before and after. */
export function ChangeRow(props: { change: Change }) {
  const c = props.change;
  const verb = c.kind.split('.').at(-1)!;
  const fields = c.kind === 'member.updated' ? fieldChanges(c.detail) : [];
  return (
    <li class={`change ${verb}`}>
      <span class="sign">{SIGN[verb] ?? '•'}</span> <code>{c.kind}</code> <strong>{c.name ?? c.id}</strong>{' '}
      <span class="muted">{c.externalId ?? c.id}</span>
      {fields.length > 0 ? (
        <table class="diff">
          <tbody>
            {fields.map((f, i) =>
              f.note !== undefined ? (
                <tr key={i}>
                  <td colSpan={3}>{f.note}</td>
                </tr>
              ) : (
                <tr key={i}>
                  <th>{f.field}</th>
                  <td class="before">{f.before}</td>
                  <td class="after">{f.after}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : (
        c.detail && <span class="detail"> — {c.detail}</span>
      )}
    </li>
  );
}

export function ChangeList(props: { changes: readonly Change[] }) {
  return (
    <ul class="changes">
      {props.changes.map((c, i) => (
        <ChangeRow key={i} change={c} />
      ))}
    </ul>
  );
}
