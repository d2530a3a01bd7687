export { adminConsole } from './plugin.js';
export type { AdminOptions } from './context.js';
export { AdminSessions, ADMIN_SESSION_TTL_MS } from './auth/admin-sessions.js';
export { formFields, configFromForm, type FormField } from './schema-form.js';
