import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Test } from 'supertest';
import { PUBLIC_KEY, ROLES_KEY } from '../src/auth/roles.decorator';
import { Clock } from '../src/common/time/clock';
import { apply } from './support/case-helpers';
import { ManualClock } from './support/manual-clock';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, windowMove } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

const ZERO = '00000000-0000-4000-8000-000000000000';

interface Route {
  method: string;
  path: string;
  isPublic: boolean;
}

/** Every route of the running application, with its full path (/api/…/:param). */
function routesOf(t: TestApp): Route[] {
  const reflector = t.app.get(Reflector);
  const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
  return controllers.flatMap((wrapper) => {
    const base: string = Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '';
    const proto = Object.getPrototypeOf(wrapper.instance);
    return Object.getOwnPropertyNames(proto).flatMap((name) => {
      const handler = proto[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      if (name === 'constructor' || method === undefined) return [];
      const path = ['/api', base, Reflect.getMetadata(PATH_METADATA, handler)]
        .filter((p) => p && p !== '/')
        .join('/')
        .replace(/\/+/g, '/');
      const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, wrapper.metatype as object]) === true;
      const roles = reflector.getAllAndOverride<string[]>(ROLES_KEY, [handler, wrapper.metatype as object]);
      return [{ method: RequestMethod[method].toLowerCase(), path, isPublic: isPublic && !roles?.length }];
    });
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * DOMAIN.md: "Ratings are the citizen's alone: nothing ever rates on their behalf." Shown three
 * ways: by the shape of the routes, by calling every route of the application as staff, and by
 * the code and the table having no way to change a rating once written.
 */
describe("evaluation: ratings are the citizen's alone", () => {
  let t: TestApp;
  let refs: HallRefs;
  let clerk: string;
  let visit: { id: string; accessCode: string };
  let concluded: { caseNumber: string; queryCode: string };

  beforeAll(async () => {
    // Within the demo hall's issuing hours, whenever the suite runs.
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: new ManualClock('2026-03-02T10:00:00+08:00') }] });
    refs = await hallRefs(t);
    clerk = await t.login('clerk1');
    await t.http.post(`/api/windows/${refs.window[3]}/open`).set(auth(clerk)).expect(200);
    visit = (await issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body;
    await t.http.post(`/api/windows/${refs.window[3]}/call-next`).set(auth(clerk)).expect(200);
    await windowMove(t, clerk, refs.window[3], visit.id, 'start').expect(200);
    // An instant item (企业设立登记) concludes at the window: a case the citizen could rate.
    const items = (
      await t.http
        .get(`/api/halls/${t.hallId}/items`)
        .set(auth(await t.login('admin')))
        .expect(200)
    ).body as { id: string; name: string; materials: { name: string }[] }[];
    const item = items.find((i) => i.name === '企业设立登记')!;
    const applied = await apply(t, clerk, {
      ticketId: visit.id,
      applicant: { kind: 'person', name: '张三', idNumber: '11010519491231002X', contactPhone: '13812345678' },
      items: [{ itemId: item.id, materials: item.materials.map((m) => ({ name: m.name, provided: true })), decision: 'accept' }],
    }).expect(201);
    concluded = applied.body.cases[0];
    await windowMove(t, clerk, refs.window[3], visit.id, 'finish').expect(200);
  });
  afterAll(() => t.close());

  const ratings = async () => (await t.dataSource.query(`select count(*)::int as n from ratings`))[0].n as number;

  it("the only routes that write a rating are public and keyed by the citizen's own codes", () => {
    const writing = routesOf(t).filter((r) => r.method !== 'get' && /rating/i.test(r.path));
    expect(writing).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/api/tickets/:accessCode/rating', isPublic: true },
        { method: 'post', path: '/api/cases/rating', isPublic: true },
      ]),
    );
    expect(writing).toHaveLength(2);
  });

  it('no route of the application, called as a clerk, a manager or an admin, creates a rating for the visit or the case', async () => {
    const tokens = await Promise.all(['clerk1', 'manager', 'admin'].map((u) => t.login(u)));
    const params: Record<string, string> = { accessCode: visit.accessCode, ticketId: visit.id, hallId: t.hallId, windowId: refs.window[3] };
    const body = {
      score: 1,
      reasons: ['其他'],
      comment: '代评',
      accessCode: visit.accessCode,
      ticketId: visit.id,
      hallId: t.hallId,
      caseNumber: concluded.caseNumber,
      queryCode: concluded.queryCode,
    };
    const routes = routesOf(t).filter((r) => r.method !== 'get');
    expect(routes.length).toBeGreaterThan(20);
    const before = await ratings();
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? ZERO);
      for (const token of tokens) {
        await (t.http as unknown as Record<string, (p: string) => Test>)[route.method](path).set(auth(token)).send(body);
      }
    }
    expect(await ratings()).toBe(before);

    // The citizen can still rate both: nothing above used them up.
    await t.http.post(`/api/tickets/${visit.accessCode}/rating`).send({ score: 4 }).expect(201);
    await t.http.post('/api/cases/rating').send({ caseNumber: concluded.caseNumber, queryCode: concluded.queryCode, score: 4 }).expect(201);
    expect(await ratings()).toBe(before + 2);
  });

  it('the code has one statement that writes ratings, an insert, and none that updates or deletes them', () => {
    const root = join(__dirname, '..', 'src');
    const writes = sourceFiles(root).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/\b(insert\s+into|update|delete\s+from)\s+ratings\b/gi)].map(
        (m) => `${relative(root, file)}: ${m[1].toLowerCase()}`,
      );
    });
    expect(writes).toEqual(['evaluation/ratings.service.ts: insert into']);
  });

  it('the table refuses updates and deletes, whoever sends them', async () => {
    await expect(t.dataSource.query(`update ratings set score = 5`)).rejects.toThrow(/ratings is append-only/);
    await expect(t.dataSource.query(`delete from ratings`)).rejects.toThrow(/ratings is append-only/);
  });
});
