import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppLoadError, loadApp } from '@jitkit/core';
import { copyToyApps, removeTmpDirs, toyEnv, writeTree } from './helpers/tmp-tree.js';
import { loadProblems } from './helpers/expect-load-error.js';

afterAll(removeTmpDirs);

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, 'utf8')));
}

describe('loadApp refuses bad input with one error that names file, pointer and reason', () => {
  it('invalid JSON in an e.json: line and column', async () => {
    const { child } = await copyToyApps();
    const file = path.join(child, 'shapes/Star/e.json');
    await writeFile(file, '{\n  "title": "Star",\n  "type": "shapes.StarType",,\n}');
    const [p, ...rest] = await loadProblems(child, { env: toyEnv });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'ELEMENT_INVALID', file, pointer: '' });
    expect(p!.message).toMatch(/invalid JSON at line 3, column \d+/);
  });

  it('invalid JSON in a config file, without quoting the file (it may hold a secret)', async () => {
    const { base } = await copyToyApps();
    const file = path.join(base, 'shapes/Triangle/Triangle.json');
    await writeFile(file, '{ "sides": 3, "side": "5", "apiKey": "very-secret-value-123 }');
    const [p] = await loadProblems(base, { env: toyEnv });
    expect(p).toMatchObject({ code: 'CONFIG_INVALID', file });
    expect(p!.message).not.toContain('very-secret-value-123');
  });

  it('e.json without title or type', async () => {
    const { child } = await copyToyApps();
    const file = path.join(child, 'shapes/Star/e.json');
    await writeFile(file, '{}');
    const problems = await loadProblems(child, { env: toyEnv });
    expect(problems).toEqual([
      { code: 'ELEMENT_INVALID', file, pointer: '/title', message: 'is required' },
      { code: 'ELEMENT_INVALID', file, pointer: '/type', message: 'is required' },
    ]);
  });

  it('a type naming an unknown element, with the chain and a suggestion', async () => {
    const { child } = await copyToyApps();
    const file = path.join(child, 'shapes/Star/e.json');
    await edit(file, (t) => t.replace('shapes.StarType', 'shapes.StarTyp'));
    const [p, ...rest] = await loadProblems(child, { env: toyEnv });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'TYPE_NOT_FOUND', file, pointer: '/type' });
    expect(p!.message).toContain('shapes.Star -> shapes.StarTyp');
    expect(p!.message).toContain('did you mean shapes.StarType');
  });

  it('a type cycle, showing the chain', async () => {
    const { child } = await copyToyApps();
    await writeTree(child, {
      'loop/A/e.json': { title: 'A', type: 'loop.B', layer: 'type' },
      'loop/B/e.json': { title: 'B', type: 'loop.C', layer: 'type' },
      'loop/C/e.json': { title: 'C', type: 'loop.A', layer: 'type' },
    });
    const problems = await loadProblems(child, { env: toyEnv });
    const cycle = problems.find((p) => p.code === 'TYPE_CYCLE');
    expect(cycle!.message).toContain('loop.A -> loop.B -> loop.C -> loop.A');
    expect(problems.every((p) => p.file.includes('/loop/'))).toBe(true);
  });

  it('an override that names itself as its type says what an override keeps', async () => {
    const { child } = await copyToyApps();
    await writeTree(child, { 'shapes/PolygonType/e.json': { title: 'My polygons', type: 'shapes.PolygonType' } });
    const cycle = (await loadProblems(child, { env: toyEnv })).find((p) => p.code === 'TYPE_CYCLE');
    expect(cycle!.message).toContain('an override keeps its original\'s "type"');
  });

  it('an extends cycle', async () => {
    const { base, child } = await copyToyApps();
    await writeFile(path.join(base, 'app.json'), JSON.stringify({ appId: 'toy-base', title: 'b', extends: ['../toy-child'] }));
    const [p] = await loadProblems(child, { env: toyEnv });
    expect(p).toMatchObject({ code: 'APP_CYCLE', file: path.join(base, 'app.json'), pointer: '/extends/0' });
    expect(p!.message).toContain('toy-child -> toy-base -> toy-child');
  });

  it('a parent app that cannot be found', async () => {
    const { child } = await copyToyApps();
    await writeFile(
      path.join(child, 'app.json'),
      JSON.stringify({ appId: 'toy-child', title: 'c', extends: ['../toy-base', '@nobody/no-such-app', '../nowhere'] }),
    );
    const problems = await loadProblems(child, { env: toyEnv });
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ['APP_NOT_FOUND', '/extends/1'],
      ['APP_NOT_FOUND', '/extends/2'],
    ]);
    expect(problems[0]!.message).toContain("'@nobody/no-such-app'");
    expect(problems[0]!.message).toContain('add "@nobody/no-such-app" to the dependencies in');
    expect(problems[0]!.message).toContain('pnpm install');
  });

  it('two elements with the same fullName in one app', async () => {
    const { base } = await copyToyApps();
    await writeTree(base, { 'shapes.Triangle/e.json': { title: 'Another triangle', type: 'shapes.PolygonType' } });
    const [p] = await loadProblems(base, { env: toyEnv });
    expect(p!.code).toBe('ELEMENT_DUPLICATE');
    expect(p!.message).toContain("'shapes.Triangle'");
  });

  it('a backendBundleEntry module that is missing', async () => {
    const { child } = await copyToyApps();
    const file = path.join(child, 'shapes/StarType/e.json');
    await edit(file, (t) => t.replace('./index.ts', './star.ts'));
    const [p] = await loadProblems(child, { env: toyEnv });
    expect(p).toMatchObject({ code: 'MODULE_INVALID', file, pointer: '/backendBundleEntry' });
    expect(p!.message).toContain("module './star.ts' not found");
  });

  it('a module without a default export', async () => {
    const { child } = await copyToyApps();
    await writeFile(path.join(child, 'shapes/StarType/index.ts'), 'export class StarType {}\n');
    const [p] = await loadProblems(child, { env: toyEnv });
    expect(p).toMatchObject({ code: 'MODULE_INVALID', pointer: '/backendBundleEntry' });
    expect(p!.message).toContain('has no default export class');
  });

  it('a module whose class cannot build instances (does not extend Element)', async () => {
    const { child } = await copyToyApps();
    await writeFile(path.join(child, 'shapes/StarType/index.ts'), 'export default class StarType {}\n');
    const [p] = await loadProblems(child, { env: toyEnv });
    expect(p!.code).toBe('MODULE_INVALID');
    expect(p!.message).toContain('must extend Element');
  });

  it('a config that fails its Type schema, naming each field', async () => {
    const { base } = await copyToyApps();
    const file = path.join(base, 'shapes/Triangle/Triangle.json');
    await writeFile(file, JSON.stringify({ sides: 2, side: 'five', colour: 'red' }));
    const problems = await loadProblems(base, { env: toyEnv });
    expect(problems.map((p) => [p.code, p.file, p.pointer])).toEqual([
      ['CONFIG_INVALID', file, '/colour'],
      ['CONFIG_INVALID', file, '/sides'],
      ['CONFIG_INVALID', file, '/side'],
    ]);
    expect(problems[1]!.message).toContain('must be >= 3');
    expect(problems[1]!.message).toContain('schema of shapes.PolygonType');
  });

  it('a missing config file for a Type that declares a schema', async () => {
    const { base } = await copyToyApps();
    await rm(path.join(base, 'shapes/Hexagon/Hexagon.json'));
    const [p] = await loadProblems(base, { env: toyEnv });
    expect(p).toMatchObject({ code: 'CONFIG_INVALID', file: path.join(base, 'shapes/Hexagon/Hexagon.json') });
  });

  it('a missing env variable, naming it and the file (secrets are only needed when used: see config.test)', async () => {
    const { base } = await copyToyApps();
    const [p, ...rest] = await loadProblems(base, { env: { SHAPES_API_KEY: 'k'.repeat(12) } });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'ENV_MISSING', file: path.join(base, 'shapes/Square/Square.json'), pointer: '/side' });
    expect(p!.message).toBe('environment variable SQUARE_SIDE is not set');
  });

  it('overriding a protected element', async () => {
    const { child } = await copyToyApps();
    const file = path.join(child, 'shapes/SealedType/e.json');
    await writeTree(child, { 'shapes/SealedType/e.json': { title: 'Unsealed', type: 'shapes.Meta' } });
    const [p] = await loadProblems(child, { env: toyEnv });
    expect(p).toMatchObject({ code: 'ELEMENT_PROTECTED', file });
    expect(p!.message).toContain("overrides shapes.SealedType of app 'toy-base', which is protected");
  });

  it('lists every problem at once, across files and apps', async () => {
    const { base, child } = await copyToyApps();
    await writeFile(path.join(child, 'shapes/Star/e.json'), '{"title": "Star"}');
    await writeFile(path.join(base, 'shapes/Triangle/Triangle.json'), '{"sides": "three", "side": "1"}');
    await writeTree(child, { 'shapes/SealedType/e.json': { title: 'Unsealed', type: 'shapes.Meta' } });
    const err = await loadApp(child, { env: {} }).catch((e: unknown) => e as AppLoadError);
    expect(err).toBeInstanceOf(AppLoadError);
    expect((err as AppLoadError).code).toBe('APP_INVALID');
    expect((err as AppLoadError).problems.map((p) => p.code).sort()).toEqual([
      'CONFIG_INVALID',
      'ELEMENT_INVALID',
      'ELEMENT_PROTECTED',
      'ENV_MISSING',
    ]);
    expect((err as AppLoadError).message.split('\n')).toHaveLength(5);
  });

  it('leaves nothing behind: no database file, and the fixed app then loads', async () => {
    const { base } = await copyToyApps();
    const file = path.join(base, 'shapes/Triangle/Triangle.json');
    const good = await readFile(file, 'utf8');
    await writeFile(file, '{');
    await loadProblems(base, { env: toyEnv });
    expect(existsSync(path.join(base, '.jitkit'))).toBe(false);
    await writeFile(file, good);
    const app = await loadApp(base, { env: toyEnv });
    expect(app.getElementDefine('shapes.Triangle').layer).toBe('instance');
    await app.close();
  });
});
