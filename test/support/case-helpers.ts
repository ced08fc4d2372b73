import type request from 'supertest';
import { residentIdCheckChar } from '../../src/common/identity/resident-id';
import { auth } from './queue-helpers';
import type { TestApp } from './test-app';

/** A valid resident ID (GB 11643 check digit) for a body of 17 digits. */
export function residentId(body17: string): string {
  return body17 + residentIdCheckChar(body17);
}

export const ZHANG_SAN = { kind: 'person', name: '张三', idNumber: residentId('11010519491231002'), contactPhone: '13812345678' };
export const LI_SI = { kind: 'person', name: '李四', idNumber: residentId('44030419800101123'), contactPhone: '13900001111' };
/** The credit code from GB 32100's own example family, with a valid check character. */
export const ACME = {
  kind: 'organisation',
  name: '示范区某某餐饮有限公司',
  idNumber: '91350100M000100Y43',
  contactName: '王五',
  contactPhone: '0591-87654321',
};

export interface ItemShape {
  id: string;
  name: string;
  materials: { name: string; necessity: 'required' | 'optional' | 'deferrable' }[];
}

/** Every material of the item ticked as provided, except those named. */
export function checklist(item: ItemShape, missing: string[] = []): { name: string; provided: boolean }[] {
  return item.materials.map((m) => ({ name: m.name, provided: !missing.includes(m.name) }));
}

export async function itemsByName(t: TestApp): Promise<Record<string, ItemShape>> {
  const admin = await t.login('admin');
  const res = await t.http.get(`/api/halls/${t.hallId}/items`).set(auth(admin)).expect(200);
  return Object.fromEntries(res.body.map((i: ItemShape) => [i.name, i]));
}

export async function departmentsByCode(t: TestApp): Promise<Record<string, string>> {
  const admin = await t.login('admin');
  const res = await t.http.get(`/api/halls/${t.hallId}/departments`).set(auth(admin)).expect(200);
  return Object.fromEntries(res.body.map((d: { code: string; id: string }) => [d.code, d.id]));
}

export function apply(t: TestApp, token: string, body: object, key?: string): request.Test {
  const req = t.http.post(`/api/halls/${t.hallId}/applications`).set(auth(token));
  return (key ? req.set('Idempotency-Key', key) : req).send(body);
}

export function caseMove(t: TestApp, token: string, caseId: string, move: string, body: object = {}): request.Test {
  return t.http.post(`/api/cases/${caseId}/${move}`).set(auth(token)).send(body);
}

/** Fails with the response body, which says why, instead of a bare status mismatch. */
export async function ok<T = Record<string, unknown>>(req: request.Test, status = 200): Promise<T> {
  const res = await req;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export const local = (wallTime: string) => `${wallTime}+08:00`;
export const instant = (wallTime: string) => new Date(local(wallTime)).toISOString();
