// One read of the whole org in a fresh process: prints calls, wall time and peak RSS as JSON.
import { WeComClient, readOrganization } from '@jitkit/wecom';

const [url, corpId, secret] = process.argv.slice(2);
const client = new WeComClient({ corpId, secret, baseUrl: url });
const started = performance.now();
const org = await readOrganization(client, { tags: true });
const wallMs = performance.now() - started;
await client.close();
console.log(
  JSON.stringify({
    wallMs,
    calls: client.stats.requests,
    byApi: client.stats.byApi,
    departments: org.departments.length,
    members: org.members.size,
    tags: org.tags.length,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
