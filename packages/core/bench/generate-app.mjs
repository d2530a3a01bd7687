// Writes a synthetic app: `metas` Metas, `types` Types (each with a config schema and a class),
// and the rest instances with config files, spread over the Types.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function generateApp(dir, { elements, metas = 10, types = 100 }) {
  await rm(dir, { recursive: true, force: true });
  const instances = elements - metas - types;
  const files = [];
  const put = (rel, content) => files.push([path.join(dir, rel), typeof content === 'string' ? content : JSON.stringify(content)]);
  put('app.json', { appId: `bench-${elements}`, title: `Generated app of ${elements} elements` });
  for (let m = 0; m < metas; m++) {
    put(`fam${m}/Meta/e.json`, { title: `Family ${m}`, type: '', backendBundleEntry: '.' });
    put(`fam${m}/Meta/index.js`, `export default class Meta${m} {}\n`);
  }
  for (let t = 0; t < types; t++) {
    const fam = t % metas;
    put(`fam${fam}/T${t}Type/e.json`, {
      title: `Type ${t}`,
      type: `fam${fam}.Meta`,
      backendBundleEntry: '.',
      configSchema: {
        type: 'object',
        required: ['name', 'size'],
        properties: {
          name: { type: 'string', minLength: 1 },
          size: { type: 'integer', minimum: 0 },
          token: { type: 'string', writeOnly: true },
          tags: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    });
    put(
      `fam${fam}/T${t}Type/index.js`,
      `import { Element } from '@jitkit/core';\nexport default class T${t} extends Element { size() { return this.config.size; } }\n`,
    );
  }
  for (let i = 0; i < instances; i++) {
    const t = i % types;
    const fam = t % metas;
    put(`fam${fam}/I${i}/e.json`, { title: `Instance ${i}`, type: `fam${fam}.T${t}Type` });
    put(`fam${fam}/I${i}/I${i}.json`, { name: `instance-${i}`, size: i, token: '{{BENCH_TOKEN}}', tags: ['a', 'b'] });
  }
  const dirs = new Set(files.map(([f]) => path.dirname(f)));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  for (let i = 0; i < files.length; i += 256) await Promise.all(files.slice(i, i + 256).map(([f, c]) => writeFile(f, c)));
  return { instances, metas, types };
}
