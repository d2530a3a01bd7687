#!/usr/bin/env node
// Runs the emulator until stopped. `--json` prints one line of JSON (for scripts and benchmarks).
import { parseArgs } from 'node:util';
import { describeSim, startWeComSim } from './start.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    users: { type: 'string', default: '200' },
    depts: { type: 'string', default: '20' },
    tags: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'corp-id': { type: 'string' },
    'agent-id': { type: 'string' },
    secret: { type: 'string' },
    'contact-secret': { type: 'string' },
    'callback-url': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const sim = await startWeComSim({
  port: num(values.port),
  users: num(values.users),
  depts: num(values.depts),
  tags: num(values.tags),
  seed: num(values.seed),
  corpId: values['corp-id'],
  agentId: values['agent-id'],
  secret: values.secret,
  contactSecret: values['contact-secret'],
  callbackUrl: values['callback-url'],
});
const { url, corpId, agentId, secret, contactSecret, token, encodingAESKey } = sim;
const counts = { users: sim.state.org.users.size, depts: sim.state.org.depts.size };
console.log(
  values.json
    ? JSON.stringify({ url, corpId, agentId, secret, contactSecret, token, encodingAESKey, ...counts })
    : describeSim(sim, counts),
);
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
