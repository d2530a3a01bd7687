import { callbackError } from '../errors.js';
import { parseXmlRoot } from './xml.js';

interface EventBase {
  toUserName: string;
  fromUserName: string;
  /** Seconds since the epoch. */
  createTime: number;
  /** Every field as received, for fields this type does not name. */
  raw: Readonly<Record<string, unknown>>;
}

export interface UserChange extends EventBase {
  type: 'change_contact';
  changeType: 'create_user' | 'update_user';
  userId: string;
  /** Set when update_user renamed the member. */
  newUserId?: string;
  name?: string;
  department?: number[];
  mainDepartment?: number;
  isLeaderInDept?: number[];
  directLeader?: string[];
  position?: string;
  mobile?: string;
  gender?: string;
  email?: string;
  bizMail?: string;
  status?: number;
  avatar?: string;
  alias?: string;
  telephone?: string;
  address?: string;
}

export interface UserDeleted extends EventBase {
  type: 'change_contact';
  changeType: 'delete_user';
  userId: string;
}

export interface PartyChange extends EventBase {
  type: 'change_contact';
  changeType: 'create_party' | 'update_party';
  id: number;
  name?: string;
  parentId?: number;
  order?: number;
}

export interface PartyDeleted extends EventBase {
  type: 'change_contact';
  changeType: 'delete_party';
  id: number;
}

export interface TagChange extends EventBase {
  type: 'change_contact';
  changeType: 'update_tag';
  tagId: number;
  addUserItems: string[];
  delUserItems: string[];
  addPartyItems: number[];
  delPartyItems: number[];
}

/** Any other event or message (not change_contact): kept raw. */
export interface OtherEvent extends EventBase {
  type: 'other';
  msgType: string;
  event?: string;
}

export type ContactEvent = UserChange | UserDeleted | PartyChange | PartyDeleted | TagChange;
export type CallbackEvent = ContactEvent | OtherEvent;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function int(v: unknown, field: string): number {
  const s = text(v);
  if (s === undefined || !/^-?\d+$/.test(s)) throw callbackError('xml', `event field ${field} is not a number`);
  return Number(s);
}

const optInt = (v: unknown, field: string) => (text(v) === undefined || text(v) === '' ? undefined : int(v, field));
const list = (v: unknown) => (text(v) ? text(v)!.split(',').filter(Boolean) : []);
const intList = (v: unknown, field: string) => list(v).map((s) => int(s, field));
const optList = (v: unknown) => (text(v) === undefined ? undefined : list(v));
const optIntList = (v: unknown, field: string) => (text(v) === undefined ? undefined : intList(v, field));

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Parses a decrypted callback message. change_contact events become typed objects. */
export function parseCallbackEvent(xml: string): CallbackEvent {
  const f = parseXmlRoot(xml);
  const base: EventBase = {
    toUserName: text(f.ToUserName) ?? '',
    fromUserName: text(f.FromUserName) ?? '',
    createTime: int(f.CreateTime, 'CreateTime'),
    raw: Object.freeze({ ...f }),
  };
  if (f.Event !== 'change_contact')
    return defined({ ...base, type: 'other' as const, msgType: text(f.MsgType) ?? '', event: text(f.Event) });
  const changeType = text(f.ChangeType);
  switch (changeType) {
    case 'create_user':
    case 'update_user': {
      const userId = text(f.UserID);
      if (!userId) throw callbackError('xml', `${changeType} event without UserID`);
      return defined<UserChange>({
        ...base,
        type: 'change_contact',
        changeType,
        userId,
        newUserId: text(f.NewUserID),
        name: text(f.Name),
        department: optIntList(f.Department, 'Department'),
        mainDepartment: optInt(f.MainDepartment, 'MainDepartment'),
        isLeaderInDept: optIntList(f.IsLeaderInDept, 'IsLeaderInDept'),
        directLeader: optList(f.DirectLeader),
        position: text(f.Position),
        mobile: text(f.Mobile),
        gender: text(f.Gender),
        email: text(f.Email),
        bizMail: text(f.BizMail),
        status: optInt(f.Status, 'Status'),
        avatar: text(f.Avatar),
        alias: text(f.Alias),
        telephone: text(f.Telephone),
        address: text(f.Address),
      });
    }
    case 'delete_user': {
      const userId = text(f.UserID);
      if (!userId) throw callbackError('xml', 'delete_user event without UserID');
      return { ...base, type: 'change_contact', changeType, userId };
    }
    case 'create_party':
    case 'update_party':
      return defined<PartyChange>({
        ...base,
        type: 'change_contact',
        changeType,
        id: int(f.Id, 'Id'),
        name: text(f.Name),
        parentId: optInt(f.ParentId, 'ParentId'),
        order: optInt(f.Order, 'Order'),
      });
    case 'delete_party':
      return { ...base, type: 'change_contact', changeType, id: int(f.Id, 'Id') };
    case 'update_tag':
      return {
        ...base,
        type: 'change_contact',
        changeType,
        tagId: int(f.TagId, 'TagId'),
        addUserItems: list(f.AddUserItems),
        delUserItems: list(f.DelUserItems),
        addPartyItems: intList(f.AddPartyItems, 'AddPartyItems'),
        delPartyItems: intList(f.DelPartyItems, 'DelPartyItems'),
      };
    default:
      return { ...base, type: 'other', msgType: text(f.MsgType) ?? '', event: 'change_contact' };
  }
}

/** A key that is the same for duplicate deliveries of one event (WeCom retries and repeats). */
export function eventKey(e: CallbackEvent): string {
  const id =
    e.type === 'other'
      ? ''
      : 'userId' in e
        ? e.userId
        : 'tagId' in e
          ? `tag:${e.tagId}:${[...e.addUserItems, '/', ...e.delUserItems, '/', ...e.addPartyItems, '/', ...e.delPartyItems].join(',')}`
          : `party:${e.id}`;
  return `${e.fromUserName}|${e.createTime}|${e.type === 'change_contact' ? e.changeType : (e.event ?? e.msgType)}|${id}`;
}
