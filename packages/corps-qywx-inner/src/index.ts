export { QywxInnerType, type QywxInnerConfig, type ThirdCorpData } from './qywx-inner-type.js';
export { deptFromWeCom, memberFromWeCom, tagFromWeCom, WECOM_LEFT, WECOM_MEMBER_SOURCE, weComMemberRecord } from './mapping.js';
export { WeComSyncSource, type WeComMappers } from './wecom-source.js';
export { weComLoginUserid } from './login.js';
/** What a completed login returns (the corps family's shape). */
export { loginRefused, type AdmittedMember as LoginResult } from '@jitkit/corps';
export { scopeOfEvents } from './realtime/event-scope.js';
export { readCallback, checkFreshness, reReadPayload, type ReceiveOptions, type Received } from './realtime/receive.js';
