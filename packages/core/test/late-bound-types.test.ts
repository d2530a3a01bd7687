import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AppLoadError, loadApp, type App } from '@jitkit/core';
import type BasePolygon from './fixtures/toy-base/shapes/PolygonType/index.js';
import { copyToyApps, fixturesDir, removeTmpDirs, toyEnv, writeTree } from './helpers/tmp-tree.js';

// Issue 11, item 1: a Type's class may be a factory of its base, bound per app.
const opened: App[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((a) => a.close()));
});
afterAll(removeTmpDirs);
const open = async (dir: string) => {
  const app = await loadApp(dir, { env: toyEnv });
  opened.push(app);
  return app;
};
type Regular = BasePolygon & { interiorAngle(): number };

describe('late-bound Type chain', () => {
  it('an override reaches the subclasses of the Type it overrides, also those of a parent app', async () => {
    // toy-base ships shapes.RegularType as a factory; toy-child overrides shapes.PolygonType (LOUD).
    const child = await open(path.join(fixturesDir, 'toy-child'));
    const hexagon = child.getElement<Regular>('shapes.Hexagon');
    expect(hexagon.describe()).toBe('HEXAGON: A POLYGON WITH 6 SIDES');
    expect(hexagon.interiorAngle()).toBe(120);
    // Without the override (the parent app alone), the same Type builds on the official class.
    const base = await open(path.join(fixturesDir, 'toy-base'));
    expect(base.getElement<Regular>('shapes.Hexagon').describe()).toBe('Hexagon: a polygon with 6 sides');
  });

  it('two apps in one process with different overrides each get their own classes', async () => {
    const { root, child } = await copyToyApps();
    const other = path.join(root, 'toy-other');
    await cp(child, other, { recursive: true });
    await writeTree(other, {
      'app.json': { appId: 'toy-other', title: 'other', extends: ['../toy-base'] },
      'shapes/PolygonType/index.ts': `import BasePolygon from '../../../toy-base/shapes/PolygonType/index.js';\nexport default class QuietPolygon extends BasePolygon {\n  override describe(): string {\n    return super.describe().toLowerCase();\n  }\n}\n`,
    });
    const [a, b] = [await open(child), await open(other)];
    expect(a.getElement<Regular>('shapes.Square').describe()).toBe('SQUARE: A POLYGON WITH 4 SIDES');
    expect(b.getElement<Regular>('shapes.Square').describe()).toBe('square: a polygon with 4 sides');
    expect(a.getElement('shapes.RegularType')).not.toBe(b.getElement('shapes.RegularType'));
  });

  it('a plain `extends` of a class that an override replaced in this app is a load problem with the fix', async () => {
    const { child } = await copyToyApps();
    await writeTree(child, {
      'shapes/OctType/e.json': { title: 'Octagons', type: 'shapes.PolygonType', layer: 'type', backendBundleEntry: './index.ts' },
      'shapes/OctType/index.ts': `import BasePolygon from '../../../toy-base/shapes/PolygonType/index.js';\nexport default class OctType extends BasePolygon {}\n`,
    });
    const err = await loadApp(child, { env: toyEnv }).catch((e: unknown) => e as AppLoadError);
    expect(err).toBeInstanceOf(AppLoadError);
    const [p, ...rest] = (err as AppLoadError).problems;
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'MODULE_INVALID', file: path.join(child, 'shapes/OctType/e.json'), pointer: '/backendBundleEntry' });
    expect(p!.message).toContain("shapes.PolygonType from app 'toy-child'");
    expect(p!.message).toContain('export default (Base) => class OctType extends Base');
  });

  it('a factory that does not return a subclass of its Base is a load problem', async () => {
    const { child } = await copyToyApps();
    await writeTree(child, {
      'shapes/OctType/e.json': { title: 'Octagons', type: 'shapes.PolygonType', layer: 'type', backendBundleEntry: './index.ts' },
      'shapes/OctType/index.ts': `export default () => class NotABase {};\n`,
    });
    const err = (await loadApp(child, { env: toyEnv }).catch((e: unknown) => e)) as AppLoadError;
    expect(err.problems[0]!.message).toContain('must return a class that extends the Base it is given');
  });
});
