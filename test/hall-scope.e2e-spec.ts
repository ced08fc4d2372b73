import { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, NestFactory, Reflector } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { createHttpAdapter } from '../src/app.setup';
import { HALL_SCOPE_KEY, HallScope } from '../src/auth/hall-scope.decorator';
import { PUBLIC_KEY } from '../src/auth/roles.decorator';
import { createApiDocument } from '../src/common/http/api-document';

const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head'];
type Parameter = { name: string; in: string };
type Handler = (...args: never[]) => unknown;

/** Hall access is enforced by HallAccessGuard from each route's declaration: no route may leave it out. */
describe('Hall access of the routes', () => {
  it('is declared by every route that names a hall (@HallScoped, or @AnyHall with its reason)', async () => {
    // Preview mode: the routes and their metadata, no database.
    const app = await NestFactory.create(AppModule, createHttpAdapter(), { preview: true, logger: false, abortOnError: false });
    app.setGlobalPrefix('api');
    const doc = createApiDocument(app);
    const reflector = app.get(Reflector);
    const controllers = [...app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
    const problems: string[] = [];
    let scoped = 0;
    for (const wrapper of controllers) {
      const cls = wrapper.metatype as Type;
      const base: string = Reflect.getMetadata(PATH_METADATA, cls) ?? '';
      const proto = cls.prototype as Record<string, Handler>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor') continue;
        const handler = proto[name];
        const method = Reflect.getMetadata(METHOD_METADATA, handler);
        if (method === undefined) continue;
        const path = ['/api', base, Reflect.getMetadata(PATH_METADATA, handler)]
          .filter((p) => p && p !== '/')
          .join('/')
          .replace(/\/+/g, '/')
          .replace(/:(\w+)/g, '{$1}');
        const route = `${METHODS[method].toUpperCase()} ${path}`;
        const params = ((doc.paths[path] as Record<string, { parameters?: Parameter[] }>)[METHODS[method]]?.parameters ??
          []) as Parameter[];
        const has = (where: string, param: string) => params.some((p) => p.in === where && p.name === param);
        const scope = reflector.getAllAndOverride<HallScope | undefined>(HALL_SCOPE_KEY, [handler, cls]);
        const ownScope = Reflect.getMetadata(HALL_SCOPE_KEY, handler) as HallScope | undefined;
        const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, cls]);
        if ((has('path', 'hallId') || has('query', 'hallId')) && !scope)
          problems.push(`${route}: names a hall but says neither @HallScoped nor @AnyHall`);
        if (!scope || 'anyHall' in scope) continue;
        scoped++;
        if (isPublic) problems.push(`${route}: @Public and @HallScoped (an anonymous caller has no hall to check)`);
        if ('param' in scope && !has('path', scope.param))
          problems.push(`${route}: @HallScoped by a path parameter it does not have (${scope.param})`);
        if (ownScope && 'query' in ownScope && !has('query', ownScope.query))
          problems.push(`${route}: @HallScoped by a query parameter it does not take (${ownScope.query})`);
      }
    }
    await app.close();
    expect(problems).toEqual([]);
    expect(scoped).toBeGreaterThan(40);
  });
});
