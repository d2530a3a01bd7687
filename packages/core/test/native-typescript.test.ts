import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from './helpers/tmp-tree.js';

const run = promisify(execFile);
const coreDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('app-local TypeScript element code', () => {
  it('runs under plain node with no build step (the CLI and demo path)', async () => {
    // The fixtures import '@jitkit/core', which node resolves to this package's built dist.
    const script = `
      const { loadApp } = await import(${JSON.stringify(coreDist)});
      const app = await loadApp(${JSON.stringify(path.join(fixturesDir, 'toy-child'))}, { env: { SQUARE_SIDE: '2', SHAPES_API_KEY: 'k-0123456789' } });
      const star = app.getElement('shapes.Star');
      const tri = app.getElement('shapes.Triangle');
      console.log(JSON.stringify({ sides: star.sides, loud: tri.describe(), square: app.getElement('shapes.Square').interiorAngle() }));
      await app.close();
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, VITEST: '' } });
    expect(JSON.parse(stdout)).toEqual({ sides: 10, loud: 'TRIANGLE: A POLYGON WITH 3 SIDES', square: 90 });
  });
});
