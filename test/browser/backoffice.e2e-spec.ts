import { readFileSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { CaseSweepService } from '../../src/cases/case-sweep.service';
import { Clock } from '../../src/common/time/clock';
import { consoleErrors, describeInBrowser, launchBrowser, openedDialog, screenshot, waitForText, itWithPictures } from '../support/browser';
import { apply, caseMove, checklist, ItemShape, itemsByName, local, ok, ZHANG_SAN } from '../support/case-helpers';
import { ManualClock } from '../support/manual-clock';
import { auth, hallRefs, issue, KIOSK_TOKEN } from '../support/queue-helpers';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

interface CaseBody {
  id: string;
  caseNumber: string;
  queryCode: string;
  warningLevel: string;
  status: string;
}

/**
 * 后台审批 and 大厅管理 in a real browser: the server runs on a manual clock, and the browser's
 * clock is set to the same instant, so that the countdowns and the server's warning levels agree.
 */
describeInBrowser('web client: the back office and the manager dashboard', () => {
  const clock = new ManualClock(local('2026-01-05T10:00:00'));
  let server: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let items: Record<string, ItemShape>;
  let clerk: string;
  let approver: string;
  const fixtures = {} as Record<'redCard' | 'red' | 'yellow' | 'approve' | 'pushed' | 'owed' | 'otherDept', CaseBody>;

  async function accept(itemName: string, applicantName: string, missing: string[] = []): Promise<CaseBody> {
    const item = items[itemName];
    const {
      cases: [c],
    } = await ok<{ cases: CaseBody[] }>(
      apply(server, clerk, {
        applicant: { ...ZHANG_SAN, name: applicantName },
        items: [{ itemId: item.id, materials: checklist(item, missing), decision: 'accept' }],
      }),
      201,
    );
    return c;
  }

  beforeAll(async () => {
    server = await startTestServer({
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    browser = await launchBrowser();
    items = await itemsByName(server);
    [clerk, approver] = await Promise.all([server.login('clerk1'), server.login('approver-scjg')]);

    // 食品经营许可: promised 10, legal 20 working days. Accepted at different times, they stand at
    // every warning level on Monday 2 March 2026 (the 2026 Spring Festival holiday is 15–23 Feb).
    fixtures.redCard = await accept('食品经营许可', '周红牌');
    clock.set(local('2026-02-09T10:00:00'));
    fixtures.red = await accept('食品经营许可', '吴超期');
    clock.set(local('2026-02-12T10:00:00'));
    fixtures.yellow = await accept('食品经营许可', '郑预警');
    clock.set(local('2026-03-02T09:00:00'));
    fixtures.approve = await accept('食品经营许可', '王审批');
    fixtures.pushed = await accept('食品经营许可', '冯推送');
    fixtures.owed = await accept('食品经营许可', '陈容缺', ['食品安全管理人员健康证明']);
    fixtures.otherDept = await accept('建筑工程施工许可', '褚住建');
    await server.app.get(CaseSweepService).sweep();
    // The 容缺 case waits at its final step, claimed by the approver.
    for (const move of ['claim', 'advance', 'advance']) await ok(caseMove(server, approver, fixtures.owed.id, move));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    // The page's clock runs from the server's instant, so "time left" and the server's level tell the same story.
    await context.clock.install({ time: clock.now() });
    page = await context.newPage();
    errors = consoleErrors(page);
  });
  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  const test = (name: string, fn: () => Promise<void>) => itWithPictures(name, () => [page], fn, 120_000);

  async function signIn(username: string, landing: string) {
    await page.goto('/login');
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(`**${landing}`);
  }

  const row = (c: CaseBody) => page.getByRole('row').filter({ hasText: c.caseNumber });
  const drawer = () => page.locator('.ant-drawer-content');

  test("an approver sees only the department's cases, coloured by warning level, and filters them by level and due", async () => {
    const levels = (
      await ok<{ caseNumber: string; warningLevel: string }[]>(server.http.get(`/api/halls/${server.hallId}/work-list`).set(auth(approver)))
    ).reduce<Record<string, string>>((m, c) => ({ ...m, [c.caseNumber]: c.warningLevel }), {});
    expect(levels).toMatchObject({
      [fixtures.redCard.caseNumber]: 'red_card',
      [fixtures.red.caseNumber]: 'red',
      [fixtures.yellow.caseNumber]: 'yellow',
      [fixtures.approve.caseNumber]: 'green',
      [fixtures.pushed.caseNumber]: 'green',
    });

    await signIn('approver-scjg', '/backoffice');
    await page.getByText('市场监督管理局').first().waitFor();
    for (const [c, label, level] of [
      [fixtures.redCard, '严重超期', 'red_card'],
      [fixtures.red, '超期', 'red'],
      [fixtures.yellow, '预警', 'yellow'],
      [fixtures.approve, '正常', 'green'],
    ] as const) {
      await waitForText(row(c), label);
      expect(await row(c).getAttribute('class')).toContain(`warning-row-${level}`);
    }
    await waitForText(row(fixtures.red), '已超期');
    await waitForText(row(fixtures.approve), /剩余 14 天/);
    expect(await page.getByText(fixtures.otherDept.caseNumber).count()).toBe(0);
    expect(await page.getByTestId('count-red_card').innerText()).toBe('1');
    expect(await page.getByTestId('count-green').innerText()).toBe('3');
    // The four levels must be told apart by colour: no two tags share their background.
    // The callback runs in the page; the tests are typed without the DOM library, so its getComputedStyle is declared here.
    const { getComputedStyle } = globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } };
    const backgrounds = await page.locator('.warning-tag').evaluateAll((tags) => tags.map((tag) => getComputedStyle(tag).backgroundColor));
    expect(new Set(backgrounds).size).toBe(4);
    await screenshot(page, 'backoffice-worklist');

    await page.getByRole('checkbox', { name: /严重超期/ }).check();
    await row(fixtures.approve).waitFor({ state: 'detached' });
    await waitForText(row(fixtures.redCard), '严重超期');
    await page.getByRole('checkbox', { name: /严重超期/ }).uncheck();
    await row(fixtures.approve).waitFor();

    const due = page.getByRole('textbox', { name: '到期不晚于' });
    await due.click();
    await due.fill('2026-03-04');
    await due.press('Enter');
    await row(fixtures.approve).waitFor({ state: 'detached' });
    await row(fixtures.yellow).waitFor();
    await row(fixtures.red).waitFor();
    await screenshot(page, 'backoffice-filtered-by-due');
  });

  test('an approver claims a case, completes its steps and approves it: the row follows, then leaves the list', async () => {
    await signIn('approver-scjg', '/backoffice');
    await row(fixtures.approve).getByRole('button', { name: fixtures.approve.caseNumber }).click();
    await waitForText(drawer(), '王*批', '110***********002X', '食品经营许可申请书', '承办', '审核', '批准', '受理');

    await drawer()
      .getByRole('button', { name: /认\s*领/ })
      .click();
    await waitForText(row(fixtures.approve), '我');
    await drawer().getByRole('button', { name: '完成本环节' }).click();
    await waitForText(row(fixtures.approve), '审核 · 审查中');
    await drawer().getByRole('button', { name: '完成本环节' }).click();
    await waitForText(row(fixtures.approve), '批准 · 审查中');
    await waitForText(drawer(), '完成本环节');
    await screenshot(page, 'backoffice-case-drawer');

    await drawer().getByRole('button', { name: '作出审批决定' }).click();
    const dialog = await openedDialog(page, '作出审批决定');
    // A denial needs its reason and the remedies; the form says so before the server is asked.
    await dialog.getByRole('radio', { name: '不予许可' }).check();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await waitForText(dialog, '请输入不予许可的理由');
    await dialog.getByRole('radio', { name: '准予许可' }).check();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await waitForText(page.locator('.ant-message'), '审批决定已作出，办件已办结');
    await waitForText(page.locator('.ant-drawer-title'), '待出件');
    await row(fixtures.approve).waitFor({ state: 'detached' });
    const stored = await ok<CaseBody>(server.http.get(`/api/cases/${fixtures.approve.id}`).set(auth(approver)));
    expect(stored.status).toBe('ready_for_pickup');
  });

  test('a move the server refuses shows its Chinese message with the moves allowed now', async () => {
    await signIn('approver-scjg', '/backoffice');
    await row(fixtures.owed).getByRole('button', { name: fixtures.owed.caseNumber }).click();
    await waitForText(drawer(), '容缺后补材料', '食品安全管理人员健康证明', '待补交');
    await drawer().getByRole('button', { name: '作出审批决定' }).click();
    const dialog = await openedDialog(page, '作出审批决定');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await waitForText(page.locator('.ant-message'), '容缺材料尚未补齐，不能作出准予决定或办结。当前可执行：挂起、不予许可');
    await screenshot(page, 'backoffice-refused-move');
  });

  test("a warning level raised by the server's sweep recolours the row without a reload", async () => {
    await signIn('approver-scjg', '/backoffice');
    await waitForText(row(fixtures.pushed), '正常');
    // The rows come before the subscription is in place; a push sent before it would be lost (the
    // resync reloads the rows, but the notification is never shown).
    await waitForText(page.locator('.live-indicator'), '实时更新中');
    await page.evaluate('window.notReloaded = true');

    // A third of the promised time is left from about 15:10 on Wednesday 11 March.
    clock.set(local('2026-03-11T15:11:00'));
    await context.clock.setSystemTime(clock.now());
    await server.app.get(CaseSweepService).sweep();
    await waitForText(row(fixtures.pushed), '预警');
    expect(await row(fixtures.pushed).getAttribute('class')).toContain('warning-row-yellow');
    await waitForText(page.locator('.ant-notification-notice'), `办件 ${fixtures.pushed.caseNumber} 预警等级变为「预警」`);
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    await screenshot(page, 'backoffice-warning-pushed');
  });
  test('an approver suspends a case for a special procedure and resumes it, then asks for an extension that a manager grants', async () => {
    await signIn('approver-scjg', '/backoffice');
    await row(fixtures.pushed).getByRole('button', { name: fixtures.pushed.caseNumber }).click();
    await drawer()
      .getByRole('button', { name: /认\s*领/ })
      .click();
    await drawer()
      .getByRole('button', { name: /挂\s*起/ })
      .click();
    const suspend = await openedDialog(page, '挂起');
    await suspend.getByRole('radio', { name: '特别程序' }).check();
    const procedure = suspend.getByRole('combobox', { name: '特别程序种类' });
    await procedure.fill('专家');
    await page.locator('.ant-select-item-option-active').filter({ hasText: '专家评审' }).waitFor();
    await procedure.press('Enter');
    await suspend.getByLabel('挂起理由').fill('组织专家评审经营场所布局');
    await suspend.getByLabel('预计时长（工作日）').fill('3');
    await suspend.getByRole('button', { name: /保\s*存/ }).click();
    await waitForText(row(fixtures.pushed), '已挂起', '计时暂停');
    await waitForText(drawer(), '挂起记录', '专家评审', '组织专家评审经营场所布局', '预计 3 个工作日');

    await drawer().getByRole('button', { name: '恢复计时' }).click();
    await waitForText(row(fixtures.pushed), '审查中');
    await drawer().getByRole('button', { name: '申请延期' }).click();
    const extension = await openedDialog(page, '申请延期');
    await extension.getByLabel('延期理由').fill('需要专家评审，二十日内不能作出决定');
    await extension.getByRole('button', { name: /保\s*存/ }).click();
    await waitForText(drawer(), '申请延期 10 个工作日，待大厅管理者审批');

    const approverContext = context;
    context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await context.clock.install({ time: clock.now() });
    const approverPage = page;
    page = await context.newPage();
    const managerErrors = consoleErrors(page);
    await signIn('manager', '/backoffice');
    await row(fixtures.pushed).getByRole('button', { name: fixtures.pushed.caseNumber }).click();
    await drawer().getByRole('button', { name: '批准延期' }).click();
    const grant = await openedDialog(page, '批准延期');
    await grant.getByRole('button', { name: /保\s*存/ }).click();
    await grant.waitFor({ state: 'hidden' });
    await waitForText(drawer(), '已延期 10 个工作日');
    await screenshot(page, 'backoffice-extension-granted');
    expect(managerErrors).toEqual([]);
    await context.close();
    [context, page] = [approverContext, approverPage];

    // The approver's open drawer follows the manager's grant (a push about this case).
    await waitForText(drawer(), '已延期 10 个工作日', '批准延期');
    const stored = await ok<{ extended: boolean; suspensions: { toAt: string | null }[] }>(
      server.http.get(`/api/cases/${fixtures.pushed.id}`).set(auth(approver)),
    );
    expect(stored).toMatchObject({ extended: true, suspensions: [{ toAt: expect.any(String) }] });
  });

  test('the manager dashboard shows the live monitor, the measures, the overdue cases with their history, and works a 差评', async () => {
    // Ratings of the period: the approved case 非常满意, an instant case 不满意 (which opens a rectification task).
    const instant = await accept('企业设立登记', '蒋即办');
    await ok(
      server.http
        .post('/api/cases/rating')
        .send({ caseNumber: fixtures.approve.caseNumber, queryCode: fixtures.approve.queryCode, score: 5 }),
      201,
    );
    await ok(
      server.http.post('/api/cases/rating').send({
        caseNumber: instant.caseNumber,
        queryCode: instant.queryCode,
        score: 2,
        reasons: ['等候时间长'],
        comment: '排队太久了',
      }),
      201,
    );
    // A queue: three waiting in A and one in C, one called at window 1.
    const refs = await hallRefs(server);
    for (const prefix of ['A', 'A', 'A', 'C'])
      await ok(issue(server, { categoryId: refs.category[prefix], source: 'kiosk' }, { token: KIOSK_TOKEN }), 201);
    await ok(server.http.post(`/api/windows/${refs.window[1]}/open`).set(auth(clerk)));
    await ok(server.http.post(`/api/windows/${refs.window[1]}/call-next`).set(auth(clerk)));

    await page.setViewportSize({ width: 1440, height: 2200 });
    await signIn('manager', '/backoffice');
    await page.getByRole('link', { name: '大厅管理' }).click();
    await page.waitForURL('**/manager');
    const tile = (title: string) => page.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) });
    await waitForText(tile('严重超期'), '1');
    await waitForText(tile('当前等候'), '3');
    await waitForText(tile('今日按时办结率'), '100');
    const waitingChart = page.getByRole('figure', { name: '各类别等候人数' });
    await waitingChart.locator('canvas').waitFor();
    expect(await waitingChart.locator('[aria-label]').first().getAttribute('aria-label')).toMatch(/A 企业开办与市场准入.*2/);

    const onTime = page.locator('.measure-card').filter({ hasText: '按时办结率趋势' });
    await waitForText(onTime.locator('.ant-statistic').filter({ hasText: '按时办结率' }), '100');
    await onTime.locator('canvas').waitFor();
    await waitForText(
      page.locator('.measure-card').filter({ hasText: '好差评' }).locator('.ant-statistic').filter({ hasText: '差评率' }),
      '50',
    );
    await waitForText(
      page.locator('.measure-card').filter({ hasText: '各时段等候时长' }).locator('.ant-statistic').filter({ hasText: '叫号数' }),
      '1',
    );

    const overdue = page.locator('.ant-card').filter({ hasText: '超期办件（' });
    for (const c of [fixtures.redCard, fixtures.red, fixtures.yellow, fixtures.otherDept])
      await overdue.getByRole('row').filter({ hasText: c.caseNumber }).waitFor();
    await waitForText(overdue.getByRole('row').filter({ hasText: fixtures.redCard.caseNumber }), '严重超期', '市场监督管理局');

    // Live: one more ticket and the monitor counts it, without a reload.
    await ok(issue(server, { categoryId: refs.category.C, source: 'kiosk' }, { token: KIOSK_TOKEN }), 201);
    await waitForText(tile('当前等候'), '4');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      onTime
        .getByRole('button', { name: '导出按时办结率趋势' })
        .click()
        .then(() => page.getByRole('menuitem', { name: 'CSV 文件' }).click()),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('合计');
    await screenshot(page, 'manager-dashboard');

    const task = page.getByRole('row').filter({ hasText: instant.caseNumber });
    await waitForText(task, '不满意', '等候时间长', '排队太久了', '待联系');
    await task.getByRole('button', { name: '登记联系' }).click();
    const dialog = await openedDialog(page, '登记联系');
    await dialog.getByLabel('备注').fill('已电话联系，群众表示理解');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await waitForText(task, '已联系');

    await overdue.getByRole('button', { name: fixtures.redCard.caseNumber }).click();
    await waitForText(drawer(), '周*牌', '预警等级变化', '严重超期', '指派承办人');
    await screenshot(page, 'manager-overdue-drill-down');
  });
});
