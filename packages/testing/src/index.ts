export { createTestDatabase, availability, dbTitle, DB_KINDS, type DbKind, type TestDatabase } from './databases.js';
export { leakedSecrets } from './secrets.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
