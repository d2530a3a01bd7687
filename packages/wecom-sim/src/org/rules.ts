import { fault } from '../errors.js';

const USERID = /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/;
const DEPT_NAME_FORBIDDEN = /[\\:*?"<>|]/;
const UINT32 = 2 ** 32;

/** Length in characters as WeCom counts them (code points, so 中 is one). */
function chars(s: string): number {
  return [...s].length;
}

export function checkUserid(userid: unknown, code = 40003): string {
  if (typeof userid !== 'string' || !USERID.test(userid)) throw fault(code);
  return userid;
}

export function checkMemberName(name: unknown): string {
  if (typeof name !== 'string' || chars(name.trim()) < 1 || chars(name) > 64) throw fault(60112);
  return name;
}

export function checkDeptName(name: unknown): string {
  if (typeof name !== 'string' || chars(name.trim()) < 1 || chars(name) > 64) throw fault(60009, 'department name length invalid');
  if (DEPT_NAME_FORBIDDEN.test(name)) throw fault(60009);
  return name;
}

export function checkOrder(order: unknown): number {
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0 || order >= UINT32) throw fault(40058, 'invalid order');
  return order;
}

export function checkInt(value: unknown, code: number): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw fault(code);
  return n;
}

export function checkString(value: unknown, max: number, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || chars(value) > max) throw fault(40058, `invalid ${field}`);
  return value;
}
