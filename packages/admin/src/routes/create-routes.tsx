import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ElementDefine } from '@jitkit/core';
import { page, viewerOf, type AdminContext } from '../context.js';
import { CORP_NAME, createCorp } from '../create-corp.js';
import { configFromForm, fieldOfPointer, formFields } from '../schema-form.js';
import { MessagePage } from '../views/login.js';
import { CorpCreatedPage, CorpFormPage, TypeChoicePage } from '../views/new-corp.js';

/** Corp Types of the app that have a config schema (the form is generated from it). */
function corpTypes(ctx: AdminContext): ElementDefine[] {
  return ctx.app.findElements({ type: 'corps.Meta', layer: 'type' }).filter((d) => d.raw.configSchema !== undefined);
}

async function schemaOf(d: ElementDefine): Promise<Record<string, unknown>> {
  const decl = d.raw.configSchema;
  return typeof decl === 'string'
    ? (JSON.parse(await readFile(decl, 'utf8')) as Record<string, unknown>)
    : (decl as Record<string, unknown>);
}

/** "Create instance elements through the visual tool": a form per corp Type, written into the app. */
export function createRoutes(fastify: FastifyInstance, ctx: AdminContext): void {
  fastify.get('/new-corp', async (req, reply) =>
    page(reply, <TypeChoicePage viewer={viewerOf(req)} types={corpTypes(ctx).map((d) => ({ fullName: d.fullName, title: d.title }))} />),
  );

  const typeOf = (fullName: string) => corpTypes(ctx).find((d) => d.fullName === fullName);
  const typeNotFound = (req: FastifyRequest<{ Params: { type: string } }>, reply: FastifyReply) =>
    page(
      reply,
      <MessagePage
        title="Not found"
        message={`No corp Type ${req.params.type} in this app.`}
        viewer={viewerOf(req)}
        back="/admin/new-corp"
      />,
      404,
    );

  fastify.get<{ Params: { type: string } }>('/new-corp/:type', async (req, reply) => {
    const type = typeOf(req.params.type);
    if (!type) return typeNotFound(req, reply);
    const fields = formFields(await schemaOf(type));
    return page(
      reply,
      <CorpFormPage viewer={viewerOf(req)} type={{ fullName: type.fullName, title: type.title }} fields={fields} values={{}} errors={{}} />,
    );
  });

  fastify.post<{ Params: { type: string }; Body: Record<string, string | undefined> }>('/new-corp/:type', async (req, reply) => {
    const type = typeOf(req.params.type);
    if (!type) return typeNotFound(req, reply);
    const body = Object.fromEntries(Object.entries(req.body ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    const fields = formFields(await schemaOf(type));
    const name = (body.name ?? '').trim();
    const title = (body.title ?? '').trim();
    const { config, errors } = configFromForm(fields, body);
    if (!CORP_NAME.test(name)) errors.name = 'a capital letter, then letters and digits (at most 64), e.g. AcmeCorp';
    else if (ctx.app.findElements({ prefix: `corps.${name}` }).some((d) => d.fullName === `corps.${name}`))
      errors.name = `corps.${name} already exists in this app`;
    if (!title) errors.title = 'is required';
    const form = (notice?: string) =>
      page(
        reply,
        <CorpFormPage
          viewer={viewerOf(req)}
          type={{ fullName: type.fullName, title: type.title }}
          fields={fields}
          values={body as Record<string, string>}
          errors={errors}
          notice={notice}
        />,
        400,
      );
    if (Object.keys(errors).length > 0) return form('Some fields need fixing: nothing was written.');
    const result = await createCorp(ctx.app, { name, title, type: type.fullName, config }, ctx.env);
    const target = `corps.${name}`;
    if ('problems' in result) {
      for (const p of result.problems) errors[p.pointer === '/name' ? 'name' : fieldOfPointer(p.pointer) || 'name'] = p.message;
      await ctx.audit(req.admin!, 'corp created', target, type.fullName, `refused: ${result.problems.map((p) => p.message).join('; ')}`);
      return form('The new corp would not load, so nothing was written.');
    }
    await ctx.audit(req.admin!, 'corp created', target, `${type.fullName}; files ${result.created.files.join(', ')}`, 'ok');
    return page(
      reply,
      <CorpCreatedPage
        viewer={viewerOf(req)}
        fullName={result.created.fullName}
        files={result.created.files}
        diagnosis={result.created.diagnosis}
      />,
    );
  });
}
