/** A duplicate key: SQLite, PostgreSQL and MySQL each say it their own way. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  return e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.errno === 1062 || (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT'));
}
