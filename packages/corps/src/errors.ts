import { declareErrors } from '@jitkit/core';

/** The corps family's error codes: HTTP status for routes, exit code for `jitkit sync`. */
declareErrors({
  SYNC_GUARD: { status: 409, exit: 2 },
  SYNC_BUSY: { status: 409, exit: 3 },
  PLAN_CHANGED: { status: 409, exit: 4 },
  SYNC_FAILED: { status: 502 },
  AUTH_FAILED: { status: 403 },
  CORP_NOT_INITIALIZED: { status: 409 },
  MEMBER_NOT_FOUND: { status: 404 },
  ROLE_NOT_FOUND: { status: 404 },
  ROLE_EXISTS: { status: 409 },
  ROLE_GROUP_NOT_FOUND: { status: 404 },
  ROLE_GROUP_EXISTS: { status: 409 },
  DATABASE_ERROR: { status: 503 },
  EVENTS_NOT_SUPPORTED: { status: 404 },
});
