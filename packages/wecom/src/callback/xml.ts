import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { callbackError } from '../errors.js';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true });

/** Parses a callback XML document into `<xml>`'s children, as strings and nested objects. */
export function parseXmlRoot(text: string): Record<string, unknown> {
  // No DTDs: entity tricks have no place in a WeCom callback.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw callbackError('xml', 'callback XML must not contain a DOCTYPE');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw callbackError('xml', `malformed callback XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = parser.parse(text) as { xml?: unknown };
  if (!doc.xml || typeof doc.xml !== 'object') throw callbackError('xml', 'callback XML has no <xml> root element');
  return doc.xml as Record<string, unknown>;
}

export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
