import type { UpstreamMember } from '@jitkit/corps';
import { QywxInnerType } from '@jitkit/corps-qywx-inner';
import type { WeComMember } from '@jitkit/wecom';

/**
 * This app's version of corps.QywxInnerType: every corp of the app (corps.MyQywxCorp too)
 * gets it. Members are shown as "张伟 (David)" when WeCom has an English name, and the
 * employee number kept in WeCom's custom field 工号 becomes the member's alias.
 */
export default class DemoQywxInnerType extends QywxInnerType {
  protected override mapMember(m: WeComMember): UpstreamMember {
    const member = super.mapMember(m);
    const employeeNo = m.extattr?.attrs?.find((a) => a.name === '工号')?.text?.value;
    return {
      ...member,
      name: m.english_name && m.english_name !== m.name ? `${m.name} (${m.english_name})` : m.name,
      ...(employeeNo ? { alias: employeeNo } : {}),
    };
  }
}
