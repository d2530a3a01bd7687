import { authRoutes } from './auth.js';
import type { Route } from './context.js';
import { departmentRoutes } from './departments.js';
import { tagRoutes } from './tags.js';
import { userRoutes } from './users.js';

/** Every WeCom API the emulator answers, by its path under /cgi-bin/. */
export const ROUTES: ReadonlyMap<string, Route> = new Map(
  Object.entries({ ...departmentRoutes, ...userRoutes, ...tagRoutes, ...authRoutes }),
);
