import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApp } from '@jitkit/core';
import { fixturesDir, toyEnv } from './helpers/tmp-tree.js';

const childDir = path.join(fixturesDir, 'toy-child');

describe('loadApp on the toy family', () => {
  const loading = loadApp(childDir, { env: toyEnv });
  afterAll(async () => (await loading).close());

  it('reads app.json and its parents in lookup order', async () => {
    const app = await loading;
    expect(app.appId).toBe('toy-child');
    expect(app.apps.map((a) => a.appId)).toEqual(['toy-child', 'toy-base']);
  });

  it('names every element from its folder and finds its layer from the type chain', async () => {
    const app = await loading;
    const summary = app.listElements().map((d) => [d.fullName, d.layer, d.typeChain.join(' > '), d.appId]);
    expect(summary).toEqual([
      ['shapes.Hexagon', 'instance', 'shapes.RegularType > shapes.PolygonType > shapes.Meta', 'toy-base'],
      ['shapes.Meta', 'meta', '', 'toy-base'],
      ['shapes.PolygonType', 'type', 'shapes.Meta', 'toy-child'],
      ['shapes.RegularType', 'type', 'shapes.PolygonType > shapes.Meta', 'toy-base'],
      ['shapes.SealedType', 'type', 'shapes.Meta', 'toy-base'],
      ['shapes.Square', 'instance', 'shapes.RegularType > shapes.PolygonType > shapes.Meta', 'toy-base'],
      ['shapes.Star', 'instance', 'shapes.StarType > shapes.PolygonType > shapes.Meta', 'toy-child'],
      ['shapes.StarType', 'type', 'shapes.PolygonType > shapes.Meta', 'toy-child'],
      ['shapes.Triangle', 'instance', 'shapes.PolygonType > shapes.Meta', 'toy-base'],
    ]);
  });

  it('gives a definition without creating the element, with what it overrides', async () => {
    const app = await loading;
    const d = app.getElementDefine('shapes.PolygonType');
    expect(d).toMatchObject({
      title: 'Polygon (overridden by toy-child)',
      appId: 'toy-child',
      overrides: ['toy-base'],
      accessModifier: 'public',
    });
    // Keys the override leaves out are inherited: the official config schema still applies.
    expect(d.raw.configSchema).toContain('toy-base/shapes/PolygonType/config.schema.json');
    expect(d.raw.functionList).toEqual([{ name: 'perimeter', title: 'Perimeter', args: [] }]);
  });

  it('selects definitions by type, layer, app and prefix', async () => {
    const app = await loading;
    const names = (sel: Parameters<typeof app.findElements>[0]) => app.findElements(sel).map((d) => d.fullName);
    expect(names({ type: 'shapes.PolygonType', layer: 'instance' })).toEqual([
      'shapes.Hexagon',
      'shapes.Square',
      'shapes.Star',
      'shapes.Triangle',
    ]);
    expect(names({ type: 'shapes.RegularType' })).toEqual(['shapes.Hexagon', 'shapes.Square']);
    expect(names({ appId: 'toy-child' })).toEqual(['shapes.PolygonType', 'shapes.Star', 'shapes.StarType']);
    expect(names({ layer: 'meta' })).toEqual(['shapes.Meta']);
    expect(names({ prefix: 'shapes.S' })).toEqual(['shapes.SealedType', 'shapes.Square', 'shapes.Star', 'shapes.StarType']);
  });

  it('loads the parent app on its own, without the child override', async () => {
    const base = await loadApp(path.join(fixturesDir, 'toy-base'), { env: toyEnv });
    try {
      expect(base.getElementDefine('shapes.PolygonType')).toMatchObject({ appId: 'toy-base', overrides: [] });
      expect(base.listElements().some((d) => d.fullName === 'shapes.Star')).toBe(false);
    } finally {
      await base.close();
    }
  });
});

describe('loadApp with configs: skip', () => {
  it('lists elements without env, and refuses to create instances', async () => {
    const app = await loadApp(childDir, { configs: 'skip' });
    expect(app.listElements()).toHaveLength(9);
    expect(() => app.getElement('shapes.Square')).toThrow(/loaded without configs/);
    await app.close();
  });
});
