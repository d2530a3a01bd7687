export {
  WeComClient,
  WECOM_API_BASE,
  type WeComClientOptions,
  type ApiSpec,
  type CallParams,
  type ClientStats,
  type ApiBudget,
  type BudgetWindow,
} from './client.js';
export { WeComApiError, protocolError, callbackError, type CallbackFailure } from './errors.js';
export type { WeComDepartment, WeComMember, WeComSimpleMember, WeComTag, WeComTagDetail, WeComExtAttr, DeptUserRow } from './types.js';
export type { DepartmentInput } from './api/departments.js';
export type { MemberInput } from './api/users.js';
export type { TagMembersResult } from './api/tags.js';
export type { OAuthIdentity, MemberPrivateInfo } from './api/auth.js';
/** The token store and retry policy are core's (shared by every upstream client); re-exported for WeCom users. */
export { MemoryTokenStore, type TokenStore, type StoredToken, type RetryPolicy } from '@jitkit/core';
export {
  buildAuthorizeUrl,
  buildQrLoginUrl,
  OAUTH_AUTHORIZE_BASE,
  QR_LOGIN_BASE,
  type AuthorizeUrlOptions,
  type QrLoginUrlOptions,
} from './oauth.js';
export { jsapiSignature, type JsapiSignature } from './jsapi.js';
export { CallbackCrypto, type CallbackCryptoOptions, type SignedQuery } from './callback/crypto.js';
export {
  parseCallbackEvent,
  eventKey,
  type CallbackEvent,
  type ContactEvent,
  type UserChange,
  type UserDeleted,
  type PartyChange,
  type PartyDeleted,
  type TagChange,
  type OtherEvent,
} from './callback/events.js';
export { readOrganization, type OrgSnapshot, type OrgTag, type ReadOrgOptions } from './org-reader.js';
