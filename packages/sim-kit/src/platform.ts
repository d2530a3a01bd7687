/** What `jitkit sim` asks of any emulator package: start one, describe it, say what an app must be told. */
export interface SimStartOptions {
  port?: number;
  users?: number;
  depts?: number;
  /** Tags (WeCom) or roles (DingTalk) to generate. */
  groups?: number;
  seed?: number;
  corpId?: string;
  agentId?: string;
}

export interface RunningSim {
  url: string;
  /** For people: where it listens and the credentials an app needs (the emulator's own, not real secrets). */
  describe(): string;
  /** For scripts: the same, as one JSON object. */
  info(): Record<string, unknown>;
  close(): Promise<void>;
}

export interface SimPlatform {
  /** `--platform` value: wecom, dingtalk. */
  name: string;
  title: string;
  start(options: SimStartOptions): Promise<RunningSim>;
  /** The variable `jitkit sim --background` prints the process id in (one per platform, so two can run). */
  pidVariable: string;
  /** The variables the demo app's config reads to reach an emulator, from its `info()`. */
  appEnv(info: Record<string, unknown>): Record<string, string>;
}
