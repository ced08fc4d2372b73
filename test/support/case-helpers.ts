import type request from 'supertest';
import { residentIdCheckChar } from '../../src/common/identity/resident-id';
import { PNG } from './material-fixtures';
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

/** A request whose body is made ready (pages uploaded) before it is sent; sent once awaited or expected. */
export type Sending = PromiseLike<request.Response> & {
  expect(status: number): Promise<request.Response>;
  /** Settles once the pages are uploaded, before the request itself is sent. */
  ready: Promise<unknown>;
};

function sending(body: Promise<object>, build: (body: object) => request.Test): Sending {
  return {
    ready: body,
    then: (onSent, onFailed) => body.then(build).then(onSent, onFailed),
    expect: (status) => body.then((b) => build(b).expect(status)),
  };
}

interface MaterialEntry {
  name: string;
  provided: boolean;
  fileIds?: string[];
  /** 免证办: satisfied by a certificate instead of a file. */
  certificateNumber?: string;
}

/** Bodies already given their files: the same body sent again (an idempotent replay) is the same request. */
const withFiles = new WeakMap<object, Promise<object>>();

/**
 * A material is ticked because a file is attached (DOMAIN.md): each material of the body ticked as
 * provided without files gets a scanned page (PNG) staged for it at the window, as a clerk would.
 */
export function attachPages(t: TestApp, token: string, body: object): Promise<object> {
  const known = withFiles.get(body);
  if (known) return known;
  const upload = async (m: MaterialEntry): Promise<MaterialEntry> => {
    if (!m.provided || m.fileIds?.length || m.certificateNumber) return m;
    const res = await t.http
      .post(`/api/halls/${t.hallId}/uploads`)
      .set(auth(token))
      .attach('file', PNG, { filename: 'page.png', contentType: 'image/png' });
    if (res.status !== 201) throw new Error(`staging a page for ${m.name}: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...m, fileIds: [res.body.id as string] };
  };
  const materials = async (list: unknown) => (Array.isArray(list) ? Promise.all((list as MaterialEntry[]).map(upload)) : list);
  const b = body as { items?: { materials?: MaterialEntry[] }[]; materials?: MaterialEntry[] };
  const ready = (async () => ({
    ...b,
    ...(b.items ? { items: await Promise.all(b.items.map(async (i) => ({ ...i, materials: await materials(i.materials) }))) } : {}),
    ...(b.materials ? { materials: await materials(b.materials) } : {}),
  }))();
  withFiles.set(body, ready);
  return ready;
}

export function apply(t: TestApp, token: string, body: object, key?: string): Sending {
  return sending(attachPages(t, token, body), (ready) => {
    const req = t.http.post(`/api/halls/${t.hallId}/applications`).set(auth(token));
    return (key ? req.set('Idempotency-Key', key) : req).send(ready);
  });
}

export function caseMove(t: TestApp, token: string, caseId: string, move: string, body: object = {}): request.Test {
  return t.http.post(`/api/cases/${caseId}/${move}`).set(auth(token)).send(body);
}

/** 一次性告知 answered at the window: the materials brought, with their pages, and the decision. */
export function resubmit(t: TestApp, token: string, caseId: string, body: object): Sending {
  return sending(attachPages(t, token, body), (ready) => caseMove(t, token, caseId, 'resubmission', ready));
}

/** Fails with the response body, which says why, instead of a bare status mismatch. */
export async function ok<T = Record<string, unknown>>(req: PromiseLike<request.Response>, status = 200): Promise<T> {
  const res = await req;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export const local = (wallTime: string) => `${wallTime}+08:00`;
export const instant = (wallTime: string) => new Date(local(wallTime)).toISOString();
