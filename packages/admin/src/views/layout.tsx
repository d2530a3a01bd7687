import type { ComponentChildren } from 'preact';

export interface Viewer {
  actor: string;
  csrf: string;
}

/** Every page: the header with the signed-in admin and sign-out, the nav, and the content. */
export function Layout(props: { title: string; viewer?: Viewer; children: ComponentChildren }) {
  const { viewer } = props;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <title>{`${props.title} · jitkit admin`}</title>
        <link rel="stylesheet" href="/admin/assets/admin.css" />
        <script src="/admin/assets/htmx.min.js" defer></script>
      </head>
      <body hx-headers={viewer ? JSON.stringify({ 'x-csrf-token': viewer.csrf }) : undefined}>
        <header class="top">
          <a class="brand" href="/admin">
            jitkit admin
          </a>
          {viewer && (
            <nav>
              <a href="/admin">Overview</a>
              <a href="/admin/new-corp">New corp</a>
              <a href="/admin/audit">Audit log</a>
            </nav>
          )}
          {viewer && (
            <form method="post" action="/admin/logout" class="signout">
              <CsrfField csrf={viewer.csrf} />
              <span class="who">{viewer.actor}</span>
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function CsrfField(props: { csrf: string }) {
  return <input type="hidden" name="_csrf" value={props.csrf} />;
}

export function When(props: { ms: number | null | undefined }) {
  if (!props.ms) return <span class="muted">—</span>;
  const d = new Date(props.ms);
  return <time dateTime={d.toISOString()}>{d.toISOString().replace('T', ' ').slice(0, 19)}</time>;
}

/** Previous/next links; `capped` when the total was counted only up to `total - 1` ("more than"). */
export function Pager(props: { base: string; offset: number; limit: number; total: number; capped?: boolean; shown?: number }) {
  const { base, offset, limit, total, capped } = props;
  const join = base.includes('?') ? '&' : '?';
  const of = capped ? `more than ${(total - 1).toLocaleString('en-US')}` : total.toLocaleString('en-US');
  const hasNext = capped ? (props.shown ?? limit) === limit : offset + limit < total;
  return (
    <p class="pager">
      {offset > 0 && <a href={`${base}${join}offset=${Math.max(0, offset - limit)}`}>← previous</a>}
      <span>
        {total === 0 ? 'none' : `${offset + 1}–${capped ? offset + (props.shown ?? limit) : Math.min(total, offset + limit)} of ${of}`}
      </span>
      {hasNext && <a href={`${base}${join}offset=${offset + limit}`}>next →</a>}
    </p>
  );
}
