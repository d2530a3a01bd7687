import path from 'node:path';
import { JitError, loadApp } from '@jitkit/core';
import { out } from '../output.js';
import { newAppFiles, newTypeFiles, TYPE_BASES } from '../scaffold/app-template.js';
import { linkedPackages } from '../scaffold/checkout.js';
import { addFiles, writeNewFolder } from '../scaffold/write-files.js';

/** `jitkit new app <dir> [--corp qywx]`: a working app, anywhere, that `jitkit elements` lists at once. */
export async function newAppCommand(dir: string, options: { corp?: string }): Promise<number> {
  if ((options.corp ?? 'qywx') !== 'qywx')
    throw new JitError('INVALID_ARGUMENT', `--corp "${options.corp}": the corp Types jitkit new knows are: qywx (corps.QywxInnerType)`);
  const target = path.resolve(dir);
  writeNewFolder(target, newAppFiles(dir, linkedPackages()));
  out(
    `created ${target}: app.json, package.json, corps/MyQywxCorp (config with {{ENV}} placeholders), .env.example, scripts/hello.mts, README.md`,
  );
  out('next:');
  out(`  jitkit elements ${dir}`);
  out(`  jitkit sim --port 8080 --corp-id ww0000000000000000 --agent-id 1000001`);
  out(
    `  WECOM_CORP_ID=ww0000000000000000 WECOM_AGENT_ID=1000001 WECOM_SECRET=<from jitkit sim> WECOM_API_BASE=http://127.0.0.1:8080 jitkit sync ${dir} MyQywxCorp`,
  );
  return 0;
}

/** `jitkit new type <app> <fullName> --extends corps.QywxInnerType`: a custom Type that loads at once. */
export async function newTypeCommand(appDir: string, fullName: string, options: { extends?: string }): Promise<number> {
  const base = options.extends ?? 'corps.QywxInnerType';
  if (!TYPE_BASES[base])
    throw new JitError('INVALID_ARGUMENT', `--extends "${base}": jitkit new type can extend ${Object.keys(TYPE_BASES).join(', ')}`);
  if (!/^[a-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/.test(fullName))
    throw new JitError('INVALID_ARGUMENT', `"${fullName}" is not an element fullName: use dotted names like corps.AcmeType`);
  const app = await loadApp(appDir, { configs: 'skip' });
  try {
    if (app.findElements({}).some((d) => d.fullName === fullName))
      throw new JitError('ELEMENT_DUPLICATE', `${fullName} already exists in ${app.appId}`);
  } finally {
    await app.close();
  }
  addFiles(path.resolve(appDir), newTypeFiles(fullName, base));
  // Prove it loads before saying so.
  const check = await loadApp(appDir, { configs: 'skip' });
  await check.close();
  out(
    `created ${fullName} (extends ${base}) in ${path.resolve(appDir, fullName.split('.').join('/'))}: e.json ("layer": "type") and index.ts`,
  );
  out(`  instances: an element with "type": "${fullName}"; see it with jitkit elements ${appDir}`);
  return 0;
}
