import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { DEFAULT_OPTIONS, SimulationReport, Simulator } from '../../src/simulation/simulator';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot, waitForText } from '../support/browser';
import { DISPLAY_TOKEN } from '../support/queue-helpers';
import { startTestServer } from '../support/test-server';
import type { TestApp } from '../support/test-app';

jest.setTimeout(240_000);

/** The live part of the simulation: from 09:00 of this Tuesday, two hall minutes per real second. */
const DAY = '2026-03-03';

describeInBrowser('a living hall: the simulation drives the display and the manager dashboard', () => {
  let server: TestApp;
  let browser: Browser;
  let simulator: Simulator;
  let running: Promise<SimulationReport>;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  async function open(viewport: { width: number; height: number }, browserOnSimulatedDay: boolean): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
    // The dashboard's default period follows the browser's date: there, that of the simulated day.
    if (browserOnSimulatedDay) await context.clock.install({ time: new Date(`${DAY}T09:00:00+08:00`) });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(consoleErrors(page));
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_CLOCK: 'on', CASE_SWEEP_INTERVAL_SECONDS: '1' } });
    browser = await launchBrowser();
    simulator = new Simulator({
      ...DEFAULT_OPTIONS,
      url: server.url,
      seed: 3,
      days: 0,
      date: DAY,
      start: '09:00',
      speed: 120,
      until: '17:00',
      citizens: 300,
      windows: 6,
      log: () => undefined,
    });
    running = simulator.run();
  }, 180_000);

  afterAll(async () => {
    simulator?.stop();
    await running?.catch(() => undefined);
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    expect(errors.flat()).toEqual([]);
  });

  it('shows calls on the hall display as the clerks make them', async () => {
    const display = await open({ width: 1920, height: 1080 }, false);
    await display.goto(`/display?token=${encodeURIComponent(DISPLAY_TOKEN)}`);
    await display.getByText('示范区政务服务中心').waitFor();
    // The screen's clock is the hall's, on the demo clock, not the computer's (read again every 10 s).
    await display.locator('.display-clock').filter({ hasText: '2026年3月3日星期二' }).waitFor({ timeout: 60_000 });
    // A call of the simulated clerks (请A012号到3号窗口办理), then more of them in the list of last calls.
    await waitForText(display.getByTestId('display-call'), /[A-EZ]\d{3}/);
    await display
      .locator('.display-recent')
      .filter({ hasText: /[A-EZ]\d{3}[\s\S]*[A-EZ]\d{3}[\s\S]*[A-EZ]\d{3}/ })
      .waitFor({ timeout: 30_000 });
    await display
      .locator('.display-waiting-row')
      .filter({ hasText: /[1-9]\d* 人/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(display, 'living-hall-display');
  });

  it('fills the manager dashboard: the live monitor and the measures of the day', async () => {
    const page = await open({ width: 1440, height: 1800 }, true);
    await page.goto('/login');
    await page.getByLabel('用户名', { exact: true }).fill('manager');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/backoffice');
    await page.getByRole('link', { name: '大厅管理' }).click();
    await page.waitForURL('**/manager');
    const tile = (title: string) => page.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) });
    await waitForText(tile('当前等候'), /[1-9]/);
    // The measures of the period (today): tickets called and 好差评 from the simulated citizens.
    const queueCard = page.locator('.measure-card').filter({ hasText: '各时段等候时长' });
    await queueCard.locator('.ant-statistic').filter({ hasText: '叫号数' }).filter({ hasText: /[1-9]/ }).waitFor({ timeout: 30_000 });
    await page.locator('.measure-card').filter({ hasText: '好差评' }).locator('canvas').first().waitFor();
    await screenshot(page, 'living-hall-manager');
    expect(simulator.report.tickets.called).toBeGreaterThan(0);
  });
});
