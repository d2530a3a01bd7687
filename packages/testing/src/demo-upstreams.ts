import { ddSimAppEnv, startDingTalkSim, type DingTalkSim, type DingTalkSimOptions } from '@jitkit/dingtalk-sim';
import { simAppEnv, startWeComSim, type WeComSim, type WeComSimOptions } from '@jitkit/wecom-sim';

/** The ids apps/demo's configs name: the WeCom corp's are fixed in MyQywxCorp.json, the DingTalk one's are its defaults. */
export const DEMO_WECOM = { corpId: 'ww1234567890abcdef', agentId: '1000001' } as const;
export const DEMO_DINGTALK = { corpId: 'ding1234567890abcdef', agentId: '3000000001', appKey: 'dingdemoappkey000001' } as const;

export interface DemoUpstreams {
  wecom: WeComSim;
  dingtalk: DingTalkSim;
  /** Every variable apps/demo reads to reach both emulators. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Both emulators apps/demo's corps talk to (corps.MyQywxCorp on WeCom, corps.MyDDCorp on
 * DingTalk), with the ids its configs name, and the environment that points the app at them.
 */
export async function startDemoUpstreams(wecom: WeComSimOptions = {}, dingtalk: DingTalkSimOptions = {}): Promise<DemoUpstreams> {
  const w = await startWeComSim({ ...DEMO_WECOM, users: 60, depts: 12, ...wecom });
  const d = await startDingTalkSim({ ...DEMO_DINGTALK, users: 20, depts: 4, qps: 1000, ...dingtalk });
  return {
    wecom: w,
    dingtalk: d,
    env: { ...simAppEnv(w), ...ddSimAppEnv(d) },
    close: async () => {
      await Promise.all([w.close(), d.close()]);
    },
  };
}
