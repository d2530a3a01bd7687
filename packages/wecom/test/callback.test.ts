import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CallbackCrypto, jsapiSignature, parseCallbackEvent, eventKey, type CallbackEvent } from '@jitkit/wecom';
import { client, sim } from './helpers/sim.js';

// Section 8 of wecom-api.md: WeCom's published test vectors.
const V = {
  token: '123456',
  key: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  corpId: 'wx49f0ab532d5d035a',
  timestamp: '1411443780',
  nonce: '437374425',
  echostr: '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==',
  signature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96',
  plaintext: '5927782489442352469',
};

describe('published test vectors', () => {
  const crypto = new CallbackCrypto({ token: V.token, encodingAESKey: V.key, receiveId: V.corpId });

  it('URL check: the signature and the decrypted echostr', () => {
    expect(crypto.signature(V.timestamp, V.nonce, V.echostr)).toBe(V.signature);
    expect(crypto.verifyUrl({ msg_signature: V.signature, timestamp: V.timestamp, nonce: V.nonce, echostr: V.echostr })).toBe(V.plaintext);
  });

  it('JS-SDK signature (fragment dropped, URL not encoded)', () => {
    const r = jsapiSignature({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value#section',
    });
    expect(r.signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });
});

describe('callback verification refuses', () => {
  const crypto = new CallbackCrypto({ token: V.token, encodingAESKey: V.key, receiveId: V.corpId });
  const q = { msg_signature: V.signature, timestamp: V.timestamp, nonce: V.nonce };

  it('a wrong signature', () => {
    expect(() => crypto.verifyUrl({ ...q, msg_signature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb97', echostr: V.echostr })).toThrow(
      expect.objectContaining({ code: 'WECOM_CALLBACK', details: { reason: 'signature' } }),
    );
  });

  it('a message for another corp (receiveid)', () => {
    const other = new CallbackCrypto({ token: V.token, encodingAESKey: V.key, receiveId: 'wwsomeoneelse' });
    expect(() => other.verifyUrl({ ...q, echostr: V.echostr })).toThrow(expect.objectContaining({ details: { reason: 'receiveid' } }));
  });

  it('malformed XML and bad base64, with clear messages', () => {
    expect(() => crypto.decryptMessage(q, '<xml><Encrypt>abc</xml>')).toThrow(/malformed callback XML/);
    expect(() => crypto.decryptMessage(q, '<xml><Foo>1</Foo></xml>')).toThrow(/has no <Encrypt>/);
    expect(() => crypto.decryptMessage(q, '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>')).toThrow(/DOCTYPE/);
    const bad = 'not base64!!';
    expect(() =>
      crypto.decryptMessage(
        { ...q, msg_signature: crypto.signature(V.timestamp, V.nonce, bad) },
        `<xml><Encrypt><![CDATA[${bad}]]></Encrypt></xml>`,
      ),
    ).toThrow(expect.objectContaining({ details: { reason: 'base64' } }));
  });

  it('a bad token or key in the config, without printing them', () => {
    expect(() => new CallbackCrypto({ token: 'has space', encodingAESKey: V.key, receiveId: 'x' })).toThrow(/1 to 32 letters and digits/);
    expect(() => new CallbackCrypto({ token: 'ok', encodingAESKey: 'short', receiveId: 'x' })).toThrow(/43 letters and digits/);
  });

  it('round-trips a passive reply', () => {
    const reply = crypto.encryptReply('<xml><Content>hi</Content></xml>', '1700000000', 'n1');
    const encrypted = /<Encrypt><!\[CDATA\[(.+?)\]\]>/.exec(reply)![1]!;
    const sig = /<MsgSignature><!\[CDATA\[(.+?)\]\]>/.exec(reply)![1]!;
    expect(
      crypto.decryptMessage(
        { msg_signature: sig, timestamp: '1700000000', nonce: 'n1' },
        `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
      ).xml,
    ).toBe('<xml><Content>hi</Content></xml>');
  });
});

/** A receiver on loopback that verifies, decrypts and parses what the emulator pushes. */
async function receiver(crypto: CallbackCrypto) {
  const events: CallbackEvent[] = [];
  const errors: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      try {
        const q = Object.fromEntries(url.searchParams) as { msg_signature: string; timestamp: string; nonce: string };
        events.push(parseCallbackEvent(crypto.decryptMessage(q, body).xml));
        res.end('');
      } catch (err) {
        errors.push((err as Error).message);
        res.statusCode = 400;
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`,
    events,
    errors,
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('end to end: emulator change -> encrypted push -> verify -> decrypt -> typed event', () => {
  it('delivers typed change_contact events for member, department and tag changes', async () => {
    const s = await sim({ users: 20, depts: 4 });
    const rx = await receiver(new CallbackCrypto({ token: s.token, encodingAESKey: s.encodingAESKey, receiveId: s.corpId }));
    await s.control.setCallback({ url: rx.url });
    const c = client(s, { contacts: true });
    const dept = await c.departments.create({ name: '新团队', parentid: 1 });
    await c.users.create({ userid: 'li.si', name: '李四', department: [dept], position: '设计师' });
    await c.users.update({ userid: 'li.si', new_userid: 'lisi', position: '资深设计师' });
    const tag = await c.tags.create('新人');
    await c.tags.addMembers(tag, ['lisi']);
    await c.users.delete('lisi');
    await c.departments.delete(dept);
    await s.control.drainCallbacks();
    expect(rx.errors).toEqual([]);
    const summary = rx.events.map((e) => (e.type === 'change_contact' ? e.changeType : e.type));
    expect(summary).toEqual(['create_party', 'create_user', 'update_user', 'update_tag', 'delete_user', 'delete_party']);
    expect(rx.events[1]).toMatchObject({
      changeType: 'create_user',
      userId: 'li.si',
      name: '李四',
      department: [dept],
      position: '设计师',
      toUserName: s.corpId,
      fromUserName: 'sys',
    });
    expect(rx.events[2]).toMatchObject({ changeType: 'update_user', userId: 'li.si', newUserId: 'lisi', position: '资深设计师' });
    expect(rx.events[3]).toMatchObject({ changeType: 'update_tag', tagId: tag, addUserItems: ['lisi'], delUserItems: [] });
    expect(rx.events[0]).toMatchObject({ changeType: 'create_party', id: dept, name: '新团队', parentId: 1 });
    await rx.close();
  });

  it('thin events carry only the ids (callback URLs set after 2022-08-15)', async () => {
    const s = await sim({ users: 10 });
    const rx = await receiver(new CallbackCrypto({ token: s.token, encodingAESKey: s.encodingAESKey, receiveId: s.corpId }));
    await s.control.setCallback({ url: rx.url, thin: true });
    const c = client(s, { contacts: true });
    await c.users.create({ userid: 'wang.wu', name: '王五', department: [1], mobile: '13800000009' });
    await c.departments.create({ name: 'Thin', parentid: 1 });
    await s.control.drainCallbacks();
    const [user, party] = rx.events as unknown as [Record<string, unknown>, Record<string, unknown>];
    expect(user).toMatchObject({ changeType: 'create_user', userId: 'wang.wu', department: [1] });
    expect(user).not.toHaveProperty('name');
    expect(user).not.toHaveProperty('mobile');
    expect(party).toMatchObject({ changeType: 'create_party', parentId: 1 });
    expect(party).not.toHaveProperty('name');
    await rx.close();
  });

  it('duplicate deliveries share one event key', async () => {
    const s = await sim({ users: 10 });
    const rx = await receiver(new CallbackCrypto({ token: s.token, encodingAESKey: s.encodingAESKey, receiveId: s.corpId }));
    await s.control.setCallback({ url: rx.url, duplicates: 1 });
    await s.control.org('user/update', { userid: [...s.state.org.users.values()][2]!.userid, position: 'X' });
    await s.control.drainCallbacks();
    expect(rx.events).toHaveLength(2);
    expect(eventKey(rx.events[0]!)).toBe(eventKey(rx.events[1]!));
    await rx.close();
  });
});
