import { Layout } from './layout.js';

export function LoginPage(props: { error?: string; tokenEnabled: boolean; logins: { name: string; title: string }[] }) {
  return (
    <Layout title="Sign in">
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      {props.tokenEnabled ? (
        <form method="post" action="/admin/login" class="card">
          <label for="token">Admin token (JITKIT_ADMIN_TOKEN)</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
      ) : (
        <p class="muted">The bootstrap token is off: set JITKIT_ADMIN_TOKEN for jitkit serve to sign in with it.</p>
      )}
      {props.logins.length > 0 && (
        <div class="card">
          <p>Or sign in as a member an organisation lists as its admin (getAdmin):</p>
          <ul>
            {props.logins.map((l) => (
              <li key={l.name}>
                <a href={`/login/${encodeURIComponent(l.name)}?next=${encodeURIComponent(`/admin/sso/${l.name}`)}`}>{l.title}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Layout>
  );
}

export function MessagePage(props: { title: string; message: string; viewer?: { actor: string; csrf: string }; back?: string }) {
  return (
    <Layout title={props.title} viewer={props.viewer}>
      <p>{props.message}</p>
      {props.back && <a href={props.back}>Back</a>}
    </Layout>
  );
}
