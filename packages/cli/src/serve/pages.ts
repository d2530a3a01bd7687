const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}.muted{color:#777}ul{padding-left:1.2rem}a.button{display:inline-block;padding:.4rem .9rem;border:1px solid #2b6;border-radius:6px;color:#2b6;text-decoration:none;margin-right:.5rem}</style></head><body>${body}</body></html>`;
}

export function indexPage(corps: { name: string; title: string }[]): string {
  const items = corps
    .map(
      (c) =>
        `<li>${esc(c.title)}: <a class="button" href="/login/${esc(c.name)}">Log in</a><a class="button" href="/login/${esc(c.name)}?qr=1">QR login</a></li>`,
    )
    .join('');
  return layout(
    'jitkit',
    `<h1>jitkit</h1><p>Log in through your organisation:</p><ul>${items || '<li class="muted">no organisation with member login in this app</li>'}</ul>`,
  );
}

export interface MePage {
  name: string;
  memberId: string;
  externalUserid: string | null;
  corpTitle: string;
  position: string | null;
  departments: { name: string; isLeader: boolean }[];
  roles: { roleId: string; name: string }[];
}

export function mePage(me: MePage): string {
  const depts =
    me.departments.map((d) => `<li>${esc(d.name)}${d.isLeader ? ' <span class="muted">(leader)</span>' : ''}</li>`).join('') ||
    '<li class="muted">none</li>';
  const roles =
    me.roles.map((r) => `<li>${esc(r.name)} <span class="muted">${esc(r.roleId)}</span></li>`).join('') ||
    '<li class="muted">none yet: an admin gives roles</li>';
  return layout(
    `${me.name} — jitkit`,
    `<h1 id="who">Logged in as ${esc(me.name)}</h1><p class="muted">${esc(me.corpTitle)} · member <span id="member-id">${esc(me.memberId)}</span> · upstream id ${esc(me.externalUserid)}${me.position ? ' · ' + esc(me.position) : ''}</p><h2>Departments</h2><ul id="departments">${depts}</ul><h2>Roles</h2><ul id="roles">${roles}</ul><p><a href="/logout">Log out</a></p>`,
  );
}

export function messagePage(title: string, message: string, loginHref?: string): string {
  return layout(
    title,
    `<h1 id="title">${esc(title)}</h1><p id="message">${esc(message)}</p>${loginHref ? `<p><a class="button" href="${esc(loginHref)}">Try again</a></p>` : ''}`,
  );
}
