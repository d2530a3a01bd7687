import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApp } from '@jitkit/core';
import { makeTmpDir, removeTmpDirs, writeTree } from './helpers/tmp-tree.js';

afterAll(removeTmpDirs);

const elementCode = `import { Element } from '@jitkit/core';\nexport default class Thing extends Element { who() { return this.define.appId; } }\n`;

/** An app folder with one Meta+Type and an instance named by `instance`. */
function app(appId: string, ext: string[], elements: Record<string, object | string>) {
  return { [`app.json`]: { appId, title: appId, extends: ext }, ...elements };
}

describe('parent apps', () => {
  it('finds parents as packages in node_modules and as folders, several levels deep', async () => {
    const root = await makeTmpDir();
    await writeTree(
      path.join(root, 'node_modules/@acme/kernel'),
      app('@acme/kernel', [], {
        'things/Meta/e.json': { title: 'Meta', type: '' },
        'things/ThingType/e.json': { title: 'Thing', type: 'things.Meta', backendBundleEntry: './thing.js' },
        'things/ThingType/thing.js': elementCode,
      }),
    );
    await writeTree(
      path.join(root, 'middle'),
      app('middle', ['@acme/kernel'], { 'things/Widget/e.json': { title: 'Widget', type: 'things.ThingType' } }),
    );
    await writeTree(
      path.join(root, 'top'),
      app('top', ['../middle'], { 'things/Gadget/e.json': { title: 'Gadget', type: 'things.ThingType' } }),
    );
    const top = await loadApp(path.join(root, 'top'));
    expect(top.apps.map((a) => a.appId)).toEqual(['top', 'middle', '@acme/kernel']);
    expect(top.getElementDefine('things.Widget').appId).toBe('middle');
    expect(top.getElement<{ who(): string }>('things.Gadget').who()).toBe('top');
    await top.close();
  });

  it('orders a diamond so that a parent overrides what it extends (C3)', async () => {
    const root = await makeTmpDir();
    const thing = (title: string) => ({ 'things/Sign/e.json': { title, type: 'things.ThingType' } });
    await writeTree(
      path.join(root, 'd'),
      app('d', [], {
        'things/Meta/e.json': { title: 'Meta', type: '' },
        'things/ThingType/e.json': { title: 'Thing', type: 'things.Meta', backendBundleEntry: './thing.js' },
        'things/ThingType/thing.js': elementCode,
        ...thing('from d'),
      }),
    );
    await writeTree(path.join(root, 'b'), app('b', ['../d'], {}));
    await writeTree(path.join(root, 'c'), app('c', ['../d'], thing('from c')));
    await writeTree(path.join(root, 'a'), app('a', ['../b', '../c'], {}));
    const a = await loadApp(path.join(root, 'a'));
    expect(a.apps.map((x) => x.appId)).toEqual(['a', 'b', 'c', 'd']);
    expect(a.getElementDefine('things.Sign')).toMatchObject({ title: 'from c', appId: 'c', overrides: ['d'] });
    await a.close();
  });

  it('keeps declared order between unrelated parents', async () => {
    const root = await makeTmpDir();
    const base = (appId: string) =>
      app(appId, [], {
        'things/Meta/e.json': { title: `Meta of ${appId}`, type: '' },
      });
    await writeTree(path.join(root, 'p1'), base('p1'));
    await writeTree(path.join(root, 'p2'), base('p2'));
    await writeTree(path.join(root, 'kid'), app('kid', ['../p2', '../p1'], {}));
    const kid = await loadApp(path.join(root, 'kid'));
    expect(kid.getElementDefine('things.Meta')).toMatchObject({ title: 'Meta of p2', overrides: ['p1'] });
    await kid.close();
  });
});
