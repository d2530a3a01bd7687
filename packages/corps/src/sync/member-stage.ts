import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HASH, HeldMemberships, NO_LEADERS } from './brief-member.js';
import type { UpstreamMember, UpstreamMembership } from './upstream.js';

/** A stand-in's record number in its stage. */
const RECORD = Symbol('staged member');

/**
 * What a full sync holds in memory of a staged member until apply (see MemberStage). A class, so
 * that its record and fingerprint take slots in the object itself.
 */
class StandIn implements UpstreamMember {
  readonly externalId: string;
  readonly name: string;
  mobile: string | undefined;
  email: string | undefined;
  readonly upstreamStatus: number;
  readonly enabled: boolean;
  readonly memberships: UpstreamMembership[];
  readonly directLeaders = NO_LEADERS;
  readonly [RECORD]: number;
  readonly [HASH]: string;

  constructor(m: UpstreamMember, memberships: UpstreamMembership[], record: number, hash: string) {
    this.externalId = m.externalId;
    this.name = m.name;
    this.mobile = m.mobile;
    this.email = m.email;
    this.upstreamStatus = m.upstreamStatus;
    this.enabled = m.enabled;
    this.memberships = memberships;
    this[RECORD] = record;
    this[HASH] = hash;
  }
}

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

  /** `memberships`: where stand-ins' memberships are held (shared with the run's brief members). */
  constructor(
    private readonly memberships = new HeldMemberships(),
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
    return new StandIn(m, this.memberships.of(m.memberships), this.ends.length - 1, hash);
  }

  /** Whether `m` is a stand-in (of any stage). */
  static isStandIn(m: UpstreamMember): boolean {
    return m instanceof StandIn;
  }

  /**
   * Once planning is done: the stand-ins among the members `writes` write drop their mobile and
   * email, which only planning reads (apply reads the whole member back, `whole`): 70 MB less at a
   * million members while the first sync writes.
   */
  static release(writes: Iterable<{ member: UpstreamMember }>): void {
    for (const { member: m } of writes) if (m instanceof StandIn) m.mobile = m.email = undefined;
  }

  /** The whole member `m` stands in for (`m` itself when it is not a stand-in). */
  whole(m: UpstreamMember): UpstreamMember {
    if (!(m instanceof StandIn)) return m;
    const record = m[RECORD];
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
