export { DingTalkClient, DINGTALK_OAPI_BASE, DINGTALK_API_BASE, type DingTalkClientOptions, type DingTalkStats } from './client.js';
export { DingTalkApiError, protocolError, callbackError, type CallbackFailure } from './errors.js';
export type { DingTalkDept, DingTalkDeptBrief, DingTalkMember, DingTalkRoleGroup, DingTalkUserInfo, DingTalkMe } from './types.js';
export { USER_PAGE_SIZE } from './api/users.js';
export { buildLoginUrl, DINGTALK_LOGIN_BASE, type LoginUrlOptions } from './api/login.js';
export { DingTalkCrypto, type DingTalkCryptoOptions, type PushedMessage, type EncryptedReply } from './callback/crypto.js';
export { parseEvent, eventKey, CONTACT_EVENTS, type DingTalkEvent, type StreamEventHeaders } from './callback/events.js';
export {
  readDingTalkOrganization,
  type DingTalkOrgSnapshot,
  type DingTalkOrgMember,
  type DingTalkOrgRole,
  type ReadDingTalkOrgOptions,
} from './org-reader.js';
export { MemoryTokenStore, type TokenStore, type StoredToken, type RetryPolicy } from '@jitkit/core';
export { DingTalkStream, type DingTalkStreamOptions, type StreamFrame } from './stream/stream-client.js';
