export { DDInnerType, type DDInnerConfig, type DingTalkCorpData } from './dd-inner-type.js';
export {
  deptFromDingTalk,
  memberFromDingTalk,
  roleAsTag,
  DINGTALK_ACTIVE,
  DINGTALK_NOT_ACTIVATED,
  DINGTALK_MEMBER_SOURCE,
  dingTalkMemberRecord,
} from './mapping.js';
export { DingTalkSyncSource, type DingTalkMappers } from './dingtalk-source.js';
export { scopeOfDingTalkEvents, type DingTalkEventPayload } from './realtime/event-scope.js';
export { readPush, checkFreshness, type PushQuery } from './realtime/receive.js';
