import { callbackError } from '../errors.js';

/** Contact events a sync acts on (the rest are parsed and ignored). */
export const CONTACT_EVENTS = new Set([
  'user_add_org',
  'user_modify_org',
  'user_leave_org',
  'user_active_org',
  'org_admin_add',
  'org_admin_remove',
  'org_dept_create',
  'org_dept_modify',
  'org_dept_remove',
  'label_user_change',
  'label_conf_add',
  'label_conf_modify',
  'label_conf_del',
  'org_change',
]);

/** One event, in one shape whichever way it came (HTTP push in PascalCase, Stream in camelCase). */
export interface DingTalkEvent {
  type: string;
  /** A contact change (re-read what it names), not check_url or another topic. */
  contact: boolean;
  corpId?: string;
  /** Stream's eventId (HTTP pushes carry one in newer bodies): the de-duplication key when present. */
  eventId?: string;
  /** When it happened, epoch ms. */
  time?: number;
  userIds: string[];
  deptIds: number[];
  labelIds: number[];
}

/** Stream mode's EVENT frame headers that matter here. */
export interface StreamEventHeaders {
  eventType?: string;
  eventId?: string;
  eventCorpId?: string;
  eventBornTime?: string | number;
}

const pick = (o: Record<string, unknown>, ...names: string[]) => {
  for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);
const strings = (v: unknown) => list(v).map(String);
const numbers = (v: unknown) =>
  list(v)
    .map(Number)
    .filter((n) => Number.isInteger(n));
const epoch = (v: unknown) => (v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));

/**
 * Parses an event's JSON: an HTTP push's decrypted text (`{EventType, CorpId, TimeStamp, UserId,
 * DeptId}`, or newer bodies with eventId and camelCase fields) or a Stream frame's `data` with
 * its headers. Both casings are accepted; ids become strings (users) and integers (departments, roles).
 */
export function parseEvent(json: string | Record<string, unknown>, headers: StreamEventHeaders = {}): DingTalkEvent {
  let o: Record<string, unknown>;
  try {
    o = typeof json === 'string' ? (JSON.parse(json) as Record<string, unknown>) : json;
  } catch {
    throw callbackError('json', 'the event is not JSON');
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw callbackError('json', 'the event is not a JSON object');
  const type = String(headers.eventType ?? pick(o, 'EventType', 'eventType') ?? '');
  if (!type) throw callbackError('json', 'the event has no EventType');
  const eventId = pick(o, 'eventId', 'EventId') ?? headers.eventId;
  const corpId = headers.eventCorpId ?? pick(o, 'CorpId', 'corpId');
  return {
    type,
    contact: CONTACT_EVENTS.has(type),
    ...(corpId !== undefined ? { corpId: String(corpId) } : {}),
    ...(eventId !== undefined ? { eventId: String(eventId) } : {}),
    ...(() => {
      const t = epoch(pick(o, 'TimeStamp', 'timeStamp', 'EventTime', 'eventTime') ?? headers.eventBornTime);
      return t === undefined ? {} : { time: t };
    })(),
    userIds: [...new Set(strings(pick(o, 'UserId', 'userId', 'userIdList', 'UserIdList')))],
    deptIds: [...new Set(numbers(pick(o, 'DeptId', 'deptId', 'deptIdList')))],
    labelIds: [...new Set(numbers(pick(o, 'labelIdList', 'LabelIdList')))],
  };
}

/** A key that is the same for a repeat delivery of one event: its eventId, else its content. */
export function eventKey(e: DingTalkEvent): string {
  if (e.eventId) return `dt:${e.eventId}`;
  return `dt:${e.type}:${e.time ?? ''}:${e.userIds.join(',')}:${e.deptIds.join(',')}:${e.labelIds.join(',')}`;
}
