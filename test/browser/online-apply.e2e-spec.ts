import { Browser, BrowserContext, Page } from 'playwright-core';
import { Clock } from '../../src/queue/clock';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot } from '../support/browser';
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
    const [, caseNumber, queryCode] = /办件编号 (\S+) · 查询码 (\S+)/.exec(subtitle)!;

    const clerk = await server.login('clerk1');
    const waiting = await ok<{ id: string; caseNumber: string }[]>(
      server.http.get(`/api/halls/${server.hallId}/pre-examinations`).set(auth(clerk)),
    );
    const c = waiting.find((w) => w.caseNumber === caseNumber)!;
    await ok(
      server.http
        .post(`/api/cases/${c.id}/pre-examination`)
        .set(auth(clerk))
        .send({ decision: 'correct', missingMaterials: ['营业执照正副本：照片不清晰'] }),
    );
    await ok(
      server.http
        .post('/api/case-materials/2/files')
        .query({ no: caseNumber, code: queryCode })
        .attach('file', await pdfOf(1), '执照.pdf'),
      201,
    );
    await ok(server.http.post('/api/case-resubmission').query({ no: caseNumber, code: queryCode }));
    expect(await ok(server.http.post(`/api/cases/${c.id}/pre-examination`).set(auth(clerk)).send({ decision: 'pass' }))).toMatchObject({
      status: 'accepted',
    });

    await page.getByRole('link', { name: '查看办件进度' }).click();
    await page.getByText(caseNumber).first().waitFor();
    await screenshot(page, 'online-apply-case-page');
  }, 180_000);
});
