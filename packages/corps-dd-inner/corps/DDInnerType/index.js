// The element's class lives in the package; this file only points the runtime at it.
export { DDInnerType as default } from '@jitkit/corps-dd-inner';
