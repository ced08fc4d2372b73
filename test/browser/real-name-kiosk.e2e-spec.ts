import { Browser, Page } from 'playwright-core';
import { Clock } from '../../src/common/time/clock';
import { residentId } from '../support/case-helpers';
import { ManualClock } from '../support/manual-clock';
import { auth, hallRefs, KIOSK_TOKEN } from '../support/queue-helpers';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot, waitForText } from '../support/browser';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

describeInBrowser('实名取号 at the kiosk', () => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00');
  let server: TestApp;
  let browser: Browser;
  let kiosk: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer({ overrides: [{ provide: Clock, useValue: clock }], env: { CASE_SWEEP_INTERVAL_SECONDS: '0' } });
    const refs = await hallRefs(server);
    await server.http
      .patch(`/api/categories/${refs.category.A}`)
      .set(auth(await server.login('admin')))
      .send({ realName: true })
      .expect(200);
    browser = await launchBrowser();
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1080, height: 1920 },
      hasTouch: true,
    });
    await context.addInitScript({ content: 'window.print = () => {};' });
    kiosk = await context.newPage();
    errors = consoleErrors(kiosk);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const typeId = async (id: string) => {
    for (const key of id) await kiosk.locator('.kiosk-key', { hasText: new RegExp(`^${key}$`) }).click();
  };

  it('asks for the ID on the keypad, refuses a wrong check character as typed, then issues; a second ticket for the same person is refused', async () => {
    await kiosk.goto(`/kiosk?token=${encodeURIComponent(KIOSK_TOKEN)}`);
    await kiosk.getByRole('button', { name: /企业开办与市场准入/ }).click();
    await waitForText(kiosk.locator('.kiosk-title'), '本类业务实名取号');
    const person = residentId('11010519491231002');
    const wrong = person.slice(0, 17) + (person[17] === '1' ? '2' : '1');
    await typeId(wrong);
    await waitForText(kiosk.getByRole('status'), '校验码不正确，请核对号码');
    const next = kiosk.getByRole('button', { name: '下一步' });
    expect(await next.isDisabled()).toBe(true);
    await screenshot(kiosk, 'kiosk-real-name-wrong');
    await kiosk.getByRole('button', { name: '删除' }).click();
    await typeId(person[17]);
    expect(await next.isDisabled()).toBe(false);
    await screenshot(kiosk, 'kiosk-real-name');
    await next.click();
    await kiosk.getByRole('button', { name: '普通取号' }).click();
    await waitForText(kiosk.getByTestId('kiosk-number'), 'A001');
    const [row] = await server.dataSource.query(`select person_index from tickets where number = 'A001'`);
    expect(row.person_index).toMatch(/^[0-9a-f]{64}$/);

    await kiosk.locator('.kiosk-done').click();
    await kiosk.getByRole('button', { name: /企业开办与市场准入/ }).click();
    await typeId(person);
    await kiosk.getByRole('button', { name: '下一步' }).click();
    await kiosk.getByRole('button', { name: '普通取号' }).click();
    await waitForText(kiosk.locator('.kiosk-refusal'), '您在该类业务已有一个未办结的号');
    await screenshot(kiosk, 'kiosk-real-name-refused');
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
  }, 120_000);
});
