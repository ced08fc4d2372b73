import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { Role } from '../../src/auth/principal';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/auth/roles.decorator';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface SchemaObject {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  $ref?: string;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  example?: unknown;
  default?: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: SchemaObject;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  summary?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

/** One route as the OpenAPI document shows it, with who may call it as its handler declares. */
export interface Route {
  method: HttpMethod;
  /** OpenAPI form: /api/halls/{hallId}/tickets */
  path: string;
  operation: OpenApiOperation;
  isPublic: boolean;
  roles: Role[];
}

const METHODS: Record<number, HttpMethod | undefined> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

function joinPath(...parts: (string | undefined)[]): string {
  return `/${['api', ...parts].filter((p) => p && p !== '/').join('/')}`
    .replace(/\/+/g, '/')
    .replace(/\/$/, '')
    .replace(/:(\w+)/g, '{$1}');
}

/**
 * Every route of the running application, read from the OpenAPI document (GET /api/docs-json) and
 * joined with the @Roles / @Public metadata of its handler, so that a module added later is covered
 * without naming it. Throws when a handler is missing from the document or the other way round.
 */
export async function routeCatalog(app: INestApplication, doc: OpenApiDocument): Promise<Route[]> {
  const reflector = app.get(Reflector);
  const declared = new Map<string, { isPublic: boolean; roles: Role[] }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const base: string = Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '';
      const proto = Object.getPrototypeOf(wrapper.instance);
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        if (name === 'constructor' || !method) continue;
        const targets = [handler, wrapper.metatype as object];
        declared.set(`${method} ${joinPath(base, Reflect.getMetadata(PATH_METADATA, handler))}`, {
          isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false,
          roles: reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [],
        });
      }
    }
  }
  const routes: Route[] = [];
  const undocumented = new Set(declared.keys());
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item) as HttpMethod[]) {
      const key = `${method} ${path}`;
      const access = declared.get(key);
      if (!access) throw new Error(`${key} is in the OpenAPI document but no handler declares it`);
      undocumented.delete(key);
      routes.push({ method, path, operation: item[method]!, ...access });
    }
  }
  if (undocumented.size) throw new Error(`handlers missing from the OpenAPI document: ${[...undocumented].join(', ')}`);
  return routes;
}

/** Follows a $ref (and a single allOf wrapper) to the schema it names. */
export function resolveSchema(doc: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolveSchema(doc, doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length === 1) return resolveSchema(doc, schema.allOf[0]);
  return schema;
}

export function bodySchema(doc: OpenApiDocument, route: Route): SchemaObject | undefined {
  return resolveSchema(doc, route.operation.requestBody?.content?.['application/json']?.schema);
}

export function pathParams(route: Route): string[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

export function fillPath(route: Route, values: (param: string) => string): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values(name)));
}
