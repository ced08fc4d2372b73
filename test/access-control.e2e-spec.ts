import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DEMO_DEVICES } from '../seeds/demo-hall.data';
import { PUBLIC_KEY, ROLES_KEY } from '../src/auth/roles.decorator';
import { createTestApp, TestApp } from './support/test-app';

const ZERO = '00000000-0000-4000-8000-000000000000';

describe('access control', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every route names its roles or is explicitly public (deny by default)', () => {
    const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
    const reflector = t.app.get(Reflector);
    const undeclared: string[] = [];
    let count = 0;
    for (const wrapper of controllers) {
      const proto = Object.getPrototypeOf(wrapper.instance);
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        count++;
        const roles = reflector.getAllAndOverride<string[]>(ROLES_KEY, [handler, wrapper.metatype as object]);
        const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, wrapper.metatype as object]);
        if (!roles?.length && !isPublic)
          undeclared.push(`${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler)]} ${Reflect.getMetadata(PATH_METADATA, handler)}`);
      }
    }
    expect(count).toBeGreaterThan(10);
    expect(undeclared).toEqual([]);
  });

  describe('admin routes × every other role', () => {
    const adminRoutes = (hallId: string): [string, string, object?][] => [
      ['post', '/api/halls', { code: 'X1', name: '新大厅' }],
      ['patch', `/api/halls/${hallId}`, { name: '改名' }],
      ['post', `/api/halls/${hallId}/departments`, { code: 'NEW', name: '新部门' }],
      ['patch', `/api/departments/${ZERO}`, { name: 'x' }],
      ['delete', `/api/departments/${ZERO}`],
      ['post', `/api/halls/${hallId}/categories`, { prefix: 'Q', name: 'x' }],
      ['patch', `/api/categories/${ZERO}`, { name: 'x' }],
      ['delete', `/api/categories/${ZERO}`],
      ['post', `/api/halls/${hallId}/windows`, { number: 99, name: 'x', kind: 'comprehensive' }],
      ['patch', `/api/windows/${ZERO}`, { name: 'x' }],
      ['post', `/api/halls/${hallId}/items`, {}],
      ['patch', `/api/items/${ZERO}`, {}],
      ['get', `/api/halls/${hallId}/devices`],
      ['post', `/api/halls/${hallId}/devices`, { kind: 'display', name: 'x' }],
      ['post', `/api/devices/${ZERO}/revoke`],
    ];

    // 三员分立: accounts are the security administrator's, whom the system administrator's routes refuse like anyone else.
    const accountRoutes: [string, string, object?][] = [
      ['post', '/api/users', {}],
      ['patch', `/api/users/${ZERO}`, {}],
    ];

    it('denies clerk, approver, manager, display and kiosk (403) and anonymous callers (401); admin gets through the guard', async () => {
      const callers: [string, string | undefined, number][] = [
        ['clerk', await t.login('clerk1'), 403],
        ['approver', await t.login('approver-scjg'), 403],
        ['manager', await t.login('manager'), 403],
        ['display', DEMO_DEVICES[0].token, 403],
        ['kiosk', DEMO_DEVICES[1].token, 403],
        ['anonymous', undefined, 401],
        ['auditor', await t.login('auditor'), 403],
      ];
      const [admin, security] = await Promise.all([t.login('admin'), t.login('security')]);
      const failures: string[] = [];
      type Caller = [string, string | undefined, number];
      const routes: [string, string, object | undefined, string, Caller[]][] = [
        ...adminRoutes(t.hallId).map(([m, p, b]): [string, string, object | undefined, string, Caller[]] => [
          m,
          p,
          b,
          admin,
          [...callers, ['security', security, 403]],
        ]),
        ...accountRoutes.map(([m, p, b]): [string, string, object | undefined, string, Caller[]] => [
          m,
          p,
          b,
          security,
          [...callers, ['admin', admin, 403]],
        ]),
      ];
      for (const [method, path, body, privileged, refused] of routes) {
        for (const [who, token, expected] of refused) {
          let req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](path);
          if (token) req = req.set('Authorization', `Bearer ${token}`);
          const res = await req.send(body ?? {});
          if (res.status !== expected) failures.push(`${who} ${method.toUpperCase()} ${path} → ${res.status}`);
        }
        const call = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method];
        const req = call.call(t.http, path).set('Authorization', `Bearer ${privileged}`);
        const res = await req.send(body ?? {});
        if (res.status === 401 || res.status === 403) failures.push(`privileged ${method.toUpperCase()} ${path} → ${res.status}`);
      }
      expect(failures).toEqual([]);
      const [{ count }] = await t.dataSource.query(`select count(*)::int as count from halls where code = 'X1'`);
      expect(count).toBe(1);
    });
  });

  describe('hall scoping', () => {
    let otherHallId: string;
    let outsider: string;
    beforeAll(async () => {
      const admin = await t.login('admin');
      const hall = await t.http
        .post('/api/halls')
        .set('Authorization', `Bearer ${admin}`)
        .send({ code: 'OTHER', name: '另一个大厅' })
        .expect(201);
      otherHallId = hall.body.id;
      await t.http
        .post('/api/users')
        .set('Authorization', `Bearer ${await t.login('security')}`)
        .send({ username: 'other-manager', password: 'Other-password#1', displayName: '外厅主任', role: 'manager', hallIds: [otherHallId] })
        .expect(201);
      outsider = await t.login('other-manager', 'Other-password#1');
    });

    it('a manager of one hall reads nothing of another', async () => {
      const manager = await t.login('manager');
      const res = await t.http.get(`/api/halls/${otherHallId}/departments`).set('Authorization', `Bearer ${manager}`).expect(403);
      expect(res.body.code).toBe('HALL_ACCESS_DENIED');
      await t.http.get(`/api/halls/${t.hallId}/items`).set('Authorization', `Bearer ${outsider}`).expect(403);
      await t.http.get(`/api/users?hallId=${t.hallId}`).set('Authorization', `Bearer ${outsider}`).expect(403);
      const halls = await t.http.get('/api/halls').set('Authorization', `Bearer ${outsider}`).expect(200);
      expect(halls.body.map((h: { id: string }) => h.id)).toEqual([otherHallId]);
    });

    it('a device of one hall cannot read another hall', async () => {
      await t.http.get(`/api/halls/${otherHallId}`).set('Authorization', `Bearer ${DEMO_DEVICES[0].token}`).expect(403);
    });

    it('an item of one hall is not visible to staff of another', async () => {
      const [{ id }] = await t.dataSource.query(`select id from service_items where hall_id = $1 limit 1`, [t.hallId]);
      await t.http.get(`/api/items/${id}`).set('Authorization', `Bearer ${outsider}`).expect(403);
    });
  });
});
