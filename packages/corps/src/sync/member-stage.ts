import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { carryHash, heldMemberships, NO_LEADERS } from './brief-member.js';
import type { UpstreamMember } from './upstream.js';

/** A stand-in's record number in its stage. */
const RECORD = Symbol('staged member');
type StandIn = UpstreamMember & { [RECORD]: number };

/** Bytes gathered before one write to the file, and read from it at once (records come back in about the order they went in). */
const BLOCK = 1 << 20;

/**
 * Upstream members a full sync holds from the fetch until apply, kept in a temporary file rather
 * than in memory: a first sync of a million members would otherwise hold a million whole members
 * (avatars, attributes, extra fields) for minutes, to write each once. In memory a stand-in keeps
 * what planning reads of a member: id, name, status, memberships, mobile and email (to recognise
 * a renamed member or a known user). The row builder reads the whole member back (`whole`).
 *
 * The file holds directory data (mobiles, emails), never a secret: it is private to the process's
 * user and removed by `close()`, which the engine calls however the run ends.
 */
export class MemberStage {
  private readonly dir: string;
  private readonly fd: number;
  /** End offset of each record in the file (record i spans ends[i-1] .. ends[i]). */
  private readonly ends: number[] = [];
  private pending: string[] = [];
  /** Bytes written to the file (the rest of `ends` is still in `pending`). */
  private flushed = 0;
  private block: Buffer = Buffer.alloc(0);
  private blockStart = 0;
  private last: { record: number; member: UpstreamMember } | undefined;
  private closed = false;

  /** `deptIds`: see heldMemberships. */
  constructor(
    private readonly deptIds = new Map<string, string>(),
    tmpDir = os.tmpdir(),
  ) {
    try {
      this.dir = mkdtempSync(path.join(tmpDir, 'jitkit-stage-'));
    } catch (err) {
      throw stageError(`could not create a staging directory in ${tmpDir}`, err);
    }
    this.fd = openSync(this.file, 'w+', 0o600);
  }

  private get file(): string {
    return path.join(this.dir, 'members.jsonl');
  }

  /** How many members are staged. */
  get size(): number {
    return this.ends.length;
  }

  /** Stages `m` and returns its stand-in, to hold instead of `m`; the stand-in carries `hash` (carriedHash). */
  put(m: UpstreamMember, hash: string): UpstreamMember {
    if (this.closed) throw new Error('member stage: put after close');
    const line = JSON.stringify(m);
    this.pending.push(line);
    this.ends.push((this.ends.at(-1) ?? 0) + Buffer.byteLength(line));
    if (this.ends.at(-1)! - this.flushed >= BLOCK) this.flush();
    const standIn: StandIn = {
      externalId: m.externalId,
      name: m.name,
      mobile: m.mobile,
      email: m.email,
      upstreamStatus: m.upstreamStatus,
      enabled: m.enabled,
      memberships: heldMemberships(m.memberships, this.deptIds),
      directLeaders: NO_LEADERS,
      [RECORD]: this.ends.length - 1,
    };
    return carryHash(standIn, hash);
  }

  /** Whether `m` is a stand-in (of any stage). */
  static isStandIn(m: UpstreamMember): boolean {
    return RECORD in m;
  }

  /** The whole member `m` stands in for (`m` itself when it is not a stand-in). */
  whole(m: UpstreamMember): UpstreamMember {
    if (!MemberStage.isStandIn(m)) return m;
    const record = (m as StandIn)[RECORD];
    // The row builder asks for a member's user row and member row one after the other.
    if (this.last?.record === record) return this.last.member;
    if (record >= this.ends.length) throw new Error(`member stage: ${m.externalId} was staged elsewhere`);
    const start = record === 0 ? 0 : this.ends[record - 1]!;
    const end = this.ends[record]!;
    if (end > this.flushed) this.flush();
    if (start < this.blockStart || end > this.blockStart + this.block.length) this.readBlock(start, end);
    const member = JSON.parse(this.block.toString('utf8', start - this.blockStart, end - this.blockStart)) as UpstreamMember;
    this.last = { record, member };
    return member;
  }

  /** Removes the file (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.block = Buffer.alloc(0);
    this.last = undefined;
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    if (!this.pending.length) return;
    const text = this.pending.join('');
    let buf = Buffer.from(text);
    try {
      while (buf.length) {
        const n = writeSync(this.fd, buf, 0, buf.length, this.flushed);
        this.flushed += n;
        buf = buf.subarray(n);
      }
    } catch (err) {
      throw stageError(`could not write ${this.file} (under 0.7 KB a staged member)`, err);
    }
    this.pending = [];
  }

  private readBlock(start: number, end: number): void {
    const length = Math.min(Math.max(BLOCK, end - start), this.flushed - start);
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, buf, got, length - got, start + got);
      if (n === 0) throw new Error(`member stage: the file ends at ${start + got} bytes, before record's end at ${end}`);
      got += n;
    }
    this.block = buf;
    this.blockStart = start;
  }
}

/** A staging failure that says where, and what to do: set TMPDIR to a disk with room. */
function stageError(what: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(
    `member stage: ${what}: ${reason}. A full sync of a large org stages members in TMPDIR: point TMPDIR at a disk with room`,
    {
      cause,
    },
  );
}
