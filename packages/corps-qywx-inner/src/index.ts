export { QywxInnerType, type QywxInnerConfig, type ThirdCorpData } from './qywx-inner-type.js';
export { deptFromWeCom, memberFromWeCom, tagFromWeCom, WECOM_LEFT } from './mapping.js';
export { WeComSyncSource, type WeComMappers } from './wecom-source.js';
