import path from 'node:path';
import { JitError } from '@jitkit/core';
import { Corp, type SyncSource, type UpstreamOrg } from '@jitkit/corps';
import { readCsv } from './csv.js';
import { orgFromRows, type DeptRow, type MemberRow } from './org.js';

interface CsvConfig {
  departments: string;
  members: string;
}

/**
 * corps.CsvType: an organisation kept in two CSV files beside the instance. The engine does
 * the rest: plan, guard, atomic apply, exact report, incremental re-sync, history.
 */
export default class CsvType extends Corp {
  private reads = 0;

  /** The two files, resolved against the instance folder. */
  private get files(): CsvConfig {
    const c = this.config as unknown as CsvConfig;
    return { departments: path.resolve(this.define.dir, c.departments), members: path.resolve(this.define.dir, c.members) };
  }

  // The department whose parentId is empty; the example's files call it 1.
  protected override get rootDeptId(): string {
    return '1';
  }

  protected override get externalCorpId(): string | null {
    return null;
  }

  get authConfig(): Readonly<Record<string, unknown>> {
    return Object.freeze({ ...this.files });
  }

  /** The "client" of a CSV corp: it reads the files. */
  getClient(): { read(): { departments: DeptRow[]; members: MemberRow[] } } {
    return {
      read: () => {
        this.reads++;
        return {
          departments: readCsv(this.files.departments, ['id', 'name', 'parentId']) as DeptRow[],
          members: readCsv(this.files.members, ['userid', 'name', 'departments', 'mobile', 'email', 'position']) as MemberRow[],
        };
      },
    };
  }

  async getThirdCorpData(): Promise<{ departments: DeptRow[]; members: MemberRow[] }> {
    return this.getClient().read();
  }

  protected createSyncSource(): SyncSource {
    return {
      // A CSV file has no partial reads: every sync reads it whole (scope 'all').
      fetch: async () => {
        const { departments, members } = this.getClient().read();
        return orgFromRows(departments, members, this.files);
      },
      callCount: () => this.reads,
    };
  }

  protected upstreamFromCorpData(corpData: object): UpstreamOrg {
    const { departments, members } = corpData as { departments?: DeptRow[]; members?: MemberRow[] };
    if (!Array.isArray(departments) || !Array.isArray(members))
      throw new JitError('INVALID_ARGUMENT', 'bulkRegister: corpData needs departments and members (what getThirdCorpData returns)');
    return orgFromRows(departments, members, this.files);
  }
}
