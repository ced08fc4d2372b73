import { io, Socket } from 'socket.io-client';
import { SmsChannel } from '../src/notifications/channels/sms-channel';
import { NoticeDelivery } from '../src/notifications/notice-delivery.service';
import { Clock } from '../src/common/time/clock';
import { NoticeWriter } from '../src/notifications/notice-writer.service';
import type { NoticeShown } from '../src/realtime/realtime-events';
import { apply, checklist, ItemShape, itemsByName, ok, resubmit, ZHANG_SAN } from './support/case-helpers';
import { auth, hallRefs, HallRefs, issue, KIOSK_TOKEN, sleep, windowMove } from './support/queue-helpers';
import { StandInSmsGateway } from './support/sms-gateway';
import { ManualClock } from './support/manual-clock';
import { createTestApp, TestApp } from './support/test-app';

const SECRET = 'stand-in-gateway-secret-0123456789';
const BASE_MS = 300;
const MAX_ATTEMPTS = 4;

interface OutboxRow {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  params: Record<string, string>;
  last_error: string | null;
  case_id: string | null;
  ticket_id: string | null;
}

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('notices to the applicant: outbox, pg-boss worker, page and SMS channels', () => {
  let t: TestApp;
  let refs: HallRefs;
  let items: Record<string, ItemShape>;
  let clerk1: string;
  let approver: string;
  let manager: string;
  const gateway = new StandInSmsGateway(SECRET);
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const url = await gateway.start();
    t = await createTestApp({
      listen: true,
      // Inside the issuing hours of a working Monday; delivery runs on real time all the same.
      overrides: [{ provide: Clock, useValue: new ManualClock('2026-03-02T09:00:00+08:00') }],
      env: {
        CASE_SWEEP_INTERVAL_SECONDS: '0',
        SMS_GATEWAY_URL: url,
        SMS_GATEWAY_AUTH: 'hmac',
        SMS_GATEWAY_SECRET: SECRET,
        SMS_GATEWAY_TIMEOUT_MS: '400',
        NOTICE_RETRY_BASE_MS: String(BASE_MS),
        NOTICE_RETRY_MAX_MS: '5000',
        NOTICE_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        NOTICE_POLL_INTERVAL_SECONDS: '0.5',
      },
    });
    refs = await hallRefs(t);
    items = await itemsByName(t);
    [clerk1, approver, manager] = await Promise.all([t.login('clerk1'), t.login('approver-scjg'), t.login('manager')]);
    await ok(t.http.post(`/api/windows/${refs.window[1]}/open`).set(auth(clerk1)));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
    await gateway.stop();
  });

  const rowsOf = async (where: string, params: unknown[]): Promise<OutboxRow[]> =>
    t.dataSource.query(`select * from notification_outbox where ${where} order by created_at, kind, channel`, params);
  const deliverJobs = async (): Promise<number> =>
    Number((await t.dataSource.query(`select count(*)::int as n from pgboss.job where name = 'notice-deliver'`))[0].n);

  let corrected: { id: string; caseNumber: string; queryCode: string };

  it('writes a 补正 notice with the full list for the page and for SMS, the phone masked, and delivers each once', async () => {
    const item = items['食品经营许可'];
    const missing = item.materials
      .filter((m) => m.necessity === 'required')
      .map((m) => m.name)
      .slice(0, 2);
    const result = await ok<{ cases: { id: string; caseNumber: string; queryCode: string; applicant: { contactPhone: string } }[] }>(
      apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item, missing), decision: 'request_correction' }],
      }),
      201,
    );
    [corrected] = result.cases;
    // The accepting clerk, who typed it, sees the phone in full (Personal data); the notices see it masked.
    expect(result.cases[0].applicant.contactPhone).toBe('13812345678');
    const rows = await rowsOf('case_id = $1', [corrected.id]);
    expect(rows.map((r) => [r.kind, r.channel, r.recipient])).toEqual([
      ['correction_requested', 'page', `case:${corrected.id}`],
      ['correction_requested', 'sms', '138****5678'],
    ]);
    expect(rows[0].params).toEqual({ caseNumber: corrected.caseNumber, itemName: '食品经营许可', materials: missing.join('、') });

    const sms = rows[1];
    await until(async () => (await rowsOf('id = $1', [sms.id]))[0].status === 'sent');
    expect(gateway.requestsFor(sms.id)).toHaveLength(1);
    const [request] = gateway.requestsFor(sms.id);
    expect(request.signatureValid).toBe(true);
    expect(request.body).toMatchObject({ id: sms.id, to: '13812345678', template: 'correction_requested' });
    expect(request.body.text).toBe(
      `您申请的「食品经营许可」（办件编号 ${corrected.caseNumber}）需要补正，请一次性补齐以下材料：${missing.join('、')}。`,
    );
    await until(async () => (await rowsOf('id = $1', [rows[0].id]))[0].status === 'sent');
    // Nowhere in the outbox is the phone in clear.
    expect((await t.dataSource.query(`select count(*)::int as n from notification_outbox t where t::text like '%13812345678%'`))[0].n).toBe(
      0,
    );
  });

  it("shows the next notice live on the citizen's case page, each id once", async () => {
    const citizen = io(t.url, { transports: ['websocket'], forceNew: true });
    sockets.push(citizen);
    const shown: NoticeShown[] = [];
    citizen.on('notice', (n: NoticeShown) => shown.push(n));
    expect(
      await citizen
        .timeout(5000)
        .emitWithAck('subscribe', { kind: 'case', caseNumber: corrected.caseNumber, queryCode: corrected.queryCode }),
    ).toMatchObject({ ok: true });
    const item = items['食品经营许可'];
    gateway.script = ['fail500', 'slow'];
    await ok(resubmit(t, clerk1, corrected.id, { materials: checklist(item), decision: 'accept' }));
    const page = await until(async () => shown.find((n) => n.kind === 'accepted'));
    expect(page.text).toMatch(/^您申请的「食品经营许可」已受理，办件编号 .+，承诺于 \d{4}-\d{2}-\d{2} 前办结。$/);
    const [row] = await rowsOf(`case_id = $1 and kind = 'accepted' and channel = 'page'`, [corrected.id]);
    expect(page.id).toBe(row.id);
  });

  it('retries a failing and a too-slow gateway with growing waits, and the SMS goes out once', async () => {
    const [sms] = await rowsOf(`case_id = $1 and kind = 'accepted' and channel = 'sms'`, [corrected.id]);
    const done = await until(async () => {
      const [row] = await rowsOf('id = $1', [sms.id]);
      return row.status === 'sent' && row;
    });
    const requests = gateway.requestsFor(sms.id);
    // 500, then an answer after the client's 400 ms timeout (the gateway sent it), then a repeat the gateway recognises.
    expect(requests.map((r) => r.status)).toEqual([500, 200, 200]);
    expect(done.attempts).toBe(3);
    expect([...gateway.sent.keys()].filter((k) => k === sms.id)).toHaveLength(1);
    const gaps = [requests[1].at - requests[0].at, requests[2].at - requests[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(BASE_MS);
    // The second wait is twice the first, counted from the end of the slow attempt (its 400 ms timeout).
    expect(gaps[1]).toBeGreaterThanOrEqual(400 + 2 * BASE_MS);
  });

  it('gives a notice up after the last attempt, and at once when the gateway refuses the request itself', async () => {
    const writer = t.app.get(NoticeWriter);
    const { caseNumber, id: caseId } = corrected;
    const write = (kind: 'mailed' | 'concluded', occurrence: number) =>
      t.dataSource.transaction((em) =>
        writer.write(em, [
          {
            kind,
            hallId: t.hallId,
            caseId,
            occurrence,
            at: new Date(),
            params:
              kind === 'mailed'
                ? { caseNumber, itemName: '食品经营许可', carrier: 'EMS', trackingNumber: 'E1' }
                : { caseNumber, itemName: '食品经营许可', decision: '准予许可' },
          },
        ]),
      );
    gateway.otherwise = 'fail500';
    const [, failing] = await write('mailed', 99);
    const failingBehaviour = gateway.otherwise;
    gateway.byKey.set(failing, failingBehaviour);
    gateway.otherwise = 'ok';
    const [, refused] = await write('concluded', 99);
    gateway.byKey.set(refused, 'reject400');
    const dead = await until(async () => {
      const rows = await rowsOf('id = any($1)', [[failing, refused]]);
      return rows.every((r) => r.status === 'dead') && rows;
    }, 20_000);
    const byId = new Map(dead.map((r) => [r.id, r]));
    expect(byId.get(failing)).toMatchObject({ attempts: MAX_ATTEMPTS, last_error: expect.stringContaining('HTTP 500') });
    expect(gateway.requestsFor(failing)).toHaveLength(MAX_ATTEMPTS);
    expect(byId.get(refused)).toMatchObject({ attempts: 1, last_error: expect.stringContaining('HTTP 400') });
    // No job is left for them: nothing more reaches the gateway.
    await sleep(1200);
    expect(gateway.requestsFor(failing)).toHaveLength(MAX_ATTEMPTS);
    expect(gateway.requestsFor(refused)).toHaveLength(1);
  });

  it('writes nothing when the change rolls back, and a repeated notice once', async () => {
    const before = { rows: (await rowsOf('true', [])).length, jobs: await deliverJobs() };
    const item = items['食品经营许可'];
    // The first item's 补正 is decided (and its notice written) before the second item fails: one transaction, all undone.
    await apply(t, clerk1, {
      applicant: ZHANG_SAN,
      items: [
        { itemId: item.id, materials: checklist(item, [item.materials[0].name]), decision: 'request_correction' },
        {
          itemId: Object.values(items).find((i) => i.id !== item.id)!.id,
          materials: [{ name: '不存在的材料', provided: true }],
          decision: 'accept',
        },
      ],
    }).expect(400);
    expect((await rowsOf('true', [])).length).toBe(before.rows);
    expect(await deliverJobs()).toBe(before.jobs);

    const writer = t.app.get(NoticeWriter);
    const notice = {
      kind: 'result_ready' as const,
      hallId: t.hallId,
      caseId: corrected.id,
      occurrence: 1,
      at: new Date(),
      params: { caseNumber: 'x', itemName: 'y', pickupCode: 'z' },
    };
    const first = await t.dataSource.transaction(async (em) => [
      ...(await writer.write(em, [notice])),
      ...(await writer.write(em, [notice])),
    ]);
    const again = await t.dataSource.transaction((em) => writer.write(em, [notice]));
    expect(first).toHaveLength(2);
    expect(again).toEqual([]);
    expect(await rowsOf(`case_id = $1 and kind = 'result_ready'`, [corrected.id])).toHaveLength(2);
  });

  it('tells each waiting ticket once when it is three or fewer from being called', async () => {
    const tickets: { id: string; number: string; accessCode: string }[] = [];
    for (let i = 0; i < 6; i++)
      tickets.push(await ok(issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }), 201));
    const citizen = io(t.url, { transports: ['websocket'], forceNew: true });
    sockets.push(citizen);
    const shown: NoticeShown[] = [];
    citizen.on('notice', (n: NoticeShown) => shown.push(n));
    expect(await citizen.timeout(5000).emitWithAck('subscribe', { kind: 'ticket', accessCode: tickets[5].accessCode })).toMatchObject({
      ok: true,
    });

    const approaching = async () => rowsOf(`ticket_id = any($1) and kind = 'ticket_approaching'`, [tickets.map((x) => x.id)]);
    for (let i = 0; i < 6; i++) {
      await ok(t.http.post(`/api/windows/${refs.window[1]}/call-next`).set(auth(clerk1)));
      const called = tickets[i];
      await ok(windowMove(t, clerk1, refs.window[1], called.id, 'start'));
      await ok(windowMove(t, clerk1, refs.window[1], called.id, 'finish'));
      if (i === 0) {
        // After the first call five wait: the first four of them are at most three away.
        expect(
          (await approaching()).map((r) => [r.ticket_id, r.params.ahead]).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
        ).toEqual([1, 2, 3, 4].map((k) => [tickets[k].id, String(k - 1)]));
      }
    }
    const rows = await approaching();
    expect(rows.map((r) => r.ticket_id).sort()).toEqual(
      tickets
        .slice(1)
        .map((x) => x.id)
        .sort(),
    );
    expect(rows.every((r) => r.channel === 'page' && r.recipient === `ticket:${r.ticket_id}`)).toBe(true);
    expect(rows.find((r) => r.ticket_id === tickets[5].id)!.params).toEqual({ number: tickets[5].number, ahead: '3' });
    const notice = await until(async () => shown.find((n) => n.kind === 'ticket_approaching'));
    expect(notice.text).toBe(`您的排队号 ${tickets[5].number} 即将被叫到（前面还有 3 位），请留意大厅叫号屏。`);
  });

  it('keeps no phone when the applicant gives none, and sends such a case no SMS', async () => {
    const item = items['食品经营许可'];
    const { contactPhone: _phone, ...noPhone } = ZHANG_SAN;
    const result = await ok<{ cases: { id: string; applicant: { contactPhone: string | null } }[] }>(
      apply(t, clerk1, {
        applicant: noPhone,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
      }),
      201,
    );
    const [c] = result.cases;
    expect(c.applicant.contactPhone).toBeNull();
    expect((await t.dataSource.query('select contact_phone_enc, contact_phone_masked from cases where id = $1', [c.id]))[0]).toEqual({
      contact_phone_enc: null,
      contact_phone_masked: null,
    });
    expect((await rowsOf('case_id = $1', [c.id])).map((r) => [r.kind, r.channel])).toEqual([['accepted', 'page']]);
  });

  it("lists a case's notices for staff, masked, and counts delivered and failed per channel", async () => {
    const notices = await ok<{ channel: string; recipient: string; status: string; text: string }[]>(
      t.http.get(`/api/cases/${corrected.id}/notices`).set(auth(approver)),
    );
    expect(notices.filter((n) => n.channel === 'sms').every((n) => n.recipient === '138****5678')).toBe(true);
    expect(JSON.stringify(notices)).not.toContain('13812345678');

    // Counted once every notice is settled, so that the worker moves nothing between the two reads.
    await until(async () => (await rowsOf(`status in ('pending', 'failed')`, [])).length === 0);
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const [expected] = await t.dataSource.query(
      `select count(*) filter (where status = 'sent' and channel = 'sms')::int as sms_sent, count(*) filter (where status = 'dead' and channel = 'sms')::int as sms_dead,
              count(*) filter (where status = 'sent')::int as sent from notification_outbox`,
    );
    const m = await ok<{ total: { delivered: number }; channels: { key: string; delivered: number; failed: number; retried: number }[] }>(
      t.http.get(`/api/stats/notices?hallId=${t.hallId}&from=${from}&to=${to}`).set(auth(manager)),
    );
    expect(m.total.delivered).toBe(expected.sent);
    const sms = m.channels.find((c) => c.key === 'sms')!;
    expect(sms).toMatchObject({ delivered: expected.sms_sent, failed: expected.sms_dead });
    expect(sms.failed).toBe(2);
    expect(sms.retried).toBeGreaterThanOrEqual(1);
    const tooLong = await t.http.get(`/api/stats/notices?hallId=${t.hallId}&from=2024-01-01&to=2026-01-01`).set(auth(manager)).expect(400);
    expect(tooLong.body.code).toBe('NOTICE_RANGE_TOO_LONG');
    await t.http.get(`/api/stats/notices?hallId=${t.hallId}&from=${from}&to=${to}`).set(auth(clerk1)).expect(403);
  });
});

describe('notices: a worker that dies between claim and send, or between send and its record', () => {
  let t: TestApp;
  let items: Record<string, ItemShape>;
  let clerk1: string;
  const gateway = new StandInSmsGateway(SECRET);

  beforeAll(async () => {
    const url = await gateway.start();
    // No worker on this instance: the test plays the worker, step by step.
    t = await createTestApp({
      env: {
        CASE_SWEEP_INTERVAL_SECONDS: '0',
        SMS_GATEWAY_URL: url,
        SMS_GATEWAY_AUTH: 'hmac',
        SMS_GATEWAY_SECRET: SECRET,
        SMS_GATEWAY_TIMEOUT_MS: '200',
        NOTICE_WORKER: 'off',
      },
    });
    items = await itemsByName(t);
    clerk1 = await t.login('clerk1');
  });
  afterAll(async () => {
    await t.close();
    await gateway.stop();
  });

  it('delivers the notice after the lease of the dead worker is over, once at the gateway, and the sweep re-enqueues a lost job', async () => {
    const item = items['食品经营许可'];
    const {
      cases: [c],
    } = await ok<{ cases: { id: string }[] }>(
      apply(t, clerk1, {
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
      }),
      201,
    );
    const [sms] = await t.dataSource.query(`select id from notification_outbox where case_id = $1 and channel = 'sms'`, [c.id]);
    const delivery = t.app.get(NoticeDelivery);

    // Dies after the claim: the row is leased, another worker's attempt finds it not due.
    expect(await delivery.claim(sms.id)).toMatchObject({ id: sms.id, attempts: 1 });
    expect(await delivery.attempt(sms.id)).toBe('skipped');
    expect(gateway.requests).toHaveLength(0);
    await sleep(2 * 200 + 1000 + 100);

    // Dies after the send, before recording it: the gateway has the SMS, the row still says pending.
    const claimed = await delivery.claim(sms.id);
    expect(claimed).toMatchObject({ attempts: 2 });
    await t.app
      .get(SmsChannel)
      .send({ id: sms.id, kind: 'accepted', caseId: c.id, ticketId: null, params: {}, text: 'x', createdAt: new Date() });
    expect(gateway.requests).toHaveLength(1);
    expect((await t.dataSource.query('select status from notification_outbox where id = $1', [sms.id]))[0].status).toBe('pending');
    await sleep(2 * 200 + 1000 + 100);

    // Its job was lost too: the sweep gives it a new one, and the attempt sends it again with the same key.
    await t.dataSource.query(`delete from pgboss.job where name = 'notice-deliver' and data->>'outboxId' = $1`, [sms.id]);
    expect(await delivery.sweep(0)).toBeGreaterThanOrEqual(1);
    expect(
      (
        await t.dataSource.query(`select count(*)::int as n from pgboss.job where name = 'notice-deliver' and data->>'outboxId' = $1`, [
          sms.id,
        ])
      )[0].n,
    ).toBe(1);
    expect(await delivery.attempt(sms.id)).toBe('sent');
    expect(gateway.requestsFor(sms.id)).toHaveLength(2);
    expect(gateway.sent.size).toBe(1);
    expect(await delivery.attempt(sms.id)).toBe('skipped');
  });
});
