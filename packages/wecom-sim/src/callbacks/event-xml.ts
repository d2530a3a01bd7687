import type { Org } from '../org/org.js';
import type { OrgChange, SimUser } from '../org/model.js';

export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

type Fields = [string, string | number][];

/** Member fields an event may carry, in WeCom's names, from the stored member. */
function userFields(u: SimUser, only?: Set<string>): Fields {
  const all: [string, keyof SimUser, (u: SimUser) => string | number][] = [
    ['Name', 'name', (x) => x.name],
    ['Department', 'department', (x) => x.department.join(',')],
    ['MainDepartment', 'main_department', (x) => x.main_department],
    ['IsLeaderInDept', 'is_leader_in_dept', (x) => x.is_leader_in_dept.join(',')],
    ['DirectLeader', 'direct_leader', (x) => x.direct_leader.join(',')],
    ['Position', 'position', (x) => x.position],
    ['Mobile', 'mobile', (x) => x.mobile],
    ['Gender', 'gender', (x) => Number(x.gender)],
    ['Email', 'email', (x) => x.email],
    ['BizMail', 'biz_mail', (x) => x.biz_mail],
    ['Status', 'status', (x) => x.status],
    ['Avatar', 'avatar', (x) => x.avatar],
    ['Alias', 'alias', (x) => x.alias],
    ['Telephone', 'telephone', (x) => x.telephone],
    ['Address', 'address', (x) => x.address],
  ];
  return all.filter(([, field]) => !only || only.has(field)).map(([tag, , get]) => [tag, get(u)]);
}

/**
 * The decrypted change_contact event for a change. In thin mode (callback URLs set after
 * 2022-08-15) user events carry only UserID and Department, party events only Id and ParentId.
 * (?) We keep NewUserID in thin update_user events: without it a rename could not be followed.
 */
export function eventFields(change: OrgChange, org: Org, thin: boolean): Fields {
  switch (change.kind) {
    case 'create_user':
      return [
        ['ChangeType', 'create_user'],
        ['UserID', change.user.userid],
        ...(thin ? userFields(change.user, new Set(['department'])) : userFields(change.user)),
      ];
    case 'update_user': {
      const renamed = change.previousUserid !== undefined;
      const head: Fields = [
        ['ChangeType', 'update_user'],
        ['UserID', change.previousUserid ?? change.user.userid],
        ...(renamed ? ([['NewUserID', change.user.userid]] as Fields) : []),
      ];
      return [...head, ...userFields(change.user, new Set(thin ? ['department'] : ['department', ...change.changed]))];
    }
    case 'delete_user':
      return [
        ['ChangeType', 'delete_user'],
        ['UserID', change.user.userid],
      ];
    case 'create_party':
      return thin
        ? [
            ['ChangeType', 'create_party'],
            ['Id', change.dept.id],
            ['ParentId', change.dept.parentid],
          ]
        : [
            ['ChangeType', 'create_party'],
            ['Id', change.dept.id],
            ['Name', change.dept.name],
            ['ParentId', change.dept.parentid],
            ['Order', change.dept.order],
          ];
    case 'update_party': {
      const out: Fields = [
        ['ChangeType', 'update_party'],
        ['Id', change.dept.id],
      ];
      if (!thin && change.changed.includes('Name')) out.push(['Name', change.dept.name]);
      if (thin || change.changed.includes('ParentId')) out.push(['ParentId', change.dept.parentid]);
      return out;
    }
    case 'delete_party':
      return [
        ['ChangeType', 'delete_party'],
        ['Id', change.dept.id],
      ];
    case 'update_tag': {
      void org;
      const out: Fields = [
        ['ChangeType', 'update_tag'],
        ['TagId', change.tagid],
      ];
      if (change.addUsers.length) out.push(['AddUserItems', change.addUsers.join(',')]);
      if (change.delUsers.length) out.push(['DelUserItems', change.delUsers.join(',')]);
      if (change.addParties.length) out.push(['AddPartyItems', change.addParties.join(',')]);
      if (change.delParties.length) out.push(['DelPartyItems', change.delParties.join(',')]);
      return out;
    }
  }
}

export function eventXml(corpId: string, createTime: number, fields: Fields): string {
  const body = fields.map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}>${cdata(v)}</${k}>`)).join('');
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><FromUserName>${cdata('sys')}</FromUserName><CreateTime>${createTime}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('change_contact')}</Event>${body}</xml>`;
}
