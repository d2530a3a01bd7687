import type { DingTalkClient } from '../client.js';
import type { DingTalkDept, DingTalkDeptBrief } from '../types.js';

/** Departments (`通讯录部门信息读权限`). Every list is one level deep: walk the tree from 1. */
export class DepartmentApi {
  constructor(private readonly client: DingTalkClient) {}

  /** The children of a department (the app's contact scope applies). */
  async listSub(deptId: number): Promise<DingTalkDeptBrief[]> {
    return (await this.client.topapi<{ result: DingTalkDeptBrief[] }>('v2/department/listsub', { dept_id: deptId })).result;
  }

  /** The children's ids (ignores the contact scope). */
  async listSubIds(deptId: number): Promise<number[]> {
    return (await this.client.topapi<{ result: { dept_id_list: number[] } }>('v2/department/listsubid', { dept_id: deptId })).result
      .dept_id_list;
  }

  /** One department with its order and managers; 60003 when it does not exist, 50004 outside the contact scope. */
  async get(deptId: number): Promise<DingTalkDept> {
    return (await this.client.topapi<{ result: DingTalkDept }>('v2/department/get', { dept_id: deptId })).result;
  }
}
