/**
 * The shape of nearly every WeCom callback document: `<xml>` holding elements that each hold one
 * CDATA section or plain text. Read here in one pass with indexOf (about a tenth of the general
 * parser's time: the intake reads two such documents a delivery, hundreds a second). Anything
 * else (nesting, entities, attributes, a repeated element, whitespace around a value, a name an
 * object already has) gives undefined, and the general parser (xml.ts) reads it as before.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters XML text may not hold (control characters), or that the general parser would treat differently. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PLAIN_TEXT_REFUSED = /[<&\u0000-\u0008\u000b\u000c\u000e-\u001f]|]]>/;
const EDGE_SPACE = /^\s|\s$/;
const CDATA_OPEN = '<![CDATA[';

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

export function parseFlatXml(text: string): Record<string, string> | undefined {
  let i = skipSpace(text, 0);
  if (!text.startsWith('<xml>', i)) return undefined;
  i += 5;
  const out: Record<string, string> = {};
  for (;;) {
    i = skipSpace(text, i);
    // An empty root is the general parser's to refuse.
    if (text.startsWith('</xml>', i)) return skipSpace(text, i + 6) === text.length && Object.keys(out).length ? out : undefined;
    if (text[i] !== '<') return undefined;
    const close = text.indexOf('>', i);
    if (close < 0) return undefined;
    const name = text.slice(i + 1, close);
    if (!NAME.test(name) || name in out) return undefined;
    i = close + 1;
    let value: string;
    if (text.startsWith(CDATA_OPEN, i)) {
      const end = text.indexOf(']]>', i + CDATA_OPEN.length);
      if (end < 0) return undefined;
      value = text.slice(i + CDATA_OPEN.length, end);
      i = end + 3;
    } else {
      const lt = text.indexOf('<', i);
      if (lt < 0) return undefined;
      value = text.slice(i, lt);
      if (PLAIN_TEXT_REFUSED.test(value) || EDGE_SPACE.test(value)) return undefined;
      i = lt;
    }
    const endTag = `</${name}>`;
    if (!text.startsWith(endTag, i)) return undefined;
    i += endTag.length;
    out[name] = value;
  }
}
