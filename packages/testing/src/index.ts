export { createTestDatabase, availability, dbTitle, DB_KINDS, type DbKind, type TestDatabase } from './databases.js';
export { leakedSecrets } from './secrets.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
export { startDemoUpstreams, DEMO_WECOM, DEMO_DINGTALK, type DemoUpstreams } from './demo-upstreams.js';
