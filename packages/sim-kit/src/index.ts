/** What every upstream emulator shares: a movable clock, seeded randomness, HTTP helpers, fault rules, name material. */
export { SimClock } from './clock.js';
export { randomToken, seededRandom } from './random.js';
export { clientIp, readBody, sendJson, sendHtml, escapeHtml, StreamedArray, MAX_BODY_BYTES } from './http-util.js';
export { Faults, type FaultRule, type FaultKind } from './faults.js';
export { SURNAMES, GIVEN, ENGLISH_FIRST, ENGLISH_LAST, POSITIONS, TOP_UNITS, SUB_UNITS, TAG_NAMES, CITIES } from './names.js';
export type { SimPlatform, SimStartOptions, RunningSim } from './platform.js';
export { spawnJsonLine, type SpawnedProcess } from './spawn-json.js';
export { basicControlHandlers, type BasicSimState } from './control-basics.js';
export { controlRequest, type ControlRequest } from './control-request.js';
export { httpRequest, type HttpRequest, type HttpAnswer } from './http-request.js';
