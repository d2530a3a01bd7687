import path from 'node:path';
import type { FileTree } from './write-files.js';

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** The files of a new app with one WeCom corp instance, its secrets as {{ENV}} placeholders. */
export function newAppFiles(appDir: string, links: Record<string, string>): FileTree {
  const name = path.basename(appDir);
  const files: FileTree = {
    'app.json': json({ appId: name, title: `${name}: a jitkit app`, extends: ['@jitkit/corps-qywx-inner'] }),
    'package.json': json({
      name,
      version: '0.1.0',
      private: true,
      type: 'module',
      // link: = this checkout's packages (jitkit new links them already; pnpm install keeps them).
      dependencies: Object.fromEntries(Object.entries(links).map(([pkg, dir]) => [pkg, `link:${dir}`])),
    }),
    'corps/MyQywxCorp/e.json': json({ title: 'My WeCom Organization', type: 'corps.QywxInnerType' }),
    'corps/MyQywxCorp/MyQywxCorp.json': json({
      corpId: '{{WECOM_CORP_ID}}',
      agentId: '{{WECOM_AGENT_ID}}',
      secret: '{{WECOM_SECRET}}',
      apiBaseUrl: '{{WECOM_API_BASE:-https://qyapi.weixin.qq.com}}',
      oauthBaseUrl: '{{WECOM_OAUTH_BASE:-https://open.weixin.qq.com}}',
      qrLoginBaseUrl: '{{WECOM_QR_LOGIN_BASE:-https://login.work.weixin.qq.com}}',
      sync: { guardShare: 0.2 },
    }),
    '.env.example': [
      '# The WeCom self-built app (admin console: 应用管理 > 自建应用). {{VAR:-default}} in a config uses the default when VAR is unset.',
      'WECOM_CORP_ID=ww0000000000000000',
      'WECOM_AGENT_ID=1000001',
      'WECOM_SECRET=',
      '# Point these at the emulator (jitkit sim) to try the app without WeCom:',
      '# WECOM_API_BASE=http://127.0.0.1:8080',
      '# WECOM_OAUTH_BASE=http://127.0.0.1:8080',
      '# WECOM_QR_LOGIN_BASE=http://127.0.0.1:8080',
      '# JITKIT_DATABASE_URL=sqlite:.jitkit/pool.sqlite',
      '',
    ].join('\n'),
    '.gitignore': '.jitkit/\nnode_modules/\n.env\n',
    'scripts/hello.mts': [
      '// Your own script: node --import tsx scripts/hello.mts',
      "import { loadApp } from '@jitkit/core';",
      "import type { QywxInnerType } from '@jitkit/corps-qywx-inner';",
      '',
      "const app = await loadApp(new URL('..', import.meta.url).pathname, { env: process.env });",
      "const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');",
      'console.log(corp.title, corp.authConfig);',
      'await app.close();',
      '',
    ].join('\n'),
    'README.md': [
      `# ${name}`,
      '',
      'A jitkit app with one WeCom organisation, `corps.MyQywxCorp` (`corps/MyQywxCorp/`).',
      '',
      '```sh',
      `jitkit elements ${appDir}                                   # what the app is made of`,
      `jitkit sim --port 8080 --corp-id ww0000000000000000 --agent-id 1000001   # a WeCom emulator to try it (prints its secret)`,
      `WECOM_CORP_ID=ww0000000000000000 WECOM_AGENT_ID=1000001 WECOM_SECRET=<from jitkit sim> WECOM_API_BASE=http://127.0.0.1:8080 jitkit sync ${appDir} MyQywxCorp`,
      '```',
      '',
      'Then `jitkit corp tree` and `jitkit runs` show the synced organisation. Copy `.env.example` to',
      '`.env` for your real corp. `node --import tsx scripts/hello.mts` runs your own TypeScript',
      'against the app. A corp Type of your own: `jitkit new type <app> corps.AcmeType --extends corps.QywxInnerType`.',
      '',
    ].join('\n'),
  };
  for (const [pkg, dir] of Object.entries(links)) files[`node_modules/${pkg}`] = { symlink: dir };
  return files;
}

/** Known bases for `jitkit new type`: the class to import for each Type fullName. */
export const TYPE_BASES: Record<string, { pkg: string; className: string }> = {
  'corps.QywxInnerType': { pkg: '@jitkit/corps-qywx-inner', className: 'QywxInnerType' },
};

/** A custom Type: e.json with "layer": "type" and its class, extending a known base. */
export function newTypeFiles(fullName: string, base: string): FileTree {
  const known = TYPE_BASES[base]!;
  const short = fullName.slice(fullName.lastIndexOf('.') + 1);
  const folder = fullName.split('.').join('/');
  return {
    [`${folder}/e.json`]: json({ title: short, type: base, layer: 'type', backendBundleEntry: './index.ts' }),
    [`${folder}/index.ts`]: [
      "import type { TypeFactory } from '@jitkit/core';",
      `import type { ${known.className} } from '${known.pkg}';`,
      "import type { WeComMember } from '@jitkit/wecom';",
      '',
      `/**`,
      ` * ${fullName}: ${base} with your own rules. Written as a factory of its base, so it extends`,
      ` * whatever ${base} is in the app (the official class, or an override of it).`,
      ` * Instances: an element with "type": "${fullName}".`,
      ` */`,
      `const ${short}: TypeFactory<typeof ${known.className}> = (Base) =>`,
      `  class ${short} extends Base {`,
      '    // How a WeCom member becomes a pool member, e.g. English names in the display name:',
      '    protected override mapMember(m: WeComMember) {',
      '      const member = super.mapMember(m);',
      '      return { ...member, name: m.english_name ? `${m.name} (${m.english_name})` : m.name };',
      '    }',
      '  };',
      `export default ${short};`,
      '',
    ].join('\n'),
  };
}
