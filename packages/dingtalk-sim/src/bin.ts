#!/usr/bin/env node
// Runs the DingTalk emulator until stopped. `--json` prints one line of JSON (for scripts and benchmarks).
import { parseArgs } from 'node:util';
import { describeDingTalkSim } from './platform.js';
import { startDingTalkSim } from './start.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    users: { type: 'string', default: '200' },
    depts: { type: 'string', default: '20' },
    roles: { type: 'string' },
    seed: { type: 'string', default: '1' },
    qps: { type: 'string' },
    'corp-id': { type: 'string' },
    'agent-id': { type: 'string' },
    'app-key': { type: 'string' },
    'app-secret': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const sim = await startDingTalkSim({
  port: num(values.port),
  users: num(values.users),
  depts: num(values.depts),
  roles: num(values.roles),
  seed: num(values.seed),
  qps: num(values.qps),
  corpId: values['corp-id'],
  agentId: values['agent-id'],
  appKey: values['app-key'],
  appSecret: values['app-secret'],
});
const { url, corpId, agentId, appKey, appSecret, token, aesKey } = sim;
const counts = { users: sim.state.org.users.size, depts: sim.state.org.depts.size };
console.log(values.json ? JSON.stringify({ url, corpId, agentId, appKey, appSecret, token, aesKey, ...counts }) : describeDingTalkSim(sim));
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
