// The element's class lives in the package; this file only points the runtime at it.
export { QywxInnerType as default } from '@jitkit/corps-qywx-inner';
