import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { Clock } from '../../src/common/time/clock';
import { erlangC } from '../../src/staffing/domain/erlang-c';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot, waitForText } from '../support/browser';
import { ManualClock } from '../support/manual-clock';
import { hallRefs } from '../support/queue-helpers';
import { morningOfA } from '../support/staffing-history';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

/**
 * 窗口配置 on /manager in a real browser. History as in test/staffing.e2e-spec.ts: 9, 10 and 11 A
 * tickets at 10:00 on three Mondays, served for 12 minutes; the page opens on Sunday 29 March
 * 2026, so it plans Monday 30 March (tomorrow) by default.
 */
describeInBrowser('web client: the staffing planner', () => {
  const clock = new ManualClock('2026-03-09T08:00:00+08:00');
  let server: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer({
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    browser = await launchBrowser();
    const refs = await hallRefs(server);
    const clerk = await server.login('clerk1');
    for (const [date, n] of [
      ['2026-03-09', 9],
      ['2026-03-16', 10],
      ['2026-03-23', 11],
    ] as const)
      await morningOfA(server, clock, refs, clerk, date, n, 2);
    clock.set('2026-03-29T15:00:00+08:00');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1440, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await context.clock.install({ time: clock.now() });
    page = await context.newPage();
    errors = consoleErrors(page);
  });
  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  it('forecasts the day, re-runs the model as the roster is edited, simulates and saves it', async () => {
    try {
      await page.goto('/login');
      await page.getByLabel('用户名', { exact: true }).fill('manager');
      await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.goto('/manager');
      // The overview's staff figures for March so far: 6 served over three mornings of 175 open minutes at window 3, walks of a minute.
      const staffTotal = page.locator('.staff-figures').getByRole('row').filter({ hasText: '合计' });
      await waitForText(staffTotal, /合计\s*6\s*1.2\s*1\s*8.75/);
      await page.locator('.staff-figures').getByText('按窗口').click();
      await waitForText(page.locator('.staff-figures').getByRole('row').filter({ hasText: '3号综合窗口' }), /3号综合窗口\s*6/);
      await page.locator('.staff-figures').scrollIntoViewIfNeeded();
      await screenshot(page, 'staff-figures');
      await page.getByRole('tab', { name: '窗口配置' }).click();

      const ten = page.locator('.staffing-table').getByRole('row').filter({ hasText: '10:00–11:00' });
      // Forecast 10 (9.2–10.8 between the 10th and 90th percentiles), 12 minutes, 4 windows planned by default, 3 needed.
      await waitForText(ten, '10 (9.2–10.8)', '12');
      await waitForText(page.locator('.staffing-basis'), '2026-03-09、2026-03-16、2026-03-23', '平均办理时长 12 分钟');
      const share = (windows: number) =>
        `${Math.round(erlangC({ arrivalsPerMinute: 10 / 60, meanServiceMinutes: 12, windows, targetWaitMinutes: 20 }).withinTargetShare * 1000) / 10}%`;
      await waitForText(ten, share(4), '50%');
      expect(await ten.getByRole('spinbutton').inputValue()).toBe('4');
      await page.locator('.staffing-planner figure.chart canvas').waitFor();
      await screenshot(page, 'staffing-planner');

      // Three windows at 10:00: the what-if route answers at once; two could not keep up (a = 2 Erlangs).
      await ten.getByRole('spinbutton').fill('3');
      await waitForText(ten, share(3), '66.7%');
      await ten.getByRole('spinbutton').fill('2');
      await waitForText(ten, '窗口不足，队伍无法排空', '无法排空');
      await ten.getByRole('spinbutton').fill('3');
      await waitForText(ten, share(3));
      // Simulated figures beside the model's.
      await page.getByRole('button', { name: /仿真验证/ }).click();
      await waitForText(ten, /\d+(\.\d)?%.*\d+(\.\d)?%/);
      await screenshot(page, 'staffing-planner-simulated');
      await page.getByRole('button', { name: /保存排班/ }).click();
      await page.getByText('排班已保存').waitFor();
      const saved = await server.dataSource.query(`select windows from staffing_roster where hour = 10 and category_id = $1`, [
        (await hallRefs(server)).category.A,
      ]);
      expect(saved).toEqual([{ windows: 3 }]);
      await waitForText(ten, share(3));
      await screenshot(page, 'staffing-planner-edited');

      // Erlang A, with its patience.
      // By keyboard, as clicking an option races the dropdown's opening animation on a busy machine.
      const modelPicker = page.getByRole('combobox', { name: '排队模型' });
      await modelPicker.focus();
      await modelPicker.press('ArrowDown');
      await page.locator('.ant-select-item-option-active').waitFor();
      await modelPicker.press('ArrowDown');
      await page.locator('.ant-select-item-option-active').filter({ hasText: 'Erlang A' }).waitFor();
      await modelPicker.press('Enter');
      await page.getByRole('spinbutton', { name: '平均耐心' }).waitFor();
      await waitForText(ten, /%/);
      await screenshot(page, 'staffing-planner-erlang-a');
    } catch (err) {
      await screenshot(page, 'failed-staffing-planner').catch(() => undefined);
      throw err;
    }
  }, 180_000);
});
