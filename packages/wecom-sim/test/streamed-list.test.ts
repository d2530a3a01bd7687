import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sendJson, StreamedArray } from '@jitkit/sim-kit';
import { sim, wecom } from './helpers.js';

/** Answers one GET with sendJson(body); says whether the answer had ended when sendJson returned. */
async function answerOnce(body: unknown): Promise<{ text: string; endedAtReturn: boolean; chunked: boolean }> {
  let endedAtReturn = false;
  const server = createServer((_req, res) => {
    sendJson(res, 200, body);
    endedAtReturn = res.writableEnded;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { text: await res.text(), endedAtReturn, chunked: res.headers.get('transfer-encoding') === 'chunked' };
  } finally {
    server.close();
  }
}

describe('sendJson with a streamed array', () => {
  const items = Array.from({ length: 1_000 }, (_, i) => ({ id: i, name: `成员${i}` }));
  const body = { errcode: 0, errmsg: 'ok', userlist: new StreamedArray(items, (x) => ({ userid: `u${x.id}`, name: x.name })) };

  it('writes a long array over several turns of the event loop, and the text is what JSON.stringify gives', async () => {
    const got = await answerOnce(body);
    expect(got.endedAtReturn).toBe(false);
    expect(got.chunked).toBe(true);
    expect(got.text).toBe(JSON.stringify(body));
  });

  it('writes a short array, or one with no other fields, the same text', async () => {
    const short = { errcode: 0, userlist: new StreamedArray(items.slice(0, 5), (x) => x.id) };
    const got = await answerOnce(short);
    expect(got.endedAtReturn).toBe(true);
    expect(got.text).toBe('{"errcode":0,"userlist":[0,1,2,3,4]}');
    const bare = { userlist: new StreamedArray(items, (x) => x.id) };
    expect((await answerOnce(bare)).text).toBe(JSON.stringify({ userlist: items.map((x) => x.id) }));
  });
});

describe("the emulator's user/list of a large subtree", () => {
  it('lists every member once, each as user/get shows it', async () => {
    const s = await sim({ users: 1_200, depts: 4, seed: 4 });
    const { call } = wecom(s);
    const answer = await call('user/list', { department_id: 1, fetch_child: 1 });
    expect(answer.errcode).toBe(0);
    const members = answer.userlist as { userid: string }[];
    expect(members).toHaveLength(s.state.org.users.size);
    expect(new Set(members.map((m) => m.userid)).size).toBe(members.length);
    for (const m of [members[0]!, members[599]!, members.at(-1)!]) {
      const { errcode, errmsg, ...one } = await call('user/get', { userid: m.userid });
      expect([errcode, errmsg]).toEqual([0, 'ok']);
      expect(m).toEqual(one);
    }
  });

  it('shows each change at once, to the contacts secret and to an app that sees the whole tree', async () => {
    const s = await sim({ users: 300, depts: 3, seed: 7 });
    const admin = wecom(s, 'contacts').call;
    // The contacts secret sees everything; the app sees the whole tree through its range.
    const readers = [admin, wecom(s, 'app').call];
    const listed = (call: typeof admin) =>
      call('user/list', { department_id: 1, fetch_child: 1 }).then((a) => a.userlist as Record<string, unknown>[]);
    const before = await listed(admin);
    for (const call of readers) expect(await listed(call)).toEqual(before);
    const leader = (before.find((m) => (m.direct_leader as string[]).length > 0)!.direct_leader as string[])[0]!;
    const b = before.find((m) => m.userid === leader)!;
    const a = before.find((m) => m !== b)!;
    expect((await admin('user/update', {}, { userid: a.userid, position: '新职位' })).errcode).toBe(0);
    // A renamed member is rewritten in its reports' direct_leader too.
    expect((await admin('user/update', {}, { userid: b.userid, new_userid: 'renamed-b' })).errcode).toBe(0);
    for (const call of readers) {
      const after = await listed(call);
      expect(after.find((m) => m.userid === a.userid)!.position).toBe('新职位');
      expect(after.some((m) => m.userid === b.userid)).toBe(false);
      expect(after.some((m) => (m.direct_leader as string[]).includes('renamed-b'))).toBe(true);
      for (const m of after) {
        const { errcode, errmsg, ...one } = await call('user/get', { userid: m.userid as string });
        expect([errcode, errmsg]).toEqual([0, 'ok']);
        expect(m).toEqual(one);
      }
    }
  });
});
