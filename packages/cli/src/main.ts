import { Command, InvalidArgumentError } from 'commander';
import { exitCodeOf } from '@jitkit/core';
import { describeError, err } from './output.js';
import { corpTreeCommand } from './commands/corp-tree.js';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { elementsCommand } from './commands/elements.js';
import { newAppCommand, newTypeCommand } from './commands/new.js';
import { runsCommand } from './commands/runs.js';
import { serveCommand } from './commands/serve.js';
import { simCommand } from './commands/sim.js';
import { syncCommand } from './commands/sync.js';
import { webhooksCommand } from './commands/webhooks.js';

/** A whole-number option, refused (exit 1, with the reason) when it is not one in [min, max]. */
const whole =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    return value.trim();
  };

/** One of a fixed set of words, refused (exit 1, naming them) otherwise. */
const oneOf = (values: readonly string[]) => (value: string) => {
  if (!values.includes(value)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}, got "${value}"`);
  return value;
};

/** Runs the jitkit command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const run =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A) => {
      code = await fn(...args);
    };
  const program = new Command('jitkit')
    .description('jitkit: JitAI-style apps and organisation sync (WeCom, DingTalk, your own corp Types)')
    .showHelpAfterError();
  const db = [
    '--database <url>',
    'database URL (sqlite:FILE, postgres://…, mysql://…); default: env JITKIT_DATABASE_URL, app.json, then a SQLite file under the app',
  ] as const;

  program
    .command('elements <app>')
    .description("list an app's elements (layer, type chain, defining app)")
    .option('--layer <layer>', 'meta, type or instance')
    .option('--json', 'print JSON')
    .action(run(elementsCommand));
  program
    .command('sync <app> <corp>')
    .description('create the corp if needed, then sync it from upstream (atomic, guarded, recorded)')
    .option('--dry-run', 'print the plan, write nothing')
    .option('--force', 'apply even if the guard would stop it')
    .option('--no-wait', 'fail with SYNC_BUSY (exit 3) instead of waiting for a running sync of the corp')
    .option('--json', 'print the report as JSON')
    .option('--changes <n>', 'how many changes to list', whole(0))
    .option(...db)
    .action(run(syncCommand));
  const create = program.command('new').description('create an app, or a custom Type in an app');
  create
    .command('app <dir>')
    .description('a working app with one WeCom corp (config with {{ENV}} placeholders)')
    .option('--corp <kind>', 'the corp Type: qywx', 'qywx')
    .action(run(newAppCommand));
  create
    .command('type <app> <fullName>')
    .description('a custom corp Type (e.json with "layer": "type" and its class)')
    .option('--extends <type>', 'the Type it extends', 'corps.QywxInnerType')
    .action(run(newTypeCommand));
  program
    .command('doctor <app> <corp>')
    .description(
      "check a corp's setup before the first sync or after a failed one: OK/WARN/FAIL with the fix (exit 0 ok, 1 fail, 2 warnings)",
    )
    .option('--offline', 'skip the checks that call the upstream API or the public URL')
    .option('--public-url <url>', 'the URL jitkit serve is reached at (checks callbacks and login)')
    .option('--replay-window <seconds>', 'the callback replay window to report')
    .option('--json', 'print JSON')
    .option(...db)
    .action(run(doctorCommand));
  const corp = program.command('corp').description('look at a synced corp');
  corp
    .command('tree <app> <corp>')
    .description('the department tree with member counts')
    .option('--depth <n>', 'levels to show', whole(1, 100), '3')
    .option('--json', 'print JSON')
    .option(...db)
    .action(run(corpTreeCommand));
  program
    .command('runs <app> <corp>')
    .description('the sync history of a corp')
    .option('--limit <n>', 'how many runs', whole(1, 100_000), '20')
    .option('--json', 'print JSON')
    .option(...db)
    .action(run(runsCommand));
  program
    .command('webhooks <app> <corp>')
    .description("a corp's outbound webhooks: receivers, outbox by state, recent deliveries and their attempts")
    .option('--status <state>', 'only deliveries in this state', oneOf(['pending', 'delivered', 'failed', 'dropped']))
    .option('--run <runId>', 'only the notifications of this sync run')
    .option('--event <eventId>', 'one notification, with every attempt')
    .option('--limit <n>', 'how many deliveries', whole(1, 100_000), '20')
    .option('--deliver', 'send what is due now (what jitkit serve does in the background)')
    .option('--json', 'print JSON')
    .option(...db)
    .action(run(webhooksCommand));
  program
    .command('serve <app>')
    .description('change events (realtime sync), member login and health for every corp of the app; scheduled syncs')
    .option('--port <port>', 'port', '3000')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--public-url <url>', 'the URL browsers and the upstream reach this server at (default http://host:port)')
    .option('--replay-window <seconds>', 'refuse callbacks whose timestamp is further than this many seconds from now', '300')
    .option('--trust-proxy <addresses>', 'proxies whose X-Forwarded-For is believed: IPs or CIDRs, comma-separated (default: none)')
    .option('--event-retention <days>', 'keep applied callback events this many days', '7')
    .option(...db)
    .action(run(serveCommand));
  program
    .command('sim')
    .description('run an upstream emulator (WeCom or DingTalk) until stopped; prints its URL and credentials')
    .option('--platform <name>', 'wecom or dingtalk', 'wecom')
    .option('--port <port>', 'port (default: a free one)', whole(0, 65_535))
    .option('--users <n>', 'members to generate', whole(1, 5_000_000), '200')
    .option('--depts <n>', 'departments to generate', whole(1, 1_000_000), '20')
    .option('--tags <n>', 'tags (WeCom) or roles (DingTalk) to generate', whole(0, 100_000))
    .option('--seed <n>', 'generator seed', whole(0), '1')
    .option('--corp-id <id>', 'corpId to use')
    .option('--agent-id <id>', 'agentId to use')
    .option('--json', 'print one JSON line')
    .option(
      '--background',
      'run it as its own process and print `export …` of its credentials and JITKIT_SIM_PID (then: kill $JITKIT_SIM_PID)',
    )
    .action(run(simCommand));
  program
    .command('demo [app]')
    .description("the app's demo (demo.ts in the app; apps/demo: both emulators + SQLite, syncs and the seed's methods)")
    .option('--users <n>', 'members to generate', whole(1, 5_000_000), '5000')
    .option('--depts <n>', 'departments to generate', whole(1, 1_000_000), '300')
    .option('--seed <n>', 'generator seed', whole(0), '1')
    .option(...db)
    .action(run((appDir: string | undefined, options: Parameters<typeof demoCommand>[1]) => demoCommand(appDir ?? 'apps/demo', options)));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    err(describeError(e));
    return exitCodeOf(e);
  }
  return code;
}
