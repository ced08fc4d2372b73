import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { Clock } from '../../src/common/time/clock';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot } from '../support/browser';
import { apply, caseMove, checklist, itemsByName, local, ok, ZHANG_SAN } from '../support/case-helpers';
import { ManualClock } from '../support/manual-clock';
import { StandInSmsGateway } from '../support/sms-gateway';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

/** Notices on the citizen's own case page, live, and the 通知送达 card of the manager dashboard, in a real browser. */
describeInBrowser('web client: notices to the applicant', () => {
  const clock = new ManualClock(local('2026-03-02T09:30:00'));
  let server: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const gateway = new StandInSmsGateway('stand-in-gateway-secret-0123456789');

  beforeAll(async () => {
    const url = await gateway.start();
    server = await startTestServer({
      overrides: [{ provide: Clock, useValue: clock }],
      env: {
        CASE_SWEEP_INTERVAL_SECONDS: '0',
        PUBLIC_RATE_LIMIT_PER_MINUTE: '1000',
        NOTICE_POLL_INTERVAL_SECONDS: '0.5',
        SMS_GATEWAY_URL: url,
        SMS_GATEWAY_AUTH: 'hmac',
        SMS_GATEWAY_SECRET: 'stand-in-gateway-secret-0123456789',
      },
    });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await gateway.stop();
  });
  afterEach(async () => {
    await context?.close();
    expect(errors).toEqual([]);
  });

  it('shows the 办结 and pickup notices on the open case page as they come, each once', async () => {
    const items = await itemsByName(server);
    const [clerk, approver] = await Promise.all([server.login('clerk1'), server.login('approver-scjg')]);
    const item = items['食品经营许可'];
    const {
      cases: [c],
    } = await ok<{ cases: { id: string; caseNumber: string; queryCode: string }[] }>(
      apply(server, clerk, {
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
      }),
      201,
    );
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    page = await context.newPage();
    errors = consoleErrors(page);
    await page.goto(`/case?no=${c.caseNumber}&code=${c.queryCode}`);
    await page.getByText('实时更新中').waitFor();

    for (const move of ['claim', 'advance', 'advance']) await ok(caseMove(server, approver, c.id, move));
    const { pickupCode } = await ok<{ pickupCode: string }>(caseMove(server, approver, c.id, 'decision', { decision: 'approve' }));
    const notices = page.getByTestId('notice');
    await notices.filter({ hasText: `取件码 ${pickupCode}` }).waitFor();
    await notices.filter({ hasText: '已办结，结果：准予许可' }).waitFor();
    expect(await notices.count()).toBe(2);
    await screenshot(page, 'notices-case-page');

    // English from the notice's parameters.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await notices.filter({ hasText: `pickup code ${pickupCode}` }).waitFor();
    await notices.filter({ hasText: 'is concluded: approved.' }).waitFor();
    await screenshot(page, 'notices-case-page-en');
  }, 120_000);

  it("lists a case's notices in the back office, the phone masked", async () => {
    const items = await itemsByName(server);
    const clerk = await server.login('clerk1');
    const item = items['食品经营许可'];
    const {
      cases: [c],
    } = await ok<{ cases: { id: string; caseNumber: string }[] }>(
      apply(server, clerk, {
        applicant: ZHANG_SAN,
        items: [{ itemId: item.id, materials: checklist(item), decision: 'accept' }],
      }),
      201,
    );
    await new Promise((r) => setTimeout(r, 1500));
    // Tall enough for the whole drawer down to its notices.
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 1400 },
    });
    page = await context.newPage();
    errors = consoleErrors(page);
    await page.goto('/login');
    await page.getByLabel('用户名', { exact: true }).fill('approver-scjg');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('row').filter({ hasText: c.caseNumber }).getByRole('button', { name: c.caseNumber }).click();
    const drawer = page.locator('.ant-drawer-content');
    const notices = drawer.getByRole('row').filter({ hasText: '受理' });
    await notices.filter({ hasText: '短信 138****5678' }).filter({ hasText: '已送达' }).waitFor();
    await notices.filter({ hasText: '办事页面' }).filter({ hasText: '已送达' }).waitFor();
    expect(await drawer.getByText('13812345678').count()).toBe(0);
    await screenshot(page, 'notices-backoffice-drawer');
  }, 120_000);

  it('counts what was delivered on the manager dashboard', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    // Tall enough for the whole drawer down to its notices.
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 1400 },
    });
    page = await context.newPage();
    errors = consoleErrors(page);
    await page.goto('/login?next=%2Fmanager');
    await page.getByLabel('用户名', { exact: true }).fill('manager');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/manager');
    const card = page.locator('.measure-card').filter({ hasText: '通知送达' });
    await card.scrollIntoViewIfNeeded();
    await card.getByText('送达率').waitFor();
    await card.locator('canvas').first().waitFor();
    await screenshot(page, 'notices-manager-card');
  }, 120_000);
});
