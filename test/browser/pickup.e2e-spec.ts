import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { Clock } from '../../src/common/time/clock';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot, waitForText, itWithPictures } from '../support/browser';
import { apply, caseMove, checklist, ItemShape, itemsByName, LI_SI, local, ok, ZHANG_SAN } from '../support/case-helpers';
import { ManualClock } from '../support/manual-clock';
import { auth } from '../support/queue-helpers';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

interface CaseBody {
  id: string;
  caseNumber: string;
  queryCode: string;
  pickupCode: string | null;
  status: string;
}

/** 统一出件 and the citizen's case page in a real browser, the case moved along through the API as its staff would. */
describeInBrowser("web client: the citizen's case page and the unified pickup window", () => {
  const clock = new ManualClock(local('2026-03-02T09:30:00'));
  let server: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let items: Record<string, ItemShape>;
  let clerk: string;
  let approver: string;
  let food: CaseBody;
  let mailed: CaseBody;

  beforeAll(async () => {
    server = await startTestServer({
      overrides: [{ provide: Clock, useValue: clock }],
      env: { CASE_SWEEP_INTERVAL_SECONDS: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    browser = await launchBrowser();
    items = await itemsByName(server);
    [clerk, approver] = await Promise.all([server.login('clerk1'), server.login('approver-scjg')]);
    const accept = async (applicant: object, delivery: string) => {
      const item = items['食品经营许可'];
      const {
        cases: [c],
      } = await ok<{ cases: CaseBody[] }>(
        apply(server, clerk, {
          applicant,
          items: [{ itemId: item.id, materials: checklist(item), decision: 'accept', delivery }],
        }),
        201,
      );
      return c;
    };
    food = await accept(ZHANG_SAN, 'window');
    mailed = await accept(LI_SI, 'express');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Through the steps to the decision: the result goes to the pickup windows with a pickup code (the query code stays the clerk's to know). */
  async function approve(c: CaseBody, from = 0): Promise<CaseBody> {
    const moves = ['claim', 'advance', 'advance'].slice(from);
    for (const move of moves) await ok(caseMove(server, approver, c.id, move));
    return { ...c, ...(await ok<CaseBody>(caseMove(server, approver, c.id, 'decision', { decision: 'approve' }))) };
  }

  async function open(options: { phone?: boolean } = {}) {
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...(options.phone
        ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
        : { viewport: { width: 1440, height: 900 } }),
    });
    await context.clock.install({ time: clock.now() });
    page = await context.newPage();
    errors = consoleErrors(page);
  }
  afterEach(async () => {
    await context?.close();
    expect(errors).toEqual([]);
  });

  const test = (name: string, fn: () => Promise<void>) => itWithPictures(name, () => [page], fn, 120_000);

  const status = () => page.getByRole('status');

  /** Straight to the pickup page (a clerk's home is the window console). */
  async function signInForPickup() {
    await page.goto('/login?next=%2Fpickup');
    await page.getByLabel('用户名', { exact: true }).fill('clerk2');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/pickup');
  }

  test('the citizen looks the case up by number and query code, then follows it live to the pickup code', async () => {
    await open({ phone: true });
    await page.goto('/case');
    await page.getByLabel('办件编号').fill(food.caseNumber);
    await page.getByLabel('查询码').fill('AAAAAAAA');
    await page.getByLabel('查询码').press('Enter');
    await page.getByRole('alert').filter({ hasText: '办件不存在或查询码不正确' }).waitFor();
    await page.getByLabel('查询码').fill(food.queryCode.toLowerCase());
    await page.getByLabel('查询码').press('Enter');
    await waitForText(status(), '已受理');
    await waitForText(page.locator('.case-section'), '张*', '110***********002X', '2026-03-16 17:30', '承办', '审核', '批准');
    expect(await page.getByText('张三').count()).toBe(0);
    await page.getByText('实时更新中').waitFor();
    await screenshot(page, 'case-page-accepted');

    // No reload from here on: each move reaches the page over socket.io.
    await ok(caseMove(server, approver, food.id, 'claim'));
    await waitForText(status(), '审查中');
    food = await approve(food, 1);
    await waitForText(status(), '已办结，待领取');
    await waitForText(page.locator('.pickup-code'), food.pickupCode!);
    await page.getByText('请对本次办件服务作出评价').waitFor();
    await screenshot(page, 'case-page-ready');

    await page.locator('.rating-stars .ant-rate-star').nth(4).click();
    await page.getByLabel('意见或建议').fill('窗口人员很耐心，承诺时间内就办好了');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('感谢您的评价').waitFor();
    await waitForText(page.locator('.case-section'), '非常满意');
    const [rating] = await server.dataSource.query(`select score, channel, comment from ratings where case_id = $1`, [food.id]);
    expect(rating).toEqual({ score: 5, channel: 'case', comment: '窗口人员很耐心，承诺时间内就办好了' });
    await screenshot(page, 'case-page-rated');
  });

  test('the pickup clerk finds the result by pickup code, is refused a wrong ID number, hands it over and prints the slip', async () => {
    const citizen = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const citizenPage = await citizen.newPage();
    const citizenErrors = consoleErrors(citizenPage);
    await citizenPage.goto(`/case?no=${food.caseNumber}&code=${food.queryCode}`);
    await citizenPage.getByRole('status').filter({ hasText: '已办结，待领取' }).waitFor();

    await open();
    await signInForPickup();
    await waitForText(page.getByRole('row'), food.caseNumber);
    await page.getByRole('button', { name: '在 11号统一出件窗口 开窗' }).click();
    await page.getByText('您正在 11号统一出件窗口 当班').waitFor();

    await page.getByRole('textbox', { name: '取件码' }).fill(food.pickupCode!.toLowerCase());
    await page.getByRole('textbox', { name: '取件码' }).press('Enter');
    const found = page.locator('.pickup-found').getByRole('row').filter({ hasText: food.caseNumber });
    await waitForText(found, '张*', '110***********002X', '准予许可');
    await found.getByRole('button', { name: /办\s*理/ }).click();

    const idField = page.getByRole('textbox', { name: '核验证件号码' });
    await idField.fill('11010519491231003X');
    await page.getByRole('button', { name: '核验并发放' }).click();
    await page.getByRole('alert').filter({ hasText: '证件号码与申请人不符，不能领取' }).waitFor();
    await screenshot(page, 'pickup-identity-refused');

    const [slip] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: '打印取件凭条' }).click()]);
    await slip.getByText('取件凭条').first().waitFor();
    expect(await slip.content()).toContain(food.pickupCode);
    await slip.close();

    await idField.fill(ZHANG_SAN.idNumber.toLowerCase());
    await page.getByRole('button', { name: '核验并发放' }).click();
    await page.getByText(`办件 ${food.caseNumber}：已领取`).waitFor();
    await screenshot(page, 'pickup-handed-over');
    await citizenPage.getByRole('status').filter({ hasText: '已领取' }).waitFor();
    const events = await ok<{ move: string }[]>(server.http.get(`/api/cases/${food.id}/events`).set(auth(approver)));
    expect(events.map((e) => e.move)).toEqual(expect.arrayContaining(['identity_check_failed', 'hand_over']));
    await citizen.close();
    expect(citizenErrors).toEqual([]);
  });

  test('finds a result by ID number and records its mailing by express', async () => {
    mailed = await approve(mailed);
    await open();
    await signInForPickup();
    await page.getByText('证件号码', { exact: true }).click();
    await page.getByRole('textbox', { name: '申请人证件号码' }).fill(LI_SI.idNumber);
    await page.getByRole('button', { name: /查\s*找/ }).click();
    const found = page.locator('.pickup-found').getByRole('row').filter({ hasText: mailed.caseNumber });
    await waitForText(found, '李*', '邮寄送达');
    await found.getByRole('button', { name: /办\s*理/ }).click();
    await page.getByRole('tab', { name: '邮寄送达', selected: true }).waitFor();
    await page.getByRole('combobox', { name: '快递公司' }).fill('EMS');
    await page.getByRole('textbox', { name: '快递单号' }).fill('1187654321098');
    await page.getByRole('button', { name: '登记邮寄' }).click();
    await page.getByText(`办件 ${mailed.caseNumber}：已寄出`).waitFor();
    await screenshot(page, 'pickup-mailed');
    const stored = await ok<CaseBody & { carrier: string; trackingNumber: string }>(
      server.http.get(`/api/cases/${mailed.id}`).set(auth(approver)),
    );
    expect(stored).toMatchObject({ status: 'mailed', carrier: 'EMS', trackingNumber: '1187654321098' });
  });
});
