import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isJitError } from '@jitkit/core';
import { callbackError } from '../errors.js';
import { parseFlatXml } from './flat-xml.js';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true });

// A WeCom callback is at most four levels deep (xml > Items > Item > field); allow some room.
const MAX_DEPTH = 16;

/** How deep elements nest, counted without building anything (closing and self-closing tags aside). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const m of text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (m[1]) depth--;
    else if (!m[2]) max = Math.max(max, ++depth);
  }
  return max;
}

/** Parses a callback XML document into `<xml>`'s children, as strings and nested objects. */
export function parseXmlRoot(text: string): Record<string, unknown> {
  // No DTDs: entity tricks have no place in a WeCom callback.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw callbackError('xml', 'callback XML must not contain a DOCTYPE');
  return parseFlatXml(text) ?? parseXmlTree(text);
}

/** parseXmlRoot's general path: any well-formed document, nesting bounded. */
export function parseXmlTree(text: string): Record<string, unknown> {
  if (nestingDepth(text) > MAX_DEPTH) throw callbackError('xml', `callback XML is nested deeper than ${MAX_DEPTH} levels`);
  let doc: { xml?: unknown };
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw callbackError('xml', `malformed callback XML (line ${valid.err.line}: ${valid.err.msg})`);
    doc = parser.parse(text) as { xml?: unknown };
  } catch (err) {
    if (isJitError(err)) throw err;
    // The parser refuses names like __proto__ (and other hostile input) by throwing plain errors.
    throw callbackError('xml', `callback XML refused: ${err instanceof Error ? err.message.slice(0, 120) : 'unparseable'}`);
  }
  if (!doc.xml || typeof doc.xml !== 'object') throw callbackError('xml', 'callback XML has no <xml> root element');
  return doc.xml as Record<string, unknown>;
}

export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
