import { randomUUID } from 'node:crypto';
import { apply, checklist, itemsByName, ok, ZHANG_SAN } from './case-helpers';
import { auth, hallRefs, issue, KIOSK_TOKEN, windowMove } from './queue-helpers';
import type { TestApp } from './test-app';

/** A working Monday in the demo hall, 10:00 (Asia/Shanghai): every category issues tickets then. */
export const FIXTURE_TIME = '2026-03-02T10:00:00+08:00';

/**
 * Real ids of the demo hall's things, by the path parameter names the routes use, so that a
 * request reaches the service and its hall check instead of stopping at "not found". `spare`
 * holds things made only to be deleted or revoked. A parameter nobody knows yet (a route added
 * later) gets a fresh UUID: it still gets through validation to the service.
 */
export interface HallFixtures {
  ids: Record<string, string>;
  spare: Record<string, string>;
  /** `destructive`: the route deletes or revokes what it names, so it gets a spare. */
  value(param: string, destructive?: boolean): string;
  /** The id of that name, if there is one (query parameters fall back to an example instead). */
  known(param: string): string | undefined;
}

export async function hallFixtures(t: TestApp): Promise<HallFixtures> {
  const [admin, manager, clerk] = await Promise.all([t.login('admin'), t.login('manager'), t.login('clerk1')]);
  const refs = await hallRefs(t);
  const items = await itemsByName(t);
  const item = items['食品经营许可'];

  // A whole visit: issued, called, served and finished at window 1, then rated 差评 (which opens a rectification task).
  await ok(t.http.post(`/api/windows/${refs.window[1]}/open`).set(auth(clerk)));
  const ticket = await ok<{ id: string; accessCode: string }>(
    issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }),
    201,
  );
  await ok(windowMove(t, clerk, refs.window[1], ticket.id, 'call'));
  await ok(windowMove(t, clerk, refs.window[1], ticket.id, 'start'));
  const cases = await ok<{ bundle: { id: string } | null; cases: { id: string; caseNumber: string; queryCode: string }[] }>(
    apply(t, clerk, {
      ticketId: ticket.id,
      applicant: ZHANG_SAN,
      items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
    }),
    201,
  );
  await ok(windowMove(t, clerk, refs.window[1], ticket.id, 'finish'));
  await ok(
    t.http
      .post(`/api/tickets/${ticket.accessCode}/rating`)
      .set('X-Forwarded-For', '198.51.100.200')
      .send({ score: 2, reasons: ['等候时间长'] }),
    201,
  );
  const [task] = await t.dataSource.query(
    `select t.id from rectification_tasks t join ratings r on r.id = t.rating_id where r.ticket_id = $1`,
    [ticket.id],
  );

  const [{ department_id: departmentId }] = await t.dataSource.query(`select department_id from service_items where id = $1`, [item.id]);
  const [user] = await t.dataSource.query(`select id from users where username = 'clerk2'`);
  const [device] = await t.dataSource.query(`select id from device_tokens where hall_id = $1 order by created_at limit 1`, [t.hallId]);
  const override = await ok<{ id: string }>(
    t.http.post(`/api/halls/${t.hallId}/calendar/overrides`).set(auth(manager)).send({ date: '2026-12-28', kind: 'closed', name: '夹具' }),
    201,
  );
  const spareCategory = await ok<{ id: string }>(
    t.http.post(`/api/halls/${t.hallId}/categories`).set(auth(admin)).send({ prefix: 'Y', name: '夹具类别' }),
    201,
  );
  const spareDepartment = await ok<{ id: string }>(
    t.http.post(`/api/halls/${t.hallId}/departments`).set(auth(admin)).send({ code: 'SPARE', name: '夹具部门' }),
    201,
  );
  const spareDevice = await ok<{ id: string }>(
    t.http.post(`/api/halls/${t.hallId}/devices`).set(auth(admin)).send({ kind: 'display', name: '夹具屏' }),
    201,
  );

  const ids: Record<string, string> = {
    hallId: t.hallId,
    windowId: refs.window[1],
    categoryId: refs.category.A,
    departmentId,
    itemId: item.id,
    userId: user.id,
    deviceId: device.id,
    ticketId: ticket.id,
    accessCode: ticket.accessCode,
    taskId: task.id,
    caseId: cases.cases[0].id,
    // The citizen's key to the case, by the names of the query parameters that carry it.
    caseNumber: cases.cases[0].caseNumber,
    queryCode: cases.cases[0].queryCode,
    no: cases.cases[0].caseNumber,
    code: cases.cases[0].queryCode,
    overrideId: override.id,
    year: '2026',
    kind: 'acceptance-notice',
  };
  const spare: Record<string, string> = {
    categoryId: spareCategory.id,
    departmentId: spareDepartment.id,
    deviceId: spareDevice.id,
    overrideId: override.id,
  };
  return {
    ids,
    spare,
    value: (param, destructive) => (destructive ? spare[param] : undefined) ?? ids[param] ?? randomUUID(),
    known: (param) => ids[param],
  };
}
