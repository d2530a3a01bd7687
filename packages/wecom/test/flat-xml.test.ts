import { describe, expect, it } from 'vitest';
import { parseFlatXml } from '../src/callback/flat-xml.js';
import { parseXmlRoot, parseXmlTree } from '../src/callback/xml.js';

// Callback documents as WeCom sends them (wecom-api.md): the envelope and change_contact events.
const DOCS = [
  '<xml><ToUserName><![CDATA[ww1234567890abcdef]]></ToUserName><AgentID><![CDATA[1000001]]></AgentID><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS]]></Encrypt></xml>',
  '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>update_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><NewUserID><![CDATA[zhangsan001]]></NewUserID><Name><![CDATA[张三]]></Name><Department><![CDATA[1,2,3]]></Department><MainDepartment>1</MainDepartment><IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept><Position><![CDATA[产品经理]]></Position><Mobile>13800000000</Mobile><Gender>1</Gender><Email><![CDATA[zhangsan@gzdev.com]]></Email><Status>1</Status><Avatar><![CDATA[http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0]]></Avatar><Alias><![CDATA[zhangsan]]></Alias><Telephone><![CDATA[020-123456]]></Telephone><Address><![CDATA[广州市]]></Address><ExtAttr><Item><Name><![CDATA[爱好]]></Name><Type>0</Type><Text><Value><![CDATA[旅游]]></Value></Text></Item></ExtAttr></xml>',
  '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>delete_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID></xml>',
  '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>create_party</ChangeType><Id>2</Id><Name><![CDATA[张三]]></Name><ParentId><![CDATA[1]]></ParentId><Order>1</Order></xml>',
  '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[update_tag]]></ChangeType><TagId>1</TagId><AddUserItems><![CDATA[zhangsan,lisi]]></AddUserItems><DelUserItems><![CDATA[zhangsan1,lisi1]]></DelUserItems><AddPartyItems><![CDATA[1,2]]></AddPartyItems><DelPartyItems><![CDATA[3,4]]></DelPartyItems></xml>',
  '\n  <xml>\n<A>1</A>\n\t<B><![CDATA[ spaced ]]></B>\r\n<C></C><D><![CDATA[]]></D></xml>\n',
];

/** Seeded, so a failure can be repeated. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const PIECES = ['<', '>', '&', '/', ' ', '\n', ']]>', '<![CDATA[', '</A>', '<A>', '&amp;', '\u0001', 'xml', '__proto__', '"', '='];

function mutate(doc: string, rand: () => number): string {
  const at = Math.floor(rand() * doc.length);
  switch (Math.floor(rand() * 3)) {
    case 0:
      return doc.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)] + doc.slice(at);
    case 1:
      return doc.slice(0, at) + doc.slice(at + 1 + Math.floor(rand() * 8));
    default: {
      // An element again (a repeated name), or one renamed.
      const m = /<([A-Za-z]+)>[^]*?<\/\1>/.exec(doc.slice(at));
      return m
        ? doc.slice(0, at) + m[0].replace(/^<[A-Za-z]+>/, rand() < 0.5 ? '<constructor>' : m[0].match(/^<[A-Za-z]+>/)![0]) + doc.slice(at)
        : doc;
    }
  }
}

describe('the flat callback XML reader', () => {
  it('reads what the general parser reads from WeCom-shaped documents, or leaves them to it', () => {
    for (const doc of DOCS) {
      const flat = parseFlatXml(doc);
      const nested = doc.includes('<ExtAttr>');
      expect(flat === undefined).toBe(nested);
      expect(parseXmlRoot(doc)).toEqual(parseXmlTree(doc));
      if (flat) expect(flat).toEqual(parseXmlTree(doc));
    }
  });

  it('never reads a document differently from the general parser (20,000 damaged documents)', () => {
    const rand = random(7);
    let flatRead = 0;
    for (let n = 0; n < 20_000; n++) {
      let doc = DOCS[n % DOCS.length]!;
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) doc = mutate(doc, rand);
      const flat = parseFlatXml(doc);
      if (flat === undefined) continue;
      flatRead++;
      expect(() => parseXmlTree(doc), doc).not.toThrow();
      expect(flat, doc).toEqual(parseXmlTree(doc));
    }
    // The damage left many documents flat: the comparison above was made often.
    expect(flatRead).toBeGreaterThan(2_000);
  });

  it('leaves nesting, entities, attributes, repeats and prototype names to the general parser', () => {
    for (const doc of [
      '<xml><A><B>1</B></A></xml>',
      '<xml><A>a&amp;b</A></xml>',
      '<xml><A x="1">1</A></xml>',
      '<xml><A>1</A><A>2</A></xml>',
      '<xml><__proto__>1</__proto__></xml>',
      '<xml><constructor>1</constructor></xml>',
      '<xml><A> 1 </A></xml>',
      '<xml><A><![CDATA[a]]]]><![CDATA[>b]]></A></xml>',
      '<?xml version="1.0"?><xml><A>1</A></xml>',
      '<xml><A>1</A></xml><B/>',
      '<xml></xml>',
      '<xml><A/></xml>',
    ])
      expect(parseFlatXml(doc), doc).toBeUndefined();
  });
});
