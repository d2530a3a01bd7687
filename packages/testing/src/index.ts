export { createTestDatabase, availability, dbTitle, DB_KINDS, type DbKind, type TestDatabase } from './databases.js';
export { leakedSecrets } from './secrets.js';
