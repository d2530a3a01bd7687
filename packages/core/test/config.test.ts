import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApp, Secret, scrubSecrets } from '@jitkit/core';
import type BasePolygon from './fixtures/toy-base/shapes/PolygonType/index.js';
import { fixturesDir, toyEnv } from './helpers/tmp-tree.js';

describe('instance config', () => {
  const loading = loadApp(path.join(fixturesDir, 'toy-child'), { env: toyEnv });
  afterAll(async () => (await loading).close());

  it('fills {{VAR}} from options.env and validates it with the Type schema', async () => {
    const square = (await loading).getElement<BasePolygon>('shapes.Square');
    expect(square.config.side).toBe('7');
    expect(square.config.sides).toBe(4);
    expect(Object.isFrozen(square.config)).toBe(true);
  });

  it('wraps writeOnly fields as secrets that never print', async () => {
    const square = (await loading).getElement<BasePolygon>('shapes.Square');
    const key = square.config.apiKey as Secret;
    expect(key).toBeInstanceOf(Secret);
    expect(key.reveal()).toBe(toyEnv.SHAPES_API_KEY);
    const printed = [String(key), JSON.stringify(square.config), inspect(square.config), `${key}`].join('\n');
    expect(printed).not.toContain(toyEnv.SHAPES_API_KEY);
    expect(scrubSecrets(`leaked ${toyEnv.SHAPES_API_KEY}!`)).toBe('leaked [redacted]!');
  });

  it('uses the nearest schema in the type chain (a subclass Type may declare its own)', async () => {
    const star = (await loading).getElement<BasePolygon>('shapes.Star');
    expect(star.config).toEqual({ points: 5 });
  });
});

describe('secrets whose variable is not set', () => {
  it('load; the first use names the variable and the file', async () => {
    const app = await loadApp(path.join(fixturesDir, 'toy-child'), { env: { SQUARE_SIDE: '7' } });
    try {
      const key = app.getElement<BasePolygon>('shapes.Square').config.apiKey as Secret;
      expect(String(key)).toBe('[redacted]');
      expect(() => key.reveal()).toThrow(
        expect.objectContaining({
          code: 'ENV_MISSING',
          message: expect.stringMatching(/SHAPES_API_KEY is not set.*Square\.json#\/apiKey/),
        }),
      );
    } finally {
      await app.close();
    }
  });

  it('a non-secret variable is still required at load; without env, the error says process.env was not read', async () => {
    await expect(loadApp(path.join(fixturesDir, 'toy-child'))).rejects.toThrow(
      /SQUARE_SIDE is not set \(loadApp was called without `env`, so process.env was not read/,
    );
  });
});

describe('templating', () => {
  it('uses {{VAR:-default}} when VAR is not set', async () => {
    const { fillTemplates } = await import('../src/config/template.js');
    expect(fillTemplates({ a: '{{A:-https://x.example}}', b: 'k={{B:-}}', c: '{{C}}' }, { C: 'c' })).toEqual({
      value: { a: 'https://x.example', b: 'k=', c: 'c' },
      missing: [],
    });
    expect(fillTemplates({ a: '{{A:-d}}' }, { A: 'set' }).value).toEqual({ a: 'set' });
  });
});
