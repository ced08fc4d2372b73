import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { createTestApp, TestApp } from './support/test-app';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: false });
  });
  afterAll(() => t.close());

  it('documents every route with a summary', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { summary?: string }>> };
    const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
    const missing: string[] = [];
    const methods = ['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head'];
    for (const wrapper of controllers) {
      const base: string = Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '';
      const proto = Object.getPrototypeOf(wrapper.instance);
      for (const name of Object.getOwnPropertyNames(proto)) {
        const method = Reflect.getMetadata(METHOD_METADATA, proto[name]);
        if (name === 'constructor' || method === undefined) continue;
        const path = ['/api', base, Reflect.getMetadata(PATH_METADATA, proto[name])]
          .filter((p) => p && p !== '/')
          .join('/')
          .replace(/\/+/g, '/')
          .replace(/:(\w+)/g, '{$1}');
        const op = doc.paths[path]?.[methods[method]];
        if (!op?.summary) missing.push(`${methods[method].toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents the success response of every operation: a schema, a binary download, or 204 no content', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }> }>
      >;
    };
    const undocumented: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2'));
        const documented = success.some(
          ([status, res]) =>
            (status === '204' && !!res.description) || Object.values(res.content ?? {}).some((media) => media.schema !== undefined),
        );
        if (!documented) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
