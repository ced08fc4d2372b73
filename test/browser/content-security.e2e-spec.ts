import { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-hall.data';
import { CLIENT_CSP } from '../../src/common/http/security-headers';
import { Clock } from '../../src/common/time/clock';
import { consoleErrors, describeInBrowser, launchBrowser, screenshot } from '../support/browser';
import { hallFixtures, HallFixtures } from '../support/hall-fixtures';
import { DISPLAY_TOKEN, KIOSK_TOKEN } from '../support/queue-helpers';
import { TestApp } from '../support/test-app';
import { startTestServer } from '../support/test-server';

/** The hall's time from a Monday morning inside the issuing hours, at the real pace. */
class RunningClock extends Clock {
  private readonly startedAt = Date.now();
  constructor(private readonly start: string) {
    super();
  }
  now(): Date {
    return new Date(new Date(this.start).getTime() + (Date.now() - this.startedAt));
  }
}

// Page script, as text (this file is compiled without the DOM's types): every violation the page reports.
const RECORD_VIOLATIONS = `window.violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

/** The client's two ways of showing a notice (src/cases/print-document.ts, src/pages/console/notices.ts), as text. */
const WRITE_NOTICE = `async ([url, token]) => {
  const target = window.open('', '_blank');
  const html = await (await fetch(url, { headers: { authorization: 'Bearer ' + token } })).text();
  target.document.open(); target.document.write(html); target.document.close();
}`;
const BLOB_NOTICE = `async ([url, token]) => {
  const tab = window.open('', '_blank');
  const html = await (await fetch(url, { headers: { authorization: 'Bearer ' + token } })).text();
  tab.location.href = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
}`;

/**
 * The Content-Security-Policy and the other headers (issue 19) do not stop the client: every page
 * renders (antd's run-time styles, ECharts, socket.io, the printed notices' inline style and SVG)
 * with no violation reported by Chromium.
 */
describeInBrowser('the client under its Content-Security-Policy', () => {
  let server: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let fixtures: HallFixtures;
  const errors: string[][] = [];

  async function violations(page: Page): Promise<string[]> {
    return page.evaluate('window.violations ?? []') as Promise<string[]>;
  }

  beforeAll(async () => {
    server = await startTestServer({ overrides: [{ provide: Clock, useValue: new RunningClock('2026-03-02T09:30:00+08:00') }] });
    fixtures = await hallFixtures(server);
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
    });
    await context.addInitScript({ content: RECORD_VIOLATIONS });
    // Popups too (the printed notices): Chromium reports a violation on the console as an error.
    context.on('page', (page) => errors.push(consoleErrors(page)));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the client with its policy and the other headers', async () => {
    const page = await context.newPage();
    const response = await page.goto('/login');
    const headers = response!.headers();
    expect(headers['content-security-policy']).toBe(CLIENT_CSP);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await page.getByText('工作人员登录').waitFor();
    await screenshot(page, 'csp-login');
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('renders the manager dashboard with its ECharts charts and live monitor', async () => {
    const page = await context.newPage();
    await page.goto('/login?next=%2Fmanager');
    await page.getByLabel('用户名', { exact: true }).fill('manager');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/manager');
    await page.getByRole('figure', { name: '各类别等候人数' }).locator('canvas').waitFor();
    await screenshot(page, 'csp-manager-dashboard');
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it("renders the kiosk, the hall display and the citizen's ticket page, live over socket.io", async () => {
    const kiosk = await context.newPage();
    await kiosk.goto(`/kiosk?token=${encodeURIComponent(KIOSK_TOKEN)}`);
    await kiosk.getByText('企业开办与市场准入').first().waitFor();
    await screenshot(kiosk, 'csp-kiosk');
    const display = await context.newPage();
    await display.goto(`/display?token=${encodeURIComponent(DISPLAY_TOKEN)}`);
    await display.getByText('1号').first().waitFor();
    await screenshot(display, 'csp-display');
    const phone = await context.newPage();
    await phone.goto(`/t/${fixtures.ids.accessCode}`);
    await phone
      .getByText(/A\d{3}/)
      .first()
      .waitFor();
    await screenshot(phone, 'csp-ticket-page');
    for (const page of [kiosk, display, phone]) {
      expect(await violations(page)).toEqual([]);
      await page.close();
    }
  });

  it('shows a printed notice, written into a new window or opened as a blob, with its style and QR code', async () => {
    const clerk = await server.login('clerk1');
    const page = await context.newPage();
    await page.goto('/login');
    const url = `/api/cases/${fixtures.ids.caseId}/documents/acceptance-notice`;
    for (const [how, script] of [
      ['written', WRITE_NOTICE],
      ['blob', BLOB_NOTICE],
    ] as const) {
      const [notice] = await Promise.all([context.waitForEvent('page'), page.evaluate(`(${script})(${JSON.stringify([url, clerk])})`)]);
      await notice.getByText('受理通知书').first().waitFor();
      await notice.locator('.qr svg').waitFor();
      // The notice's own style applied: the QR code is 32 mm wide, not the SVG's default.
      const box = await notice.locator('.qr svg').boundingBox();
      expect(Math.round(box!.width)).toBe(121);
      await screenshot(notice, `csp-notice-${how}`);
      await notice.close();
    }
    await page.close();
  });

  it("renders the API's Swagger UI", async () => {
    const page = await context.newPage();
    await page.goto('/api/docs');
    await page.getByText('OneWindow 一窗通办 API').first().waitFor();
    await page.locator('.opblock').first().waitFor();
    await screenshot(page, 'csp-swagger');
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('reported no violation and no error on any page', () => {
    expect(errors.flat()).toEqual([]);
  });
});
