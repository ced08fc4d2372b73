import { Browser, BrowserContext, Page } from 'playwright-core';
import { Clock } from '../../src/common/time/clock';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot, signIn } from '../support/browser';
import { local, ok, residentId } from '../support/case-helpers';
import { ManualClock } from '../support/manual-clock';
import { JPEG, pdfOf } from '../support/material-fixtures';
import { auth } from '../support/queue-helpers';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

/** 网上申办 on a phone: /apply with a photo and a PDF, 补正 and re-upload, the pass, and the case page. */
describeInBrowser('web client: online application', () => {
  const clock = new ManualClock(local('2026-03-02T09:30:00'));
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
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await context?.close();
    // A refused request (the wrong check character sent anyway) is reported by the browser itself.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('a citizen applies on /apply, a clerk asks for 补正, the citizen re-uploads, the clerk passes it', async () => {
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    page = await context.newPage();
    errors = consoleErrors(page);
    await page.goto(`/apply?hall=${server.hallId}`);
    await page.getByPlaceholder('输入事项名称或编码').fill('变更');
    await page.keyboard.press('Enter');
    // antd spaces a two-character label: 申 办.
    await page.getByRole('button', { name: /^申\s*办$/ }).click();
    await page.getByText('一次性告知').waitFor();

    const inputs = page.locator('input[type=file]');
    expect(await inputs.first().getAttribute('accept')).toBe('image/*,application/pdf');
    expect(await inputs.first().getAttribute('capture')).toBe('environment');
    await inputs.nth(0).setInputFiles({ name: '申请书.pdf', mimeType: 'application/pdf', buffer: await pdfOf(2) });
    await page.getByText('申请书.pdf · 2p').waitFor();
    await inputs.nth(1).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await page.getByText('photo.jpg · 1p').waitFor();

    await page.getByLabel('申请人姓名').fill('张三');
    const good = residentId('11010519491231002');
    await page.getByLabel('居民身份证号码').fill(`${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`);
    await page.getByText('校验码不正确').waitFor();
    await page.getByLabel('居民身份证号码').fill(good);
    // The third material is missing: the server names it.
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByRole('alert').filter({ hasText: '以下必要材料尚未上传' }).waitFor();
    await screenshot(page, 'online-apply-missing');
    await inputs.nth(2).setInputFiles({ name: 'licence.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await page.getByText('licence.jpg · 1p').waitFor();
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('申请已提交，等待网上预审').waitFor();
    await screenshot(page, 'online-apply-done');
    const subtitle = await page.locator('.ant-result-subtitle').innerText();
    const [, caseNumber] = /办件编号 (\S+) · 查询码 (\S+)/.exec(subtitle)!;

    // The clerk on /pre-exam (a desktop) sends it back for 补正, naming what is wrong with the third material.
    const clerkContext = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
    });
    const clerkPage = await clerkContext.newPage();
    const clerkErrors = consoleErrors(clerkPage);
    await signIn(clerkPage, 'clerk1', '/pre-exam');
    await clerkPage.getByRole('cell', { name: caseNumber }).click();
    await clerkPage.getByRole('button', { name: /^通\s*过$/ }).waitFor();
    await screenshot(clerkPage, 'online-pre-exam-case');
    await clerkPage.getByRole('button', { name: /^补\s*正$/ }).click();
    // Nothing written against any material: the server refuses, and its message is shown.
    await clerkPage.getByRole('button', { name: '发送补正告知' }).click();
    await clerkPage.getByRole('alert').first().waitFor();
    await screenshot(clerkPage, 'online-pre-exam-refused');
    await clerkPage.locator('.pre-exam-decision input').nth(2).fill('照片不清晰');
    await screenshot(clerkPage, 'online-pre-exam-correct');
    await clerkPage.getByRole('button', { name: '发送补正告知' }).click();
    await clerkPage.getByText('已通知申请人补正').waitFor();
    await clerkPage.getByText('暂无待预审的办件').waitFor();

    // The citizen sees the 补正 list on /case, re-uploads the third material and resubmits.
    await page.getByRole('link', { name: '查看办件进度' }).click();
    await page.getByText('网上补正').waitFor();
    await page
      .getByText(/照片不清晰/)
      .first()
      .waitFor();
    const correction = page.locator('.case-section').filter({ hasText: '网上补正' });
    await correction
      .locator('input[type=file]')
      .nth(2)
      .setInputFiles({ name: '执照.pdf', mimeType: 'application/pdf', buffer: await pdfOf(1) });
    await page.getByText('已上传 执照.pdf').waitFor();
    await screenshot(page, 'online-apply-correction');
    await page.getByRole('button', { name: /重新提交/ }).click();
    await page.getByText('网上补正').waitFor({ state: 'detached' });

    // Back on the clerk's list, live, marked as resubmitted once; the clerk passes it.
    await clerkPage.getByText('补正后重交 1 次').waitFor();
    await clerkPage.getByRole('cell', { name: caseNumber }).click();
    await clerkPage.getByRole('button', { name: /^通\s*过$/ }).waitFor();
    await screenshot(clerkPage, 'online-pre-exam-resubmitted');
    await clerkPage.getByRole('button', { name: /^通\s*过$/ }).click();
    await clerkPage.getByText('预审通过，已受理').waitFor();
    const clerk = await server.login('clerk1');
    const waiting = await ok<{ caseNumber: string }[]>(server.http.get(`/api/halls/${server.hallId}/pre-examinations`).set(auth(clerk)));
    expect(waiting.map((w) => w.caseNumber)).not.toContain(caseNumber);
    await clerkContext.close();
    expect(clerkErrors.filter((e) => !e.includes('status of 400'))).toEqual([]);

    await page.getByText(caseNumber).first().waitFor();
    await page.getByText('网上补正').waitFor({ state: 'detached' });
    await screenshot(page, 'online-apply-case-page');
  }, 180_000);
});
