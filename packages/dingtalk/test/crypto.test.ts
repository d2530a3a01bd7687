import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DingTalkCrypto, parseEvent, eventKey } from '@jitkit/dingtalk';

// The verified vectors of docs/dingtalk-api.md §8.
const official = {
  token: '123456',
  aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij',
  ownerKey: 'suite4xxxxxxxxxxxxxxx',
  timestamp: '1445827045067',
  nonce: 'nEXhMP4r',
  encrypt:
    '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
  signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
  plain: '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
};
const checkUrl = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  ownerKey: 'ding6ccabc44d2c8d38b',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  encrypt:
    '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  plain: '{"EventType":"check_url"}',
};
const success = {
  token: '123456',
  aesKey: '1234567890123456789012345678901234567890123',
  ownerKey: 'dingsnotzck6pm5veliw',
  timestamp: '1614767836',
  nonce: 'A7Co0cJLMzIDtMMI',
  encrypt: 'YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==',
  signature: '9a95a004dd16f5c307e849b994173f76aa26e5eb',
  plain: 'success',
};

describe('DingTalk callback crypto against the documented vectors', () => {
  for (const [name, v] of Object.entries({ official, checkUrl, success })) {
    it(`${name}: signature and plaintext`, () => {
      const c = new DingTalkCrypto(v);
      expect(c.signature(v.timestamp, v.nonce, v.encrypt)).toBe(v.signature);
      expect(c.decrypt({ signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt })).toBe(v.plain);
    });
  }

  it('refuses a wrong signature, another owner, and garbage; the messages hold no key', () => {
    const c = new DingTalkCrypto(checkUrl);
    const m = { signature: checkUrl.signature, timestamp: checkUrl.timestamp, nonce: checkUrl.nonce, encrypt: checkUrl.encrypt };
    expect(() => c.decrypt({ ...m, signature: '0'.repeat(40) })).toThrow(
      expect.objectContaining({ code: 'DINGTALK_CALLBACK', details: { reason: 'signature' } }),
    );
    expect(() => new DingTalkCrypto({ ...checkUrl, ownerKey: 'dingother' }).decrypt(m)).toThrow(
      expect.objectContaining({ details: { reason: 'owner' } }),
    );
    const err = (() => {
      try {
        new DingTalkCrypto({ ...checkUrl, aesKey: 'x'.repeat(43) }).decrypt(m);
      } catch (e) {
        return e as Error;
      }
    })()!;
    expect(err.message).not.toContain(checkUrl.aesKey);
  });

  it('an encrypted reply decrypts, by an independent implementation of the algorithm, to success for this owner', () => {
    const c = new DingTalkCrypto(success);
    const r = c.reply('1700000000000', 'abcdefgh');
    expect(r.msg_signature).toBe(createHash('sha1').update([success.token, r.timeStamp, r.nonce, r.encrypt].sort().join('')).digest('hex'));
    const key = Buffer.from(`${success.aesKey}=`, 'base64');
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    d.setAutoPadding(false);
    const plain = Buffer.concat([d.update(Buffer.from(r.encrypt, 'base64')), d.final()]);
    const unpadded = plain.subarray(0, plain.length - plain[plain.length - 1]!);
    const len = unpadded.readUInt32BE(16);
    expect(unpadded.subarray(20, 20 + len).toString()).toBe('success');
    expect(unpadded.subarray(20 + len).toString()).toBe(success.ownerKey);
    expect(plain.length % 32).toBe(0);
  });
});

describe('DingTalk events in both casings', () => {
  it('reads an HTTP push (PascalCase) and a Stream frame (camelCase) the same way', () => {
    const http = parseEvent('{"EventType":"user_modify_org","CorpId":"ding1","TimeStamp":"1700000000000","UserId":["u1","u2"]}');
    const stream = parseEvent(
      { timeStamp: 1700000000000, userId: ['u1', 'u2'] },
      { eventType: 'user_modify_org', eventId: 'e1', eventCorpId: 'ding1' },
    );
    expect(http).toMatchObject({ type: 'user_modify_org', contact: true, corpId: 'ding1', time: 1700000000000, userIds: ['u1', 'u2'] });
    expect(stream).toMatchObject({ ...http, eventId: 'e1' });
    expect(eventKey(stream)).toBe('dt:e1');
    expect(parseEvent('{"EventType":"org_dept_remove","DeptId":[5,"6"]}').deptIds).toEqual([5, 6]);
    expect(parseEvent({ userIdList: ['a'], labelIdList: [7], action: 'add' }, { eventType: 'label_user_change' })).toMatchObject({
      userIds: ['a'],
      labelIds: [7],
    });
    expect(parseEvent('{"EventType":"check_url"}').contact).toBe(false);
    expect(() => parseEvent('not json')).toThrow(expect.objectContaining({ code: 'DINGTALK_CALLBACK' }));
  });
});
