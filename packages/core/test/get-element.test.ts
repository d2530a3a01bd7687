import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadApp, type App, Element, JitError, LOGGER, CLOCK, MemoryLogger } from '@jitkit/core';
import { fixturesDir, toyEnv } from './helpers/tmp-tree.js';
import BasePolygon from './fixtures/toy-base/shapes/PolygonType/index.js';
import LoudPolygon from './fixtures/toy-child/shapes/PolygonType/index.js';

type RegularType = BasePolygon & { interiorAngle(): number };
type StarType = BasePolygon & { now(): number };
import ShapesMeta from './fixtures/toy-base/shapes/Meta/index.js';

const childDir = path.join(fixturesDir, 'toy-child');
const opened: App[] = [];
async function open(dir = childDir): Promise<App> {
  const app = await loadApp(dir, { env: toyEnv });
  opened.push(app);
  return app;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((a) => a.close()));
});

describe('app.getElement', () => {
  it('creates an instance on first call and returns the same object afterwards', async () => {
    const app = await open();
    const a = app.getElement<BasePolygon>('shapes.Triangle');
    const b = app.getElement<BasePolygon>('shapes.Triangle');
    expect(a).toBe(b);
    expect(a).toBeInstanceOf(Element);
    expect(a.fullName).toBe('shapes.Triangle');
    expect(a.title).toBe('Triangle');
    expect(a.perimeter()).toBe(15);
  });

  it('runs onLoad once and onCalled on every call', async () => {
    const app = await open();
    const t = app.getElement<BasePolygon>('shapes.Triangle');
    app.getElement('shapes.Triangle');
    app.getElement('shapes.Triangle');
    expect(t.loads).toBe(1);
    expect(t.calls).toBe(3);
  });

  it('returns the class itself for a Type or a Meta', async () => {
    const app = await open();
    expect(app.getElement('shapes.Meta')).toBe(ShapesMeta);
    expect(app.getElement('shapes.PolygonType')).toBe(LoudPolygon);
    // A factory Type's class is made for this app, on this app's PolygonType.
    const Regular = app.getElement<typeof BasePolygon>('shapes.RegularType');
    expect(Regular.name).toBe('RegularType');
    expect(Regular.prototype).toBeInstanceOf(LoudPolygon);
  });

  it('lets a child override win everywhere, also for instances defined in the parent app', async () => {
    const app = await open();
    // Triangle is defined in toy-base and names shapes.PolygonType: it gets toy-child's class.
    const triangle = app.getElement<BasePolygon>('shapes.Triangle');
    expect(triangle).toBeInstanceOf(LoudPolygon);
    expect(triangle.describe()).toBe('TRIANGLE: A POLYGON WITH 3 SIDES');
    // Without the child, the same instance has the official class.
    const base = await open(path.join(fixturesDir, 'toy-base'));
    const plain = base.getElement<BasePolygon>('shapes.Triangle');
    expect(plain).not.toBeInstanceOf(LoudPolygon);
    expect(plain.describe()).toBe('Triangle: a polygon with 3 sides');
  });

  it('builds an instance of a Type that extends a Type with the most derived class', async () => {
    const app = await open();
    const square = app.getElement<RegularType>('shapes.Square');
    expect(square).toBeInstanceOf(app.getElement('shapes.RegularType') as typeof BasePolygon);
    expect(square.interiorAngle()).toBe(90);
    expect(square.perimeter()).toBe(28);
  });

  it('gives a subclass Type with no constructor everything its parent gets', async () => {
    const clock = { now: () => 1_700_000_000_000, sleep: async () => {} };
    const app = await loadApp(childDir, { env: toyEnv, services: (a) => a.register(CLOCK, { useValue: clock }) });
    opened.push(app);
    const star = app.getElement<StarType>('shapes.Star');
    expect(star).toBeInstanceOf(app.getElement('shapes.StarType') as typeof BasePolygon);
    expect(star.sides).toBe(10);
    expect(star.now()).toBe(1_700_000_000_000);
    expect(star.define.typeChain).toEqual(['shapes.StarType', 'shapes.PolygonType', 'shapes.Meta']);
  });

  it('refuses a fullName that is not a string with INVALID_ARGUMENT, not a TypeError', async () => {
    const app = await open();
    expect(() => app.getElement(123 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('got number') }),
    );
  });

  it('refuses `new` outside the runtime with a clear error', () => {
    expect(() => new BasePolygon()).toThrow(/app\.getElement\(fullName\) instead of new/);
  });

  it('names the closest fullNames when an element is unknown', async () => {
    const app = await open();
    const err = (() => {
      try {
        app.getElement('shapes.Squar');
      } catch (e) {
        return e as JitError;
      }
    })();
    expect(err).toBeInstanceOf(JitError);
    expect(err!.code).toBe('ELEMENT_NOT_FOUND');
    expect(err!.message).toContain("'shapes.Square'");
    expect(err!.details.suggestions).toContain('shapes.Square');
    expect(() => app.getElementDefine('nothing.Here')).toThrow(expect.objectContaining({ code: 'ELEMENT_NOT_FOUND' }));
  });

  it('injects services by explicit tokens, replaceable per app before the first resolve', async () => {
    const logger = new MemoryLogger();
    const app = await open();
    app.register(LOGGER, { useValue: logger });
    const t = app.getElement<BasePolygon>('shapes.Triangle');
    (t as unknown as { logger: MemoryLogger }).logger.info('hello from the triangle');
    expect(logger.lines.at(-1)).toMatch(/info hello from the triangle/);
    // Another app keeps its own services.
    const other = await open();
    expect(other.resolve(LOGGER)).not.toBe(logger);
  });

  it('refuses to replace a service that elements already hold', async () => {
    const app = await open();
    app.getElement('shapes.Triangle');
    expect(() => app.register(LOGGER, { useValue: new MemoryLogger() })).toThrow(expect.objectContaining({ code: 'SERVICE_LOCKED' }));
  });
});

describe('app.close', () => {
  it('runs onAppExit and every disposer once, then refuses further use', async () => {
    const app = await loadApp(childDir, { env: toyEnv });
    const order: string[] = [];
    app.register(CLOCK, { useFactory: () => ({ now: () => 0, sleep: async () => {} }), dispose: () => order.push('clock') });
    app.onClose(() => order.push('custom'));
    const t = app.getElement<BasePolygon>('shapes.Triangle');
    await app.close();
    await app.close();
    expect(t.exited).toBe(true);
    expect(order).toEqual(['clock', 'custom']);
    expect(() => app.getElement('shapes.Triangle')).toThrow(expect.objectContaining({ code: 'APP_CLOSED' }));
  });

  it('still runs the other disposers when one fails, then reports it', async () => {
    const app = await loadApp(childDir, { env: toyEnv });
    const ran: string[] = [];
    app.onClose(() => ran.push('first'));
    app.onClose(() => {
      throw new Error('pool already gone');
    }, 'broken pool');
    await expect(app.close()).rejects.toThrow(/broken pool: pool already gone/);
    expect(ran).toEqual(['first']);
  });
});
