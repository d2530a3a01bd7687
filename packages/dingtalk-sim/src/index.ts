export { startDingTalkSim, type DingTalkSim, type DingTalkSimOptions } from './start.js';
export { DtSimControl, type DtSnapshot } from './control-client.js';
export { generateDtOrg, mobileOf, type GenerateDtOrgOptions, type GeneratedDtOrg } from './generator.js';
export type { DtDept, DtUser, DtRole, DtRoleGroup } from './model.js';
export type { OrgEvent } from './org.js';
export type { PushSettings, PushRecord } from './push.js';
export type { DtSimState, DtSimSettings } from './state.js';
export type { FaultRule, FaultKind } from '@jitkit/sim-kit';
