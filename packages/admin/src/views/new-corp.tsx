import type { Diagnosis } from '@jitkit/corps';
import { defaultEnvName, type FormField } from '../schema-form.js';
import { CsrfField, Layout, type Viewer } from './layout.js';

export function TypeChoicePage(props: { viewer: Viewer; types: { fullName: string; title: string }[] }) {
  return (
    <Layout title="New corp" viewer={props.viewer}>
      <p>Choose the corp Type of the new organisation:</p>
      <ul class="cards">
        {props.types.map((t) => (
          <li class="card" key={t.fullName}>
            <a href={`/admin/new-corp/${encodeURIComponent(t.fullName)}`}>{t.title}</a> <code>{t.fullName}</code>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function Field(props: { field: FormField; value: string; error?: string }) {
  const { field: f, value, error } = props;
  const id = `f-${f.key.replace(/\./g, '-')}`;
  const common = { id, name: f.key, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined };
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>
        {f.key}
        {f.required && <span class="req"> *</span>}
        {f.kind === 'secret' && <span class="tag">secret: the name of its environment variable</span>}
      </label>
      {f.kind === 'boolean' || f.kind === 'choice' ? (
        <select {...common}>
          <option value="">(default)</option>
          {(f.kind === 'boolean' ? ['true', 'false'] : f.choices!).map((c) => (
            <option key={c} value={c} selected={value === c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="text"
          inputMode={f.kind === 'integer' || f.kind === 'number' ? 'decimal' : undefined}
          placeholder={f.kind === 'secret' ? defaultEnvName('AcmeCorp', f.key) : undefined}
          value={value}
        />
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {f.description && <p class="hint">{f.description}</p>}
    </div>
  );
}

export function CorpFormPage(props: {
  viewer: Viewer;
  type: { fullName: string; title: string };
  fields: FormField[];
  values: Record<string, string>;
  errors: Record<string, string>;
  notice?: string;
}) {
  const { values, errors } = props;
  const meta: FormField[] = [
    {
      key: 'name',
      kind: 'text',
      required: true,
      description: 'The element name: corps.<name>, e.g. AcmeCorp (a capital, then letters and digits)',
    },
    { key: 'title', kind: 'text', required: true, description: 'What people call this organisation' },
  ];
  return (
    <Layout title={`New ${props.type.title}`} viewer={props.viewer}>
      {props.notice && (
        <p class="error" role="alert">
          {props.notice}
        </p>
      )}
      <form method="post" action={`/admin/new-corp/${encodeURIComponent(props.type.fullName)}`} class="card form" novalidate>
        <CsrfField csrf={props.viewer.csrf} />
        {meta.map((f) => (
          <Field key={f.key} field={f} value={values[f.key] ?? ''} error={errors[f.key]} />
        ))}
        {props.fields.map((f) => (
          <Field key={f.key} field={f} value={values[f.key] ?? ''} error={errors[f.key]} />
        ))}
        <p class="hint">
          Secrets are written as {'{{VARIABLE}}'} references: set the variables where jitkit runs. Lists (scope, mapping, webhooks) go in
          the config file afterwards.
        </p>
        <button type="submit">Create the corp</button>
      </form>
    </Layout>
  );
}

export function CorpCreatedPage(props: { viewer: Viewer; fullName: string; files: string[]; diagnosis: Diagnosis[] }) {
  return (
    <Layout title={`Created ${props.fullName}`} viewer={props.viewer}>
      <p>Written into the app:</p>
      <ul>
        {props.files.map((f) => (
          <li key={f}>
            <code>{f}</code>
          </li>
        ))}
      </ul>
      <h2>jitkit doctor</h2>
      <table class="list">
        <tbody>
          {props.diagnosis.map((d, i) => (
            <tr key={i} class={`health ${d.status}`}>
              <td>{d.status.toUpperCase()}</td>
              <td>{d.area}</td>
              <td>
                {d.message}
                {d.fix && <p class="hint">fix: {d.fix}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Restart jitkit serve to serve the new corp (its first sync runs then).</p>
    </Layout>
  );
}
