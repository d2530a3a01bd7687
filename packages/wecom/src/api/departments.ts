import type { WeComClient } from '../client.js';
import type { WeComDepartment } from '../types.js';

export interface DepartmentInput {
  name: string;
  name_en?: string;
  parentid: number;
  order?: number;
  id?: number;
}

/** department/*: section 2.1 of wecom-api.md. Writes need the contacts-sync secret. */
export class DepartmentApi {
  constructor(private readonly client: WeComClient) {}

  /** That department and all below it; the whole visible tree without an id. */
  async list(id?: number): Promise<WeComDepartment[]> {
    return (
      await this.client.call<{ department: WeComDepartment[] }>(
        { name: 'department/list', method: 'GET', idempotent: true },
        { query: { id } },
      )
    ).department;
  }

  async simpleList(id?: number): Promise<{ id: number; parentid: number; order?: number }[]> {
    return (
      await this.client.call<{ department_id: { id: number; parentid: number; order?: number }[] }>(
        { name: 'department/simplelist', method: 'GET', idempotent: true },
        { query: { id } },
      )
    ).department_id;
  }

  async get(id: number): Promise<WeComDepartment> {
    return (
      await this.client.call<{ department: WeComDepartment }>(
        { name: 'department/get', method: 'GET', idempotent: true },
        { query: { id } },
      )
    ).department;
  }

  async create(input: DepartmentInput): Promise<number> {
    return (await this.client.call<{ id: number }>({ name: 'department/create', method: 'POST', idempotent: false }, { body: input })).id;
  }

  async update(input: Partial<DepartmentInput> & { id: number }): Promise<void> {
    await this.client.call({ name: 'department/update', method: 'POST', idempotent: false }, { body: input });
  }

  async delete(id: number): Promise<void> {
    await this.client.call({ name: 'department/delete', method: 'GET', idempotent: false }, { query: { id } });
  }
}
